/**
 * Before/after pictures of approved scripts as PNG files in `<data-dir>/pictures/` (v0.2): named after the
 * approval request (`<request-id>-before.png`), written atomically, the newest `keep` files kept (pruned in
 * batches: at most a tenth more in between).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PictureWhich } from '../../../shared/approvals';
import { HubError } from '../errors';

export const PICTURES_DIR = 'pictures';
/** 200 before/after pairs. */
export const DEFAULT_KEEP_PICTURES = 400;
/** A stored picture's name; anything else is refused (no path can be named through the panel API). */
export const PICTURE_NAME = /^[0-9a-f-]{8,64}-(before|after)\.png$/;

/** The stored name of one picture of an approval request. */
export function pictureName(requestId: string, which: PictureWhich): string {
  const name = `${requestId.toLowerCase()}-${which}.png`;
  if (!PICTURE_NAME.test(name)) throw new HubError('INVALID_ARGS', `not a request id: "${requestId}"`);
  return name;
}

export class PictureStore {
  readonly dir: string;
  private pruning: Promise<void> | null = null;
  private pruneAgain = false;
  /** Files stored as far as this process knows (null: not counted yet). */
  private count: number | null = null;

  /** @param keep how many files to keep (default 400: 200 pairs); older ones are deleted after each write. */
  constructor(
    dataDir: string,
    private readonly keep = DEFAULT_KEEP_PICTURES,
  ) {
    this.dir = join(dataDir, PICTURES_DIR);
  }

  /**
   * Writes a picture (temp file + rename: readers never see half of one). The oldest are pruned once the count
   * passes `keep` by a tenth, so a write does not list the folder each time.
   */
  async write(name: string, png: Uint8Array): Promise<void> {
    this.check(name);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = join(this.dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    await writeFile(tmp, png, { mode: 0o600, flag: 'wx' });
    await rename(tmp, join(this.dir, name));
    this.count = this.count === null ? (await this.list()).length : this.count + 1;
    if (this.count > this.keep + Math.ceil(this.keep / 10)) await this.prune();
  }

  /**
   * Reads a stored picture.
   * @throws HubError INVALID_ARGS for a name that is not a picture's; NOT_FOUND when it was pruned or never written.
   */
  async read(name: string): Promise<Buffer> {
    this.check(name);
    try {
      return await readFile(join(this.dir, name));
    } catch {
      throw new HubError('NOT_FOUND', `the picture ${name} is no longer stored (only the newest ${this.keep / 2} before/after pairs are kept)`);
    }
  }

  /** The stored pictures' names, oldest first. */
  async list(): Promise<string[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => PICTURE_NAME.test(n));
    } catch {
      return [];
    }
    const withTime = await Promise.all(names.map(async (n) => ({ n, t: await stat(join(this.dir, n)).then((s) => s.mtimeMs, () => -1) })));
    return withTime.filter((x) => x.t >= 0).sort((a, b) => a.t - b.t || a.n.localeCompare(b.n)).map((x) => x.n);
  }

  /** Deletes the oldest pictures beyond `keep` now; concurrent calls share one pass (and one more if asked meanwhile). */
  prune(): Promise<void> {
    if (this.pruning) {
      this.pruneAgain = true;
      return this.pruning;
    }
    this.pruning = (async () => {
      do {
        this.pruneAgain = false;
        const names = await this.list();
        await Promise.all(names.slice(0, Math.max(0, names.length - this.keep)).map((n) => rm(join(this.dir, n), { force: true })));
        this.count = Math.min(names.length, this.keep);
      } while (this.pruneAgain);
    })().finally(() => (this.pruning = null));
    return this.pruning;
  }

  private check(name: string): void {
    if (!PICTURE_NAME.test(name)) throw new HubError('INVALID_ARGS', `not a picture name: "${name}" (expected <request-id>-before.png or -after.png)`);
  }
}
