/**
 * Codec: frame encode + streaming decode of a typical Call (~200-byte body), against bare @msgpack/msgpack
 * encode (its zero-copy `encodeSharedRef`) + decode of the same body. Goal ≤ 1.3×.
 */
import { Decoder, Encoder } from '@msgpack/msgpack';
import { BodyCodec } from '../src/main/core/protocol/body-codec';
import { FrameEncoder } from '../src/main/core/protocol/frame-codec';
import { FrameDecoder } from '../src/main/core/protocol/frame-decoder';
import { report } from './stats';

const body = {
  method: 'dcc.execute',
  params: { code: 'import maya.cmds as cmds\nreturn cmds.ls(selection=True)', language: 'python', timeout_ms: 30000, allowed_tools: ['create_object', 'get_scene_summary'] },
  timeout_ms: 30000,
};
const N = 300_000;

function bare(): number {
  const enc = new Encoder();
  const dec = new Decoder();
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const bytes = enc.encodeSharedRef(body);
    sink += (dec.decode(bytes) as { timeout_ms: number }).timeout_ms;
  }
  if (sink === 0) throw new Error('unreachable');
  return ((performance.now() - t0) * 1000) / N;
}

function framed(): number {
  const enc = new FrameEncoder();
  const dec = new FrameDecoder();
  const codec = new BodyCodec();
  let sink = 0;
  const onFrame = (f: { body: Uint8Array }): void => {
    sink += (codec.decode(f.body) as { timeout_ms: number }).timeout_ms;
  };
  const t0 = performance.now();
  for (let i = 0; i < N; i++) dec.push(enc.encode(1, i + 1, body), onFrame);
  if (sink === 0) throw new Error('unreachable');
  return ((performance.now() - t0) * 1000) / N;
}

const size = new FrameEncoder().encode(1, 1, body).length - 13;
// Warm up both paths, then alternate rounds and keep the best of each to damp noise.
bare();
framed();
let b = Infinity;
let f = Infinity;
for (let r = 0; r < 5; r++) {
  b = Math.min(b, bare());
  f = Math.min(f, framed());
}
console.log(`typical Call body: ${size} bytes`);
report('codec encode+decode per Call', f, b, 'µs', '≤ 1.3×');
