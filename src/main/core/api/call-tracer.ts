/**
 * Agent-level traffic: watches each MCP session's transport for JSON-RPC requests (tools/call, resources/read, …)
 * and their responses, and runs each request's handler inside an AsyncLocalStorage context so the DccLink frames
 * it causes can be tagged with the agent call that caused them (the Traffic page's call → frames correlation).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** What the log needs to know about an agent call, at its start and at its end. */
export interface AgentCallEvent {
  callId: number;
  phase: 'request' | 'response';
  ts: number;
  agent: string;
  method: string;
  /** tools/call: the tool; resources/read: the URI; prompts/get: the prompt. */
  tool?: string;
  /** The DCC instance the arguments name, when they name one. */
  target?: string;
  /** The JSON text of the request params or of the result/error. */
  body: string;
  isError?: boolean;
  durationMs?: number;
}

/** Requests not worth a row: the handshake and keep-alives. */
const QUIET = new Set(['initialize', 'notifications/initialized', 'ping']);

export class CallTracer {
  private readonly als = new AsyncLocalStorage<number>();
  private nextId = 1;

  constructor(private readonly onEvent: (e: AgentCallEvent) => void) {}

  /** The agent call whose handler is running now, if any. */
  current(): number | undefined {
    return this.als.getStore();
  }

  /** Wraps a connected transport's message hooks; `agent` names the session's agent at the time of each call. */
  attach(transport: Transport, agent: () => string): void {
    const open = new Map<string | number, { callId: number; ts: number; method: string; tool?: string; target?: string }>();
    const onmessage = transport.onmessage;
    const send = transport.send.bind(transport);
    if (!onmessage) return;
    transport.onmessage = (msg, extra) => {
      const m = msg as { id?: string | number; method?: string; params?: Record<string, unknown> };
      if (m.id === undefined || !m.method || QUIET.has(m.method)) return onmessage(msg, extra);
      const callId = this.nextId++;
      const p = m.params ?? {};
      const args = (p.arguments ?? {}) as Record<string, unknown>;
      const tool = typeof p.name === 'string' ? p.name : typeof p.uri === 'string' ? p.uri : undefined;
      const target = typeof args.instance === 'string' ? args.instance : typeof args.dcc === 'string' ? args.dcc : undefined;
      const call = { callId, ts: Date.now(), method: m.method, ...(tool ? { tool } : {}), ...(target ? { target } : {}) };
      open.set(m.id, call);
      this.onEvent({ ...call, phase: 'request', agent: agent(), body: safeJson(p) });
      // Everything the handler does (DccLink calls included) runs in this call's context.
      this.als.run(callId, () => onmessage(msg, extra));
    };
    transport.send = (msg: JSONRPCMessage, opts) => {
      const r = msg as { id?: string | number; result?: unknown; error?: unknown };
      const call = r.id !== undefined && ('result' in r || 'error' in r) ? open.get(r.id) : undefined;
      if (call && r.id !== undefined) {
        open.delete(r.id);
        const isError = 'error' in r || Boolean((r.result as { isError?: boolean } | undefined)?.isError);
        const ts = Date.now();
        this.onEvent({ ...call, phase: 'response', ts, agent: agent(), body: safeJson('error' in r ? r.error : r.result), isError, durationMs: ts - call.ts });
      }
      return send(msg, opts);
    };
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return String(v);
  }
}
