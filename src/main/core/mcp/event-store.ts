/**
 * A bounded in-memory SSE event store (SDK EventStore) so an agent whose stream dropped can resume with
 * `Last-Event-ID` and get what it missed. Bounded by count: a forgotten agent cannot grow the hub's memory.
 */
import { randomUUID } from 'node:crypto';
import type { EventStore } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** Events kept per MCP session (default 1,000); older ones are forgotten and cannot be replayed. */
export const DEFAULT_EVENTS_KEPT = 1_000;
/** The `retry` (ms) the priming event suggests to clients before they reconnect. */
export const SSE_RETRY_MS = 1_000;

interface Stored {
  streamId: string;
  message: JSONRPCMessage;
}

/** The SDK's id of a session's standalone (GET) stream. */
const STANDALONE = '_GET_stream';

export class BoundedEventStore implements EventStore {
  private readonly events = new Map<string, Stored>();
  private readonly origin: string;
  private firstGet = true;

  constructor(private readonly max = DEFAULT_EVENTS_KEPT) {
    // A marker at the start of the standalone stream: what is sent before the agent opens its GET stream (e.g. a
    // tools/list_changed right after initialize) is replayed to that first GET instead of being lost.
    this.origin = `${STANDALONE}_${randomUUID()}`;
    this.events.set(this.origin, { streamId: STANDALONE, message: {} as JSONRPCMessage });
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
    this.events.set(id, { streamId, message });
    if (this.events.size > this.max) this.events.delete(this.events.keys().next().value!);
    return Promise.resolve(id);
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
