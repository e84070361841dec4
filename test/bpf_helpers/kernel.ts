/**
 * Running objects in the real kernel with bpftool (BPF_PROG_LOAD, BPF_PROG_TEST_RUN), and the same
 * programs in tsbpf, for differential tests. Tests skip with a reason where bpf() is not allowed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readElf } from '../../src/elf/reader.js';
import { BpfError } from '../../src/isa/errors.js';
import { decodeInstructions, type Instruction } from '../../src/isa/instruction.js';
import { defaultHelpers } from '../../src/helpers/index.js';
import { AddressSpace, RegionKind } from '../../src/vm/address_space.js';
import { Interpreter } from '../../src/vm/interpreter.js';
import { prepareTestRun } from '../../src/progtypes/test_run.js';
import { sectionDef } from '../../src/progtypes/sections.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

let reason: string | null | undefined;

/** null when bpftool can load and run programs here, else why not */
export function kernelSkipReason(): string | null {
  if (reason !== undefined) return reason;
  if (process.env.TSBPF_NO_KERNEL === '1') return (reason = 'TSBPF_NO_KERNEL=1');
  if (process.platform !== 'linux') return (reason = 'not Linux');
  if (spawnSync('bpftool', ['version']).status !== 0) return (reason = 'bpftool is not installed');
  if (!existsSync('/sys/fs/bpf')) return (reason = '/sys/fs/bpf (bpffs) is not mounted');
  const dir = `/sys/fs/bpf/tsbpf-probe-${process.pid}`;
  const r = spawnSync('bpftool', ['prog', 'loadall', join(REPO, 'test/fixtures/bpf/helpers_diff.bpf.o'), dir]);
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) return (reason = `bpf() is not allowed here (${String(r.stderr).trim().split('\n').pop()})`);
  return (reason = null);
}

let seq = 0;

