import { useEffect } from 'react';
import type { InstanceView } from '../../../../shared/api';
import { clock } from '../../lib/format';
import { useInstancesStore } from '../../stores/instances-store';

/**
 * The live viewport picture of an instance that can capture: small in its row, large in its details. A failed
 * capture is a note (never a broken image); an instance that cannot capture shows nothing in its row.
 */
export function ViewportThumbnail({ instance: i, large = false }: { instance: InstanceView; large?: boolean }) {
  const t = i.goneAtMs === undefined ? i.thumbnail : undefined;
  const loadThumb = useInstancesStore((s) => s.loadThumb);
  const dataUrl = useInstancesStore((s) => s.thumbs[i.id]?.dataUrl ?? null);
  const rev = t?.hasImage ? t.rev : null;
  useEffect(() => {
    if (rev !== null) loadThumb(i.id, rev);
  }, [i.id, rev, loadThumb]);
  if (!t) {
    // Capabilities unknown (not connected yet, or a dcc-mcp-core row): say nothing rather than something wrong.
    return large && i.capabilities ? (
      <p className="muted" data-testid="thumbnail-unsupported">
        {i.goneAtMs === undefined ? 'This DCC cannot capture its viewport, so there is no picture of it.' : 'No picture: the DCC has left.'}
      </p>
    ) : null;
  }
  if (t.error) {
    return (
      <div className={`thumb-note ${large ? 'large' : 'small'}`} data-testid="thumbnail-error" title={t.error}>
        {large ? `No picture: ${t.error}` : 'no picture'}
      </div>
    );
  }
  if (!t.hasImage || !dataUrl) {
    return (
      <div className={`thumb-note ${large ? 'large' : 'small'}`} data-testid="thumbnail-pending">
        {large ? 'Taking a picture of the viewport…' : '…'}
      </div>
    );
  }
  const when = t.takenAtMs ? clock(t.takenAtMs) : '';
  return (
    <img
      className={`thumb ${large ? 'large' : 'small'}`}
      src={dataUrl}
      alt={`Viewport of ${i.displayName ?? i.dccType}${when ? `, taken at ${when}` : ''}`}
      title={when ? `Viewport at ${when}` : undefined}
      data-testid={large ? 'instance-thumbnail-large' : 'instance-thumbnail'}
      data-rev={t.rev}
    />
  );
}
