/**
 * A bounded in-memory SSE event store (SDK EventStore) so an agent whose stream dropped can resume with
 * `Last-Event-ID` and get what it missed. A request's events are forgotten as soon as its response stream was
 * delivered in full (nothing left to resume), and what stays is bounded by count and size: a forgotten or
 * misbehaving agent cannot grow the hub's memory.
 */
import { randomUUID } from 'node:crypto';
import type { EventStore } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** Events kept per MCP session (default 1,000); older ones are forgotten and cannot be replayed. */
export const DEFAULT_EVENTS_KEPT = 1_000;
/** Bytes of undelivered events kept per MCP session (default 8 MB, roughly: the text and data of results). */
export const DEFAULT_EVENT_BYTES_KEPT = 8 * 1024 * 1024;
/** The `retry` (ms) the priming event suggests to clients before they reconnect. */
export const SSE_RETRY_MS = 1_000;

interface Stored {
  streamId: string;
  message: JSONRPCMessage;
  bytes: number;
}

/** The SDK's id of a session's standalone (GET) stream. */
const STANDALONE = '_GET_stream';

export class BoundedEventStore implements EventStore {
  private readonly events = new Map<string, Stored>();
  /** The ids of each stream's events, to forget a delivered stream without a scan. */
  private readonly byStream = new Map<string, Set<string>>();
  private bytes = 0;
  private readonly origin: string;
  private firstGet = true;

  constructor(
    private readonly max = DEFAULT_EVENTS_KEPT,
    private readonly maxBytes = DEFAULT_EVENT_BYTES_KEPT,
  ) {
    // A marker at the start of the standalone stream: what is sent before the agent opens its GET stream (e.g. a
    // tools/list_changed right after initialize) is replayed to that first GET instead of being lost.
    this.origin = `${STANDALONE}_${randomUUID()}`;
    this.add(this.origin, { streamId: STANDALONE, message: {} as JSONRPCMessage, bytes: 0 });
  }

  /** Events kept now (for tests and the soak bench's reasoning). */
  get size(): number {
    return this.events.size;
  }

  /** For the session's first GET without Last-Event-ID: resume from the session's start. */
  resumeFirstGet(headers: Record<string, string | string[] | undefined>): void {
    if (!this.firstGet) return;
    this.firstGet = false;
    if (!headers['last-event-id'] && this.events.has(this.origin)) headers['last-event-id'] = this.origin;
  }

  storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    // The stream id is part of the event id so it is known even after the event itself was forgotten.
    const id = `${streamId}_${randomUUID()}`;
    this.add(id, { streamId, message, bytes: approxBytes(message) });
    while (this.events.size > 1 && (this.events.size > this.max || this.bytes > this.maxBytes)) this.remove(this.events.keys().next().value!);
    return Promise.resolve(id);
  }

  /**
   * The response stream holding `eventId` reached its agent in full: its events can never be asked for again.
   * (The session's standalone GET stream lives on; its events stay, within the bounds.)
   */
  forgetStreamOf(eventId: string): void {
    const cut = eventId.lastIndexOf('_');
    const streamId = this.events.get(eventId)?.streamId ?? (cut > 0 ? eventId.slice(0, cut) : undefined);
    if (!streamId || streamId === STANDALONE) return;
    for (const id of [...(this.byStream.get(streamId) ?? [])]) this.remove(id);
  }

  private add(id: string, e: Stored): void {
    this.events.set(id, e);
    this.bytes += e.bytes;
    let ids = this.byStream.get(e.streamId);
    if (!ids) this.byStream.set(e.streamId, (ids = new Set()));
    ids.add(id);
  }

  private remove(id: string): void {
    const e = this.events.get(id);
    if (!e) return;
    this.events.delete(id);
    this.bytes -= e.bytes;
    const ids = this.byStream.get(e.streamId)!;
    ids.delete(id);
    if (ids.size === 0) this.byStream.delete(e.streamId);
  }

  /** The stream of an event, read from its id, so a client resuming after a forgotten event still gets its stream. */
  getStreamIdForEventId(eventId: string): Promise<string | undefined> {
    const cut = eventId.lastIndexOf('_');
    return Promise.resolve(this.events.get(eventId)?.streamId ?? (cut > 0 ? eventId.slice(0, cut) : undefined));
  }

  async replayEventsAfter(lastEventId: string, { send }: { send: (eventId: string, message: JSONRPCMessage) => Promise<void> }): Promise<string> {
    const last = this.events.get(lastEventId);
    // Too old to replay: the stream goes on from now (what was forgotten cannot be sent again).
    if (!last) {
      const stream = await this.getStreamIdForEventId(lastEventId);
      if (!stream) throw new Error(`event id ${lastEventId} was not issued by this hub`);
      return stream;
    }
    let after = false;
    for (const [id, e] of this.events) {
      if (id === lastEventId) {
        after = true;
        continue;
      }
      // Priming events carry an empty message: nothing to replay.
      if (after && e.streamId === last.streamId && Object.keys(e.message).length > 0) await send(id, e.message);
    }
    return last.streamId;
  }
}

/** A cheap size estimate: the strings that make a message big (result text, image data), not a serialisation. */
function approxBytes(message: JSONRPCMessage): number {
  const result = (message as { result?: { content?: unknown; structuredContent?: unknown } }).result;
  let n = 256;
  if (result?.structuredContent !== undefined) n += JSON.stringify(result.structuredContent)?.length ?? 0;
  if (result && Array.isArray(result.content)) {
    for (const c of result.content as { text?: unknown; data?: unknown }[]) {
      if (typeof c?.text === 'string') n += c.text.length;
      if (typeof c?.data === 'string') n += c.data.length;
    }
  }
  return n;
}
