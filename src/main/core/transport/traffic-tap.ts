/**
 * One hook through which every frame in and out is observable (the Traffic view uses it). Producers check
 * `active` first, so nothing is built when nobody listens.
 */
import type { FrameTypeName } from '../../../shared/dcclink';

export interface FrameEvent {
  /** ms since epoch */
  ts: number;
  dir: 'in' | 'out';
  /** Which connection: usually the instance id. */
  label: string;
  type: FrameTypeName;
  seq: number;
  /** Wire bytes of the frame. */
  size: number;
  /** The decoded body (undefined for an empty body or one that failed to decode). */
  body: unknown;
}

export type FrameListener = (ev: FrameEvent) => void;

/** A fan-out of frame events; cheap to check when idle. */
export class TrafficTap {
  private readonly listeners = new Set<FrameListener>();
  active = false;

  /** @returns an unsubscribe function. */
  subscribe(fn: FrameListener): () => void {
    this.listeners.add(fn);
    this.active = true;
    return () => {
      this.listeners.delete(fn);
      this.active = this.listeners.size > 0;
    };
  }

  emit(ev: FrameEvent): void {
    for (const fn of this.listeners) fn(ev);
  }
}
