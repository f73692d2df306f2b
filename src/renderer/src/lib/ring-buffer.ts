/** A bounded FIFO for the traffic log: pushing past capacity drops the oldest items. */
export class RingBuffer<T> {
  private items: T[] = [];
  constructor(readonly capacity: number) {}

  pushMany(list: readonly T[]): void {
    if (list.length >= this.capacity) {
      this.items = list.slice(list.length - this.capacity);
      return;
    }
    const overflow = this.items.length + list.length - this.capacity;
    if (overflow > 0) this.items = this.items.slice(overflow);
    for (const x of list) this.items.push(x);
  }

  toArray(): T[] {
    return this.items;
  }

  get size(): number {
    return this.items.length;
  }

  clear(): void {
    this.items = [];
  }
}

/** Frames per second over a sliding one-second window, sampled for a sparkline. */
export class RateMeter {
  private stamps: number[] = [];
  add(count: number, now = Date.now()): void {
    for (let i = 0; i < count; i++) this.stamps.push(now);
  }
  rate(now = Date.now()): number {
    while (this.stamps.length && this.stamps[0]! < now - 1000) this.stamps.shift();
    return this.stamps.length;
  }
}
