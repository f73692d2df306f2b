import { encode as msgpackEncode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { BodyCodec } from '../../../src/main/core/protocol/body-codec';
import { FrameDecoder } from '../../../src/main/core/protocol/frame-decoder';
import { FrameEncoder } from '../../../src/main/core/protocol/frame-codec';
import { CallBodySchema, ProgressBodySchema, CancelBodySchema, ErrBodySchema, HelloResultSchema } from '../../../src/shared/dcclink';

describe('msgpack bodies', () => {
  const codec = new BodyCodec();

  it('round-trips a typical Call body through a frame', () => {
    const body = { method: 'dcc.execute', params: { code: 'return 1', language: 'python' }, timeout_ms: 30000 };
    const wire = new FrameEncoder().encode(1, 3, body);
    const frames: unknown[] = [];
    new FrameDecoder().push(wire, (f) => frames.push(codec.decode(f.body)));
    expect(frames).toEqual([body]);
    expect(CallBodySchema.parse(frames[0])).toMatchObject({ method: 'dcc.execute' });
  });

  it('empty body decodes to undefined and undefined encodes to empty', () => {
    expect(codec.decode(new Uint8Array(0))).toBeUndefined();
    expect(codec.encode(undefined).length).toBe(0);
  });

  it('reports invalid msgpack as DECODE_FAILED naming the size', () => {
    expect(() => codec.decode(Uint8Array.of(0xc1))).toThrow(expect.objectContaining({ code: 'DECODE_FAILED' }));
    expect(() => codec.decode(Uint8Array.of(0xdc, 0xff))).toThrow(/invalid msgpack body \(2 bytes\)/);
  });

  it('refuses a container whose declared length exceeds the limit without allocating it', () => {
    const small = new BodyCodec({ maxContainerLength: 10 });
    expect(() => small.decode(Uint8Array.of(0xdd, 0xff, 0xff, 0xff, 0xff))).toThrow(/DECODE|Max length|exceeds/i);
    expect(() => new BodyCodec({ maxBytes: 4 }).decode(msgpackEncode('hello world'))).toThrow(/invalid msgpack/);
  });

  it('accepts the alternative Progress and Cancel forms of dcc-mcp-core', () => {
    expect(ProgressBodySchema.parse(['tok', 3, 10, 'working'])).toEqual({ progress: 3, total: 10, message: 'working' });
    expect(ProgressBodySchema.parse({ progress: 0.5 })).toEqual({ progress: 0.5 });
    expect(CancelBodySchema.parse('user pressed stop')).toEqual({ reason: 'user pressed stop' });
    expect(CancelBodySchema.parse({ reason: 'x' })).toEqual({ reason: 'x' });
  });

  it('reads Err bodies and hello results in the seed forms (schemas as JSON strings)', () => {
    expect(ErrBodySchema.parse({ code: 'TIMEOUT', message: 'slow' })).toMatchObject({ recoverable: false });
    const hello = HelloResultSchema.parse({
      protocol: 1,
      info: { dcc_type: 'maya', version: '2025', platform: 'linux', pid: 1 },
      tools: [{ name: 'create_sphere', input_schema: '{"type":"object","properties":{"radius":{"type":"number"}}}' }],
    });
    expect(hello.tools[0]!.input_schema).toEqual({ type: 'object', properties: { radius: { type: 'number' } } });
    expect(hello.capabilities.has_embedded_python).toBe(true);
  });
});
