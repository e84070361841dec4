/**
 * The engines a compiled filter can run on: `interpreter` and `jit` run the classic program
 * converted to eBPF (Linux's bpf_convert_filter) on tsbpf's eBPF interpreter or WebAssembly JIT;
 * `cbpf` is the classic interpreter; `cbpf-jit` compiles the classic program to a JavaScript
 * function. All four give the same verdicts (the tests check it).
 */
import { BpfError } from '../../isa/errors.js';
import { ClassicProgram, runClassic } from '../cbpf/interpreter.js';
import { compileClassicJs, compileClassicJsSlice } from '../cbpf/jit.js';
import { EbpfClassicFilter } from '../cbpf/ebpf_filter.js';
import { DEFAULT_ENGINE } from '../../vm/engine.js';
import type { SockFilter } from '../cbpf/program.js';

export type FilterEngine = 'interpreter' | 'jit' | 'cbpf' | 'cbpf-jit';
export const FILTER_ENGINES: readonly FilterEngine[] = ['interpreter', 'jit', 'cbpf', 'cbpf-jit'];

export type FilterFn = (data: Uint8Array, wirelen: number) => number;
/** a filter over a packet held in buf[start .. start + caplen), as the capture decoder delivers it */
export type SliceFilterFn = ((buf: Uint8Array, start: number, caplen: number, wirelen: number) => number) & {
  /** for CaptureReader.scan({buffer}): a read buffer the engine filters in place (the eBPF engines) */
  scanBuffer?: (bytes: number) => Uint8Array;
};

export function parseFilterEngine(v: string | undefined): FilterEngine {
  if (v === undefined) return DEFAULT_ENGINE; // the eBPF conversion on the JIT, as every command that runs programs
  if ((FILTER_ENGINES as readonly string[]).includes(v)) return v as FilterEngine;
  throw new BpfError('EINVAL', `unknown engine '${v}' (expected ${FILTER_ENGINES.join(', ')})`);
}

export function filterFunction(prog: SockFilter[], engine: FilterEngine): FilterFn {
  switch (engine) {
    case 'cbpf': {
      const p = new ClassicProgram(prog);
      return (d, w) => runClassic(p, d, { wirelen: w });
    }
    case 'cbpf-jit':
      return compileClassicJs(prog);
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
  if (engine === 'interpreter' || engine === 'jit') {
    const f = new EbpfClassicFilter(prog, engine);
    const fn: SliceFilterFn = (buf, start, caplen, wirelen) => f.runSlice(buf, start, caplen, wirelen);
    fn.scanBuffer = (bytes) => f.scanBuffer(bytes);
    return fn;
  }
  const f = filterFunction(prog, engine);
  return (buf, start, caplen, wirelen) => f(buf.subarray(start, start + caplen), wirelen);
}
