/**
 * Watches the registry directory and turns writes by any process into `added` / `changed` / `heartbeat` /
 * `removed` events within 250 ms (SPEC §3), then one `synced` per read that changed anything (listeners that
 * work on the whole snapshot use it, so a 10,000-row file costs one pass, not one per row). fs.watch gives the
 * speed; a 1 s re-scan catches rows going stale, missed events, and the directory being deleted and re-created.
 * A torn or corrupt read keeps the last good snapshot and is retried shortly; nothing is removed because of it.
 */
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, watch, type FSWatcher } from 'node:fs';
import type { ServiceEntry } from '../../../shared/registry';
import type { DeadReason, FileRegistry } from './file-registry';
import type { RegistryProblem } from './registry-file';
import { SERVICES_FILE } from './registry-file';

export type RemovedReason = 'deregistered' | DeadReason;

export interface RegistryWatcherEvents {
  added: [entry: ServiceEntry];
  changed: [entry: ServiceEntry, previous: ServiceEntry];
  heartbeat: [entry: ServiceEntry];
  removed: [entry: ServiceEntry, reason: RemovedReason];
  /** After a read that added, changed or removed rows (not after heartbeat-only reads). */
  synced: [snapshot: ServiceEntry[]];
  problem: [problem: RegistryProblem];
}

const DEBOUNCE_MS = 15;
const RESCAN_MS = 1_000;
/** A torn read is retried this soon (a writer's rename completes well within it). */
const RETRY_MS = 50;

export class RegistryWatcher extends EventEmitter<RegistryWatcherEvents> {
  private live = new Map<string, ServiceEntry>();
  private watcher: FSWatcher | null = null;
  private rescan: NodeJS.Timeout | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private lastProblem = '';
  private dirty = false;
  private running = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly registry: FileRegistry) {
    super();
  }

  /** Current live entries. */
  snapshot(): ServiceEntry[] {
    return [...this.live.values()];
  }

  /** Starts watching; the first scan's rows are emitted as `added`. */
  start(): void {
    if (this.running) return;
    this.running = true;
    if (!existsSync(this.registry.dir)) mkdirSync(this.registry.dir, { recursive: true });
    this.watchDir();
    this.scan();
    this.rescan = setInterval(() => {
      if (!this.watcher) this.watchDir();
      this.scan();
    }, RESCAN_MS);
    this.rescan.unref();
  }

  stop(): void {
    this.running = false;
    this.watcher?.close();
    this.watcher = null;
    if (this.rescan) clearInterval(this.rescan);
    if (this.debounce) clearTimeout(this.debounce);
    if (this.retry) clearTimeout(this.retry);
    this.rescan = this.debounce = this.retry = null;
  }

  /** Reads the file now and emits the differences (linear in rows). */
  scan(): void {
    if (!this.running) return;
    const rows = this.registry.listAllWithDead();
    this.reportProblems();
    if (!rows) {
      // Keep the last good snapshot: sessions and running calls survive a bad read; look again soon.
      this.retry ??= setTimeout(() => {
        this.retry = null;
        this.scan();
      }, RETRY_MS).unref();
      return;
    }
    const next = new Map<string, ServiceEntry>();
    const deadWhy = new Map<string, DeadReason>();
    for (const { entry, dead } of rows) {
      if (dead) deadWhy.set(key(entry), dead);
      else next.set(key(entry), entry);
    }
    const prev = this.live;
    // Listeners that read snapshot() see the new state.
    this.live = next;
    let membership = false;
    for (const [k, old] of prev) {
      if (next.has(k)) continue;
      membership = true;
      this.emit('removed', old, deadWhy.get(k) ?? 'deregistered');
    }
    for (const [k, e] of next) {
      const old = prev.get(k);
      if (old === e) continue;
      if (!old) {
        membership = true;
        this.emit('added', e);
      } else if (meaningful(old) !== meaningful(e)) {
        membership = true;
        this.emit('changed', e, old);
      } else if (old.last_heartbeat_ms !== e.last_heartbeat_ms) this.emit('heartbeat', e);
    }
    if (membership) this.emit('synced', this.snapshot());
  }

  private watchDir(): void {
    try {
      this.watcher = watch(this.registry.dir, (_event, file) => {
        if (file && file !== SERVICES_FILE) return;
        // Leading edge: the first event is read at once; a burst after it is folded into one more read.
        if (this.debounce) {
          this.dirty = true;
          return;
        }
        this.scan();
        this.debounce = setTimeout(() => {
          this.debounce = null;
          if (this.dirty) {
            this.dirty = false;
            this.scan();
          }
        }, DEBOUNCE_MS);
      });
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = null;
      });
    } catch {
      // The directory is gone; the re-scan timer re-creates the watch when it is back.
      this.watcher = null;
      if (this.running && !existsSync(this.registry.dir)) this.scan();
    }
  }

  private reportProblems(): void {
    const text = this.registry.lastProblems.map((p) => p.message).join('\n');
    if (text && text !== this.lastProblem) for (const p of this.registry.lastProblems) this.emit('problem', p);
    this.lastProblem = text;
  }
}

function key(e: ServiceEntry): string {
  return `${e.dcc_type}\u0000${e.instance_id}`;
}

/** Everything but the heartbeat: a change here is worth showing. */
function meaningful(e: ServiceEntry): string {
  return JSON.stringify([e.status, e.scene, e.documents, e.version, e.transport_address, e.host, e.port, e.metadata, e.display_name, e.pid, e.adapter_version]);
}
