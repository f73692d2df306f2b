/**
 * Tool results for agents with the token economy of SPEC §5: text capped (default 24 KB) with a clear note
 * saying how to get less or the rest.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export const DEFAULT_RESULT_CAP = 24 * 1024;

/**
 * Cuts `text` to at most `cap` UTF-8 bytes, appending a note when it did.
 * @param report the figures the note names when `text` is one part of a larger result (default: cap and text size).
 */
export function capText(text: string, cap = DEFAULT_RESULT_CAP, report?: { shown: number; total: number }): { text: string; truncated: boolean } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= cap) return { text, truncated: false };
  const note = `\n…[truncated: showing ${report?.shown ?? cap} of ${report?.total ?? bytes} bytes. Ask for less — return a summary, a count, or a slice (e.g. items[:50]) — or page through the rest.]`;
  const budget = Math.max(0, cap - Buffer.byteLength(note, 'utf8'));
  let cut = Buffer.from(text, 'utf8').subarray(0, budget).toString('utf8');
  // Drop a replacement char left by a multi-byte sequence cut in half.
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return { text: cut + note, truncated: true };
}

/** A JSON tool result: capped text for the model, structured content when it fits. */
export function jsonResult(value: unknown, isError = false, cap = DEFAULT_RESULT_CAP): CallToolResult {
  const full = JSON.stringify(value, bytesReplacer, 2) ?? 'null';
  const { text, truncated } = capText(full, cap);
  const result: CallToolResult = { content: [{ type: 'text', text }] };
  if (!truncated && value && typeof value === 'object' && !Array.isArray(value)) result.structuredContent = JSON.parse(full) as Record<string, unknown>;
  if (isError) result.isError = true;
  return result;
}

/**
 * Caps the text of a result from elsewhere (an external service): text items share one budget; the item that
 * crosses it is cut with the note, later text items are dropped. Other items and structured content pass as is.
 */
export function capResult(result: CallToolResult, cap = DEFAULT_RESULT_CAP): CallToolResult {
  let left = cap;
  let cut = false;
  const total = (result.content ?? []).reduce((n, x) => n + (x.type === 'text' ? Buffer.byteLength(x.text, 'utf8') : 0), 0);
  const content: CallToolResult['content'] = [];
  for (const c of result.content ?? []) {
    if (c.type !== 'text') {
      content.push(c);
      continue;
    }
    if (cut) continue;
    const capped = capText(c.text, Math.max(left, 0), { shown: cap, total });
    if (capped.truncated) {
      cut = true;
      content.push({ ...c, text: capped.text });
    } else {
      left -= Buffer.byteLength(c.text, 'utf8');
      content.push(c);
    }
  }
  return cut ? { ...result, content } : result;
}

/** A plain error result the agent can read and act on. */
export function errorResult(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** Binary data (msgpack bin) shows up as a size note, not megabytes of numbers. */
function bytesReplacer(_key: string, v: unknown): unknown {
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  if (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) return `<${(v as { data: unknown[] }).data.length} bytes>`;
  return v;
}
