/**
 * Before/after pictures of approved runs (v0.2): "before" is the instance's fresh thumbnail when no scene change
 * was seen since it was taken (no DCC call, no delay), else one capture, bounded by `beforeTimeoutMs`; "after" is
 * captured once the run is over and the agent has its result. Both are stored as files and referenced from the
 * approval's history record (and its audit log), never the image bytes themselves.
 */
import type { PictureRef, PictureWhich } from '../../../shared/approvals';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import type { PicturePort } from '../mcp/ports';
import { pictureName, type PictureStore } from './picture-store';
import type { Shot, ViewportThumbnails } from './viewport-thumbnails';

/** Where a picture reference goes: the approval gate's history record and audit log. */
export interface PictureRecorder {
  recordPicture(requestId: string, which: PictureWhich, ref: PictureRef): void;
}

export interface ScriptPicturesOptions {
  thumbnails: ViewportThumbnails;
  store: PictureStore;
  recorder: PictureRecorder;
  logger?: Logger;
  /** How long a run may wait for a "before" capture (default 5 s); past it the run goes ahead without one. */
  beforeTimeoutMs?: number;
  now?: () => number;
}

export class ScriptPictures implements PicturePort {
  private readonly log: Logger;
  private readonly now: () => number;
  /** Writes not finished yet (tests and shutdown wait for them). */
  private readonly writing = new Set<Promise<void>>();

  constructor(private readonly opts: ScriptPicturesOptions) {
    this.log = (opts.logger ?? silentLogger).child('pictures');
    this.now = opts.now ?? Date.now;
  }

  async before(instanceId: string, requestId: string): Promise<void> {
    if (!this.opts.thumbnails.capable(instanceId)) return;
    const limit = this.opts.beforeTimeoutMs ?? 5_000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Shot>((resolve) => {
      timer = setTimeout(() => resolve({ png: null, error: `no picture: the capture took longer than ${Math.round(limit / 1000)} s, so the script ran without waiting for it`, takenAtMs: this.now() }), limit);
    });
    try {
      const shot = await Promise.race([this.opts.thumbnails.fresh(instanceId), late]);
      if (shot) this.keep(requestId, 'before', shot);
    } catch (err) {
      // A picture never fails the run it belongs to.
      this.log.warn(`no "before" picture for ${requestId.slice(0, 8)}: ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  after(instanceId: string, requestId: string): void {
    if (!this.opts.thumbnails.capable(instanceId)) return;
    // On a later turn: the agent's reply goes out first.
    setImmediate(() => {
      this.opts.thumbnails.refresh(instanceId).then(
        (shot) => shot && this.keep(requestId, 'after', shot),
        (err: Error) => this.log.warn(`no "after" picture for ${requestId.slice(0, 8)}: ${err.message}`),
      );
    });
  }

  /** Resolves once every picture handed over so far is stored and recorded. */
  async settled(): Promise<void> {
    while (this.writing.size) await Promise.all([...this.writing]);
  }

  private keep(requestId: string, which: PictureWhich, shot: Shot): void {
    const record = (ref: PictureRef): void => this.opts.recorder.recordPicture(requestId, which, ref);
    if (!shot.png) return record({ error: shot.error ?? 'no picture', takenAtMs: shot.takenAtMs });
    const png = shot.png;
    const w = (async () => {
      try {
        const file = pictureName(requestId, which);
        await this.opts.store.write(file, png);
        record({ file, takenAtMs: shot.takenAtMs });
      } catch (err) {
        this.log.warn(`the ${which} picture of ${requestId.slice(0, 8)} could not be stored: ${(err as Error).message}`);
        record({ error: `the picture could not be stored: ${(err as Error).message}`, takenAtMs: shot.takenAtMs });
      }
    })();
    this.writing.add(w);
    void w.finally(() => this.writing.delete(w));
  }
}
