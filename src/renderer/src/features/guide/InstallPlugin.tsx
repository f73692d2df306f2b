import { useEffect, useState } from 'react';
import { hub } from '../../lib/hub-client';

type Found = { blender: { path: string }[]; mayaModulesDir: string };

/** One click per DCC found on this machine: Blender gets the add-on installed and enabled, Maya a module file. */
export function InstallPlugin() {
  const [found, setFound] = useState<Found | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<{ installedAt: string; next: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void hub()
      .invoke('plugins:list', {})
      .then(setFound)
      .catch((e: Error) => setError(e.message));
  }, []);
  const install = async (dcc: 'blender' | 'maya', path?: string): Promise<void> => {
    setBusy(dcc);
    setError(null);
    try {
      setDone(await hub().invoke('plugins:install', { dcc, ...(path ? { path } : {}) }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div>
      <div className="actions">
        {found?.blender.map((b) => (
          <button
            key={b.path}
            className="primary"
            disabled={busy !== null}
            onClick={() => void install('blender', b.path)}
            data-testid="install-blender"
            title={b.path}
          >
            {busy === 'blender' ? 'Installing in Blender…' : `Install in Blender (${b.path})`}
          </button>
        ))}
        <button
          disabled={busy !== null}
          onClick={() => void install('maya')}
          data-testid="install-maya"
          title={found?.mayaModulesDir}
        >
          Add the Maya module
        </button>
      </div>
      {found && found.blender.length === 0 ? (
        <p className="muted">
          No Blender found on PATH or in the usual folders: install the add-on by hand (below).
        </p>
      ) : null}
      {done ? (
        <p data-testid="install-done">
          ✓ Installed at <code>{done.installedAt}</code>. {done.next}
        </p>
      ) : null}
      {error ? (
        <p className="err" role="alert" data-testid="install-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
