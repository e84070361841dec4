/**
 * The engines a compiled filter can run on: `interpreter` and `jit` run the classic program
 * converted to eBPF (Linux's bpf_convert_filter) on tsbpf's eBPF interpreter or WebAssembly JIT;
 * `cbpf` is the classic interpreter; `cbpf-jit` compiles the classic program to a JavaScript
 * function; `cbpf-wasm` compiles it to WebAssembly (cbpf/wasm.ts; `tsbpf filter`'s default, which
 * also runs the capture's record loop in the module). All five give the same verdicts (the tests
 * check it).
 */
import { ClassicProgram, runClassic } from '../cbpf/interpreter.js';
import { compileClassicJs, compileClassicJsSlice } from '../cbpf/jit.js';
import { EbpfClassicFilter } from '../cbpf/ebpf_filter.js';
import { ClassicWasmFilter } from '../cbpf/wasm.js';
import type { SockFilter } from '../cbpf/program.js';
import type { FilterEngine } from './engine_names.js';

export { FILTER_ENGINES, parseFilterEngine, type FilterEngine } from './engine_names.js';

export type FilterFn = (data: Uint8Array, wirelen: number) => number;
/** a filter over a packet held in buf[start .. start + caplen), as the capture decoder delivers it */
export type SliceFilterFn = ((buf: Uint8Array, start: number, caplen: number, wirelen: number) => number) & {
  /** for CaptureReader.scan({buffer}): a read buffer the engine filters in place (the eBPF engines) */
  scanBuffer?: (bytes: number) => Uint8Array;
};

export function filterFunction(prog: SockFilter[], engine: FilterEngine): FilterFn {
  switch (engine) {
    case 'cbpf': {
      const p = new ClassicProgram(prog);
      return (d, w) => runClassic(p, d, { wirelen: w });
    }
    case 'cbpf-jit':
      return compileClassicJs(prog);
    case 'cbpf-wasm': {
      const f = new ClassicWasmFilter(prog);
      return (d, w) => f.run(d, w);
    }
    case 'interpreter':
    case 'jit': {
      const f = new EbpfClassicFilter(prog, engine);
      return (d, w) => f.run(d, w);
    }
  }
}

/** filterFunction over buffer slices: the `cbpf-jit` engine reads the chunk in place */
export function sliceFilterFunction(prog: SockFilter[], engine: FilterEngine): SliceFilterFn {
  if (engine === 'cbpf-jit') return compileClassicJsSlice(prog).fn;
  if (engine === 'cbpf-wasm') {
    const f = new ClassicWasmFilter(prog);
    const fn: SliceFilterFn = (buf, start, caplen, wirelen) => f.runSlice(buf, start, caplen, wirelen);
    fn.scanBuffer = (bytes) => f.scanBuffer(bytes);
    return fn;
  }
  if (engine === 'interpreter' || engine === 'jit') {
    const f = new EbpfClassicFilter(prog, engine);
    const fn: SliceFilterFn = (buf, start, caplen, wirelen) => f.runSlice(buf, start, caplen, wirelen);
    fn.scanBuffer = (bytes) => f.scanBuffer(bytes);
    return fn;
  }
  const f = filterFunction(prog, engine);
  return (buf, start, caplen, wirelen) => f(buf.subarray(start, start + caplen), wirelen);
}