/** load every program of an object (bpftool prog loadall); returns the pin directory */
export function kernelLoadAll(obj: string): string {
  const dir = `/sys/fs/bpf/tsbpf-test-${process.pid}-${seq++}`;
  execFileSync('bpftool', ['prog', 'loadall', obj, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  return dir;
}

export function kernelUnload(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface RunOut {
  /** the errno of a failed test run ("EINVAL"), in which case the other fields are empty */
  errno?: string;
  retval: number;
  dataOut: Uint8Array;
  ctxOut?: Uint8Array;
}

/** bpftool prog run pinned DIR/NAME data_in … [ctx_in …] */
export function kernelRun(pinDir: string, name: string, dataIn: Uint8Array, ctxIn?: Uint8Array, ctxSize = 256): RunOut {
  const tmp = mkdtempSync(join(tmpdir(), 'tsbpf-run-'));
  try {
    const args = ['prog', 'run', 'pinned', join(pinDir, name)];
    writeFileSync(join(tmp, 'in'), dataIn);
    args.push('data_in', join(tmp, 'in'), 'data_out', join(tmp, 'out'), 'data_size_out', '131072');
    if (ctxIn) {
      writeFileSync(join(tmp, 'ctx'), ctxIn);
      args.push('ctx_in', join(tmp, 'ctx'), 'ctx_out', join(tmp, 'ctxout'), 'ctx_size_out', String(ctxSize));
    }
    const r = spawnSync('bpftool', args, { encoding: 'utf8' });
    if (r.status !== 0) {
      const msg = `${r.stdout}${r.stderr}`;
      const e = Object.entries(ERRNO_TEXT).find(([, t]) => msg.includes(t));
      if (!e) throw new Error(`bpftool prog run failed: ${msg}`);
      return { errno: e[0], retval: 0, dataOut: new Uint8Array(0) };
    }
    const out = r.stdout;
    const m = /Return value: (\d+)/.exec(out);
    if (!m) throw new Error(`bpftool prog run printed no return value: ${out}`);
    const res: RunOut = { retval: Number(m[1]), dataOut: new Uint8Array(readFileSync(join(tmp, 'out'))) };
    if (ctxIn && existsSync(join(tmp, 'ctxout'))) res.ctxOut = new Uint8Array(readFileSync(join(tmp, 'ctxout')));
    return res;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export interface ObjProgram {
  name: string;
  section: string;
  progType: number;
  attachType: number;
  insns: Instruction[];
  /** lddw instructions that load the address of read-only data (clang's .rodata.* for memcpy of literals) */
  relocs: Array<{ insn: number; data: Uint8Array; key: string; addend: number }>;
}

/** the programs of an object whose code needs no relocation (no maps, globals or calls) */
export function objPrograms(obj: string): ObjProgram[] {
  const elf = readElf(new Uint8Array(readFileSync(obj)), { file: obj });
  const out: ObjProgram[] = [];
  for (const sym of elf.symbols) {
    if (sym.type !== 2 /* STT_FUNC */ || sym.shndx === 0 || sym.shndx >= elf.sections.length) continue;
    const sec = elf.sections[sym.shndx]!;
    const def = sectionDef(sec.name);
    if (!def) continue;
    const insns = decodeInstructions(sec.data.subarray(sym.value, sym.value + sym.size));
    // slot -> instruction index (lddw takes two slots)
    const slotToInsn = new Map<number, number>();
    for (let k = 0, slot = 0; k < insns.length; k++) {
      slotToInsn.set(slot, k);
      slot += insns[k]!.code === 0x18 ? 2 : 1;
    }
    const relocs: ObjProgram['relocs'] = [];
    for (const r of elf.relocationsFor(sec.index)) {
      if (r.offset < sym.value || r.offset >= sym.value + sym.size) continue;
      const target = elf.symbols[r.symbol]!;
      const tsec = elf.sections[target.shndx];
      const k = slotToInsn.get((r.offset - sym.value) / 8);
      // only read-only data: maps, globals and calls need the real loader
      if (!tsec || !tsec.name.startsWith('.rodata') || k === undefined || insns[k]!.code !== 0x18) {
        throw new Error(`${sym.name} in ${obj} needs a relocation against ${tsec?.name ?? target.name}; differential fixtures may only use .rodata`);
      }
      relocs.push({ insn: k, data: tsec.data, key: tsec.name, addend: target.value + insns[k]!.imm });
    }
    out.push({ name: sym.name, section: sec.name, progType: def.progType, attachType: def.attachType, insns, relocs });
  }
  return out;
}

const ERRNO_TEXT: Record<string, string> = {
  EINVAL: 'Invalid argument', E2BIG: 'Argument list too long', ENODEV: 'No such device', EFAULT: 'Bad address',
  ENOSPC: 'No space left on device', EPERM: 'Operation not permitted', ENOTSUPP: 'Unknown error 524',
};

/** run a program the way BPF_PROG_TEST_RUN does, in tsbpf */
export function tsbpfRun(p: ObjProgram, dataIn: Uint8Array, ctxIn?: Uint8Array, trace?: (line: string) => void): RunOut {
  const as = new AddressSpace();
  // place the read-only data the program refers to and point its lddw instructions at it
  const placed = new Map<string, number>();
  const insns = p.insns.slice();
  for (const r of p.relocs) {
    let base = placed.get(r.key);
    if (base === undefined) {
      const reg = as.map(r.data.length, RegionKind.Global, r.key, false);
      as.u8.set(r.data, reg.base);
      placed.set(r.key, (base = reg.base));
    }
    insns[r.insn] = { ...insns[r.insn]!, src: 0, imm: base + r.addend, imm2: 0 };
  }
  const vm = new Interpreter(insns, { as, helpers: defaultHelpers(), owns: [...placed.values()] });
  let run;
  try {
    run = prepareTestRun(as, p.progType, { dataIn, ...(ctxIn ? { ctxIn } : {}), attachType: p.attachType });
  } catch (e) {
    if (e instanceof BpfError) return { errno: e.errno, retval: 0, dataOut: new Uint8Array(0) };
    throw e;
  }
  if (trace) run.env.trace = trace;
  const r = vm.run({ r1: run.ctx, env: run.env });
  const { dataOut, ctxOut } = run.finish();
  run.release();
  return { retval: Number(r.r0 & 0xffffffffn), dataOut, ...(ctxOut ? { ctxOut } : {}) };
}

/** an Ethernet + IPv4 + UDP frame with correct checksums */
export function udpFrame(opts: { src?: number[]; dst?: number[]; sport?: number; dport?: number; payload?: number[]; tos?: number; ttl?: number } = {}): Uint8Array {
  const payload = opts.payload ?? [0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0x00, 0x00, 0x12, 0x34];
  const src = opts.src ?? [192, 168, 1, 10];
  const dst = opts.dst ?? [10, 0, 0, 1];
  const udpLen = 8 + payload.length;
  const ipLen = 20 + udpLen;
  const f = new Uint8Array(14 + ipLen);
  f.set([0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00]);
  const ip = [0x45, opts.tos ?? 0, ipLen >> 8, ipLen & 0xff, 0x12, 0x34, 0x40, 0, opts.ttl ?? 64, 17, 0, 0, ...src, ...dst];
  f.set(ip, 14);
  const sum16 = (b: Uint8Array | number[], s = 0): number => {
    for (let i = 0; i < b.length; i += 2) s += ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
    while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
    return s;
  };
  const ipc = ~sum16(ip) & 0xffff;
  f[24] = ipc >> 8;
  f[25] = ipc & 0xff;
  const sport = opts.sport ?? 40000;
  const dport = opts.dport ?? 53;
  const udp = [sport >> 8, sport & 0xff, dport >> 8, dport & 0xff, udpLen >> 8, udpLen & 0xff, 0, 0, ...payload];
  const pseudo = [...src, ...dst, 0, 17, udpLen >> 8, udpLen & 0xff];
  let uc = ~sum16(udp, sum16(pseudo)) & 0xffff;
  if (uc === 0) uc = 0xffff;
  udp[6] = uc >> 8;
  udp[7] = uc & 0xff;
  f.set(udp, 34);
  return f;
}

const TRACE = '/sys/kernel/tracing';

/** null when the kernel's trace buffer can be read (mounting tracefs if needed), else why not */
export function traceSkipReason(): string | null {
  if (!existsSync(`${TRACE}/trace`)) spawnSync('mount', ['-t', 'tracefs', 'nodev', TRACE]);
  if (!existsSync(`${TRACE}/trace`)) return 'tracefs is not mounted at /sys/kernel/tracing';
  return null;
}

export function traceClear(): void {
  writeFileSync(`${TRACE}/trace`, '');
}

/** switch tracing on; returns the previous state for traceRestore */
export function traceOn(): string {
  const prev = readFileSync(`${TRACE}/tracing_on`, 'utf8').trim();
  writeFileSync(`${TRACE}/tracing_on`, '1');
  return prev;
}

export function traceRestore(prev: string): void {
  writeFileSync(`${TRACE}/tracing_on`, prev);
}

/** the bpf_trace_printk messages in the kernel's trace buffer */
export function traceRead(): string[] {
  const out: string[] = [];
  for (const line of readFileSync(`${TRACE}/trace`, 'utf8').split('\n')) {
    const k = line.indexOf('bpf_trace_printk: ');
    if (k >= 0) out.push(line.slice(k + 'bpf_trace_printk: '.length));
  }
  return out;
}
