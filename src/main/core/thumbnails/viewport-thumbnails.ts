/**
 * A fresh viewport thumbnail per instance that can capture (`render.capture_viewport`, v0.2): taken after the
 * instance connects and after `scene.changed` / `viewport.changed` pushes. Refreshes are coalesced (one per `debounceMs` at most),
 * single-flight per instance, and wait while the instance is busy running something (catching up after).
 */
import { EventEmitter } from 'node:events';
import type { PushBody } from '../../../shared/dcclink';
import { HubError } from '../errors';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import type { DccSession } from '../sessions/session';
import type { SessionManager } from '../sessions/session-manager';

export const THUMB_WIDTH = 320;
export const THUMB_HEIGHT = 180;
/** A DCC's answer bigger than this is refused rather than kept in memory or shown. */
export const MAX_PICTURE_BYTES = 4 * 1024 * 1024;
/** A stream of `viewport.changed` (an object being dragged) delays the refresh by at most this much. */
export const MAX_SETTLE_MS = 3_000;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One capture: a PNG, or why there is none. */
export interface Shot {
  png: Buffer | null;
  error: string | null;
  takenAtMs: number;
}

interface Entry {
  shot: Shot | null;
  /** Bumps on every change the panel should see. */
  rev: number;
  /** Bumps on every scene change (and reconnect). */
  sceneGen: number;
  /** The sceneGen the current shot shows. */
  shotGen: number;
  running: Promise<Shot> | null;
  runningGen: number;
  /** A refresh is due (it may be waiting for the debounce or for the instance to be idle). */
  wanted: boolean;
  timer: NodeJS.Timeout | null;
  /** When the pending timer was first armed. */
  wantedSinceMs: number;
  connectedAtMs: number | null;
}

export interface ViewportThumbnailsOptions {
  sessions: SessionManager;
  logger?: Logger;
  /** Scene changes closer together than this are one refresh (default 500 ms: each capture takes the DCC main thread for 50–200 ms). */
  debounceMs?: number;
  /** Deadline of one capture call (default 15 s). */
  captureTimeoutMs?: number;
  now?: () => number;
}

/** True when the instance declares it can capture its viewport. */
export function canCapture(s: DccSession): boolean {
  const caps = s.hello?.capabilities;
  return Boolean(caps && (caps.render_capture || caps.snapshot));
}

export class ViewportThumbnails extends EventEmitter<{ changed: [instanceId: string] }> {
  private readonly entries = new Map<string, Entry>();
  private readonly log: Logger;
  private readonly debounceMs: number;
  private readonly now: () => number;
  private closed = false;
  private readonly onChange = (s: DccSession): void => this.sessionChanged(s);
  private readonly onPush = (s: DccSession, p: PushBody): void => {
    if (p.topic === 'scene.changed') this.sceneChanged(s, false);
    // Objects moved or reshaped (e.g. dragged by hand): wait until it settles, so a drag is not captured frame by frame.
    else if (p.topic === 'viewport.changed') this.sceneChanged(s, true);
  };
  private readonly onInstances = (): void => this.dropGone();

  constructor(private readonly opts: ViewportThumbnailsOptions) {
    super();
    this.log = (opts.logger ?? silentLogger).child('thumbnails');
    this.debounceMs = opts.debounceMs ?? 500;
    this.now = opts.now ?? Date.now;
    opts.sessions.on('change', this.onChange);
    opts.sessions.on('push', this.onPush);
    opts.sessions.on('instances', this.onInstances);
    for (const s of opts.sessions.list()) this.sessionChanged(s);
  }

  /** The instance's thumbnail state for the panel; undefined when it cannot capture. */
  view(instanceId: string): { rev: number; hasImage: boolean; takenAtMs: number | null; error: string | null } | undefined {
    const e = this.entries.get(instanceId);
    if (!e) return undefined;
    return { rev: e.rev, hasImage: Boolean(e.shot?.png), takenAtMs: e.shot?.takenAtMs ?? null, error: e.shot?.error ?? null };
  }

  /** The current shot (null while none was taken). */
  current(instanceId: string): Shot | null {
    return this.entries.get(instanceId)?.shot ?? null;
  }

  /** True when the instance can capture (and is known here). */
  capable(instanceId: string): boolean {
    return this.entries.has(instanceId);
  }

  /**
   * A picture of the scene as it is now: the current shot when no scene change was seen since it was taken (no
   * DCC call), else the capture in flight for the current scene, else a new capture.
   * @returns null when the instance cannot capture.
   */
  async fresh(instanceId: string): Promise<Shot | null> {
    const e = this.entries.get(instanceId);
    if (!e) return null;
    if (e.shot && e.shotGen === e.sceneGen && !e.running) return e.shot;
    if (e.running && e.runningGen === e.sceneGen) return e.running;
    if (e.running) await e.running;
    if (e.shot && e.shotGen === e.sceneGen) return e.shot;
    return this.captureNow(instanceId);
  }

  /** A new capture (after any in flight), e.g. once a script has run. @returns null when the instance cannot capture. */
  async refresh(instanceId: string): Promise<Shot | null> {
    const e = this.entries.get(instanceId);
    if (!e) return null;
    if (e.running) await e.running;
    return this.captureNow(instanceId);
  }

  close(): void {
    this.closed = true;
    this.opts.sessions.off('change', this.onChange);
    this.opts.sessions.off('push', this.onPush);
    this.opts.sessions.off('instances', this.onInstances);
    for (const e of this.entries.values()) if (e.timer) clearTimeout(e.timer);
    this.entries.clear();
  }

