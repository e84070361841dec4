/**
 * The branch hints the JIT writes (wasm.ts insertBranchHints, a `metadata.code.branch_hint`
 * section): each hint must name an `if` instruction of its function's body, with the direction the
 * code generator chose — an inline array lookup hinted likely (map_fastpath.ts: its other paths
 * become TurboFan's deferred blocks), a checked access's region-miss path hinted unlikely
 * (codegen_mem.ts). A hint that lands on another byte is silently ignored by V8, so this reads the
 * module back and checks every hint's target.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as b from '../../src/asm/builder.js';
import { R0, R1, R2, R6, R10, label, program } from '../../src/asm/builder.js';
import { jitWasm } from '../../src/vm/jit/runtime.js';
import { Op } from '../../src/vm/jit/wasm.js';

function uleb(buf: Uint8Array, at: number): [number, number] {
  let v = 0, shift = 0;
  for (;;) {
    const x = buf[at++]!;
    v += (x & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(x & 0x80)) return [v, at];
  }
}

/** every hint as [function index, the byte at its offset in that body, taken (1) or not (0)] */
function hints(wasm: Uint8Array): Array<[number, number, number]> {
  let at = 8;
  let nImports = 0;
  const bodies: number[] = [];
  const raw: Array<[number, number, number]> = [];
  while (at < wasm.length) {
    const id = wasm[at++]!;
    let size: number;
    [size, at] = uleb(wasm, at);
    const end = at + size;
    if (id === 2) {
      // imports: count the functions (kind 0)
      let n: number, p = at;
      [n, p] = uleb(wasm, p);
      for (let k = 0; k < n; k++) {
        for (let s = 0; s < 2; s++) {
          let len: number;
          [len, p] = uleb(wasm, p);
          p += len;
        }
        const kind = wasm[p++]!;
        if (kind === 0) nImports++, ([, p] = uleb(wasm, p));
        else if (kind === 2) p += 2;
        else if (kind === 3) p += 2;
        else throw new Error(`import kind ${kind}`);
      }
    } else if (id === 10) {
      let n: number, p = at;
      [n, p] = uleb(wasm, p);
      for (let k = 0; k < n; k++) {
        let len: number;
        [len, p] = uleb(wasm, p);
        bodies.push(p);
        p += len;
      }
    } else if (id === 0) {
      let len: number, p = at;
      [len, p] = uleb(wasm, p);
      const name = new TextDecoder().decode(wasm.subarray(p, p + len));
      p += len;
      if (name === 'metadata.code.branch_hint') {
        let nf: number;
        [nf, p] = uleb(wasm, p);
        for (let f = 0; f < nf; f++) {
          let fi: number, nh: number;
          [fi, p] = uleb(wasm, p);
          [nh, p] = uleb(wasm, p);
          for (let h = 0; h < nh; h++) {
            let off: number, sz: number;
            [off, p] = uleb(wasm, p);
            [sz, p] = uleb(wasm, p);
            assert.equal(sz, 1);
            raw.push([fi, off, wasm[p++]!]);
          }
        }
      }
    }
    at = end;
  }
  return raw.map(([fi, off, v]) => [fi, wasm[bodies[fi - nImports]! + off]!, v]);
}

/** sum of the u64 values of keys 0..3 of the array map whose handle is 0x10000 */
const lookupLoop = program(
  b.mov64(R6, 0),
  label('loop'),
  b.stxw(R10, -4, R6),
  b.mov64(R2, R10), b.add64(R2, -4),
  b.raw({ code: 0x18, dst: 1, src: 0, off: 0, imm: 0x10000, imm2: 0 }),
  b.call(1),
  b.jeq(R0, 0, 'next'),
  b.ldxdw(R1, R0, 0),
  label('next'),
  b.add64(R6, 1),
  b.jlt(R6, 4, 'loop'),
  b.mov64(R0, 0), b.exit(),
);

test('branch hints name `if` instructions: the inline array lookup likely, the region-miss paths unlikely', () => {
  for (const verified of [false, true]) {
    const hs = hints(jitWasm(lookupLoop, { verified }));
    assert.ok(hs.length > 0, 'no hints');
    for (const [fi, byte] of hs) assert.equal(byte, Op.if, `hint in function ${fi} names byte 0x${byte.toString(16)}, not an if`);
    // one lookup site: one likely hint (in main and in its exact copy when counted)
    const likely = hs.filter(([, , v]) => v === 1).length;
    assert.ok(likely >= 1 && likely <= 2, `${likely} likely hints (verified ${verified})`);
    // checked code: the value load's and the region misses' unlikely hints too
    if (!verified) assert.ok(hs.some(([, , v]) => v === 0), 'no unlikely hint in checked code');
  }
});
