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

export class BoundedEventStore implements EventStore {
  private readonly events = new Map<string, Stored>();

  constructor(private readonly max = DEFAULT_EVENTS_KEPT) {}

  storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    // The stream id is part of the event id so it is known even after the event itself was forgotten.
    const id = `${streamId}_${randomUUID()}`;
    this.events.set(id, { streamId, message });
    if (this.events.size > this.max) this.events.delete(this.events.keys().next().value!);
    return Promise.resolve(id);
  }

  getStreamIdForEventId(eventId: string): Promise<string | undefined> {
    return Promise.resolve(this.events.get(eventId)?.streamId);
  }

  async replayEventsAfter(lastEventId: string, { send }: { send: (eventId: string, message: JSONRPCMessage) => Promise<void> }): Promise<string> {
    const last = this.events.get(lastEventId);
    if (!last) throw new Error(`event ${lastEventId} is unknown or too old to replay`);
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