  private sessionChanged(s: DccSession): void {
    // A session no longer listed (its row went; it is finishing its calls) gets no thumbnail back.
    if (this.closed || this.session(s.instanceId) !== s) return;
    if (!canCapture(s)) {
      if (this.entries.delete(s.instanceId)) this.emit('changed', s.instanceId);
      return;
    }
    let e = this.entries.get(s.instanceId);
    if (!e) {
      e = { shot: null, rev: 0, sceneGen: 0, shotGen: -1, running: null, runningGen: -1, wanted: false, timer: null, wantedSinceMs: 0, connectedAtMs: null };
      this.entries.set(s.instanceId, e);
      this.emit('changed', s.instanceId);
    }
    if (s.instanceState !== 'ready' && s.instanceState !== 'busy') return;
    // A new connection (first connect or a reconnect): the scene may be anything now.
    if (s.connectedAtMs !== e.connectedAtMs) {
      e.connectedAtMs = s.connectedAtMs;
      e.sceneGen++;
      this.want(s.instanceId, e, 0);
    } else if (e.wanted && !e.timer && !e.running && s.instanceState === 'ready') this.tick(s.instanceId);
  }

  private sceneChanged(s: DccSession, settle: boolean): void {
    const e = this.entries.get(s.instanceId);
    if (!e || this.closed) return;
    e.sceneGen++;
    this.want(s.instanceId, e, this.debounceMs, settle);
  }

  /**
   * Asks for a refresh; a burst of asks within `delay` is one. The timer is not pushed back (so it never starves),
   * unless `settle`: then each ask restarts it, for at most MAX_SETTLE_MS since the first.
   */
  private want(id: string, e: Entry, delay: number, settle = false): void {
    e.wanted = true;
    if (e.running) return;
    if (e.timer) {
      if (!settle || this.now() - e.wantedSinceMs >= MAX_SETTLE_MS) return;
      clearTimeout(e.timer);
    } else e.wantedSinceMs = this.now();
    e.timer = setTimeout(() => {
      e.timer = null;
      this.tick(id);
    }, delay);
    e.timer.unref();
  }

  private tick(id: string): void {
    const e = this.entries.get(id);
    const s = this.session(id);
    if (!e || !s || this.closed || e.running) return;
    if (e.shot && e.shotGen === e.sceneGen) {
      e.wanted = false;
      return;
    }
    // Busy (a script is running, or the DCC says so): wait; sessionChanged catches up once it is ready again.
    if (s.instanceState !== 'ready') return;
    void this.captureNow(id);
  }

  private captureNow(id: string): Promise<Shot> {
    const e = this.entries.get(id);
    // Gone (or no longer able to capture) while waiting for an earlier capture.
    if (!e) return Promise.resolve({ png: null, error: 'the DCC is gone or can no longer capture', takenAtMs: this.now() });
    const s = this.session(id);
    e.wanted = false;
    const gen = e.sceneGen;
    const p = (async (): Promise<Shot> => {
      // Start on the next microtask: `running` is set before the call's own change event reaches sessionChanged.
      await Promise.resolve();
      try {
        if (!s) throw new HubError('NOT_FOUND', 'the instance is gone');
        const raw = await s.call('render.capture_viewport', { width: THUMB_WIDTH, height: THUMB_HEIGHT, format: 'png' }, { timeoutMs: this.opts.captureTimeoutMs ?? 15_000 });
        return { png: pngOf(raw), error: null, takenAtMs: this.now() };
      } catch (err) {
        this.log.debug(`capture of ${s?.label ?? id} failed: ${(err as Error).message}`);
        return { png: null, error: (err as Error).message, takenAtMs: this.now() };
      }
    })();
    e.running = p;
    e.runningGen = gen;
    void p.then((shot) => {
      if (this.entries.get(id) !== e) return;
      e.running = null;
      e.shot = shot;
      e.shotGen = gen;
      e.rev++;
      this.emit('changed', id);
      // Scene changes seen while capturing: one more refresh.
      if (e.wanted || e.sceneGen !== gen) this.want(id, e, this.debounceMs);
    });
    return p;
  }

  private session(id: string): DccSession | undefined {
    return this.opts.sessions.list().find((s) => s.instanceId === id);
  }

  private dropGone(): void {
    const live = new Set(this.opts.sessions.list().map((s) => s.instanceId));
    for (const [id, e] of this.entries) {
      if (live.has(id)) continue;
      if (e.timer) clearTimeout(e.timer);
      this.entries.delete(id);
      this.emit('changed', id);
    }
  }
}

/**
 * The PNG bytes of a `render.capture_viewport` answer.
 * @throws HubError INVALID_ARGS when it is not a PNG of a sensible size (the panel shows a note, never a broken image).
 */
export function pngOf(raw: unknown): Buffer {
  const data = (raw as { data?: unknown } | null)?.data;
  if (!(data instanceof Uint8Array)) throw new HubError('INVALID_ARGS', 'the DCC answered render.capture_viewport without image bytes');
  const png = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (png.length > MAX_PICTURE_BYTES) throw new HubError('INVALID_ARGS', `the DCC's picture is ${png.length} bytes; at most ${MAX_PICTURE_BYTES} are kept`);
  if (png.length < PNG_MAGIC.length || !png.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC)) throw new HubError('INVALID_ARGS', 'the DCC answered render.capture_viewport with something that is not a PNG');
  return png;
}
