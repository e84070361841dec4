/**
 * The compiler driver: parse, expand attach points, type every probe (twice: the first pass
 * learns map types from assignments anywhere in the script, so END can read a map a later probe
 * fills), and generate one program per concrete attach point. tsbpf's verifier runs on them in
 * verify_programs.ts (imported only when it is wanted: it is most of the start-up cost).
 */
import type { Program, Stmt, Expr } from './ast.js';
import { ScriptError } from './errors.js';
import { parse } from './parser.js';
import { expandAttachPoint, progTypeOf, type Target } from './probes.js';
import { MapRegistry, Typer, type TyperEnv, AGG_FNS } from './typer.js';
import { Layout } from './layout.js';
import { ProbeGen } from './codegen.js';
import { layoutStructs } from './cstruct.js';
import { kfuncOf, noModuleBtf, BPF_TRACE_FENTRY, BPF_TRACE_FEXIT } from './kfunc.js';
import type { BtfTypes } from './types.js';
import { INT64 } from './types.js';
import type { Instruction } from '../../isa/instruction.js';
import type { Loc } from './ast.js';
import { MapType } from '../../isa/bpf_types.js';
import { BTF_KIND_FUNC } from '../../btf/types.js';
import type { VerifyStats } from '../../verifier/types.js';


export interface CompileOptions {
  /** the name errors print: `stdin` for -e, the file name otherwise */
  file?: string;
  positional?: string[];
  cpid?: number;
  /** --unsafe: signal() allowed */
  unsafe?: boolean;
  /** -p PID: every probe but BEGIN/END/interval filters on this process id */
  filterPid?: number;
  /** CLOCK_MONOTONIC ns at start (the `elapsed` builtin) */
  startNs?: bigint;
  /** BPFTRACE_STRLEN: bytes of str() results (default 64) */
  strlen?: number;
  /** kernel BTF for struct types (lazy: only scripts that need it pay) */
  btf?: () => BtfTypes | undefined;
  kallsyms?: () => Map<string, bigint>;
  /**
   * cgroupid(PATH): the cgroup's id, from the host (Node: sysinfo.ts cgroupId). Given by the
   * caller so that the compiler itself imports no Node module and also runs in a page, where
   * cgroupid() is refused with a sentence.
   */
  cgroupId?: (path: string) => bigint;
  /** -k (1) / -kk (2): report helper failures at run time (helper_check.ts) */
  helperCheck?: number;
  /** BPFTRACE_MAP_KEYS_MAX: the entries of each user map (default 4096) */
  mapKeysMax?: number;
  /** BPFTRACE_MAX_PROBES: the most attach points a script may expand to (default 512, as bpftrace 0.17) */
  maxProbes?: number;
  /** kfunc:MODULE:F — the module's split BTF on vmlinux's (/sys/kernel/btf/MODULE); undefined when it has none */
  moduleBtf?: (module: string) => BtfTypes | undefined;
  /** told once, after probes are expanded, when attach points matched nothing and were dropped */
  warn?: (message: string) => void;
}

export interface CompiledProbe {
  target: Target;
  progType: ReturnType<typeof progTypeOf>;
  insns: Instruction[];
  /** the script span of each instruction slot */
  slotLocs: (Loc | undefined)[];
  loc: Loc;
  stats?: VerifyStats;
  /** kfunc/kretfunc: the kernel function, its BTF FUNC id and BPF_TRACE_FENTRY/FEXIT */
  attachTo?: string;
  attachBtfId?: number;
  /** kfunc:MODULE:F: attachBtfId is in this module's BTF object (attach_btf_obj_fd) */
  attachBtfModule?: string;
  expectedAttachType?: number;
}

export interface Compiled {
  program: Program;
  probes: CompiledProbe[];
  layout: Layout;
  maps: MapRegistry;
  /** probe names by the id the `probe` builtin carries */
  probeNames: string[];
  /** the kernel's BTF, for verifying kfunc/kretfunc programs against their function's prototype */
  btf?: () => BtfTypes | undefined;
  /** kfunc:MODULE:F: the module's split BTF, for the same */
  moduleBtf?: (module: string) => BtfTypes | undefined;
}

interface Instance {
  probe: Program['probes'][number];
  target: Target;
  typer?: Typer;
}

function typeStmts(tp: Typer, stmts: Stmt[], lenient: boolean): void {
  for (const s of stmts) {
    try {
      typeStmt(tp, s, lenient);
    } catch (e) {
      if (!lenient || !(e instanceof ScriptError)) throw e;
    }
  }
}

function typeStmt(tp: Typer, s: Stmt, lenient: boolean): void {
  switch (s.kind) {
    case 'expr': tp.ty(s.expr); return;
    case 'assign': {
      const v = tp.ty(s.value);
      if (s.op && v.t !== 'int' && v.t !== 'ptr') throw new ScriptError(`The ${s.op}= operator can not be used on a value of type ${v.t}`, s.loc);
      if (s.target.kind === 'var') {
        if (s.op && !tp.vars.has(s.target.name)) throw new ScriptError(`Undefined or undeclared variable: $${s.target.name}`, s.target.loc);
        tp.assignVar(s.target.name, s.op ? INT64 : v, s.opLoc);
        return;
      }
      if (s.target.kind === 'map') {
        const m = s.target;
        tp.env.maps.useKeys(m.name, m.keys.map((k) => tp.keyTy(k)), m.loc);
        if (s.value.kind === 'call' && AGG_FNS.has(s.value.name as never) && s.op) throw new ScriptError(`${s.value.name}() can not be used with a compound assignment`, s.loc);
        tp.env.maps.useValue(m.name, s.op ? INT64 : v, m.loc);
        return;
      }
      throw new ScriptError('syntax error, unexpected =', s.loc);
    }
    case 'if': tp.ty(s.cond); typeStmts(tp, s.then, lenient); if (s.else) typeStmts(tp, s.else, lenient); return;
    case 'unroll': typeStmts(tp, s.body, lenient); return;
    case 'while': tp.ty(s.cond); typeStmts(tp, s.body, lenient); return;
    case 'jump': return;
  }
}

/**
 * The functions a kfunc wildcard may match: vmlinux's BTF FUNCs that the kernel has a symbol for
 * (an inlined-away function keeps its BTF but has no text to attach to; bpftrace 0.17 intersects
 * with available_filter_functions, which is not readable everywhere); modules: a sentence.
 */
function kfuncNames(module: string, opts: CompileOptions): string[] | string {
  const btf = module === 'vmlinux' ? opts.btf?.() : opts.moduleBtf?.(module);
  if (!btf) return module === 'vmlinux' ? "the kernel's BTF (/sys/kernel/btf/vmlinux) is needed for kfunc probes and is not available" : noModuleBtf(module);
  const syms = opts.kallsyms?.() ?? new Map<string, bigint>();
  // a module's own FUNCs (its split BTF also reaches vmlinux's)
  const names = btf.btf.idsOfKind(BTF_KIND_FUNC, module !== 'vmlinux').map((id) => btf.btf.type(id).name);
  return syms.size ? names.filter((n) => syms.has(n)) : names;
}

/** verifier map descriptions from the layout */
export function verifierMaps(layout: Layout): { type: number; keySize: number; valueSize: number; maxEntries: number; name: string }[] {
  return layout.maps.map((m) => ({ type: MapType[m.mapType], keySize: m.keySize, valueSize: m.valueSize, maxEntries: m.maxEntries, name: m.name }));
}

export function compile(source: string, opts: CompileOptions = {}): Compiled {
  const file = opts.file ?? 'stdin';
  const { program, defines } = parse(source, file);
  const instances: Instance[] = [];
  const probeNames: string[] = [];
  // an attach point whose uprobe symbol matches nothing is dropped, as bpftrace does; a script
  // left with no probe at all reports the first one
  let unresolved: ScriptError | undefined;
  for (const probe of program.probes) {
    for (const ap of probe.attachPoints) {
      for (const target of expandAttachPoint(ap, { unresolved: (e) => void (unresolved ??= e), kfuncs: (m) => kfuncNames(m, opts) })) instances.push({ probe, target });
    }
  }
  if (!instances.length && unresolved) throw unresolved;
  // bpftrace 0.17 (src/main.cpp): BPFTRACE_MAX_PROBES, 512 by default, caps the attach points
  const maxProbes = opts.maxProbes ?? 512;
  const attachable = instances.filter((x) => x.target.kind !== 'BEGIN' && x.target.kind !== 'END').length;
  if (attachable > maxProbes) {
    throw new ScriptError(`Can't attach to ${attachable} probes because it exceeds the current limit of ${maxProbes} probes.\nYou can increase the limit through the BPFTRACE_MAX_PROBES environment variable, but BE CAREFUL since a high number of probes attached can cause your system to crash.`, undefined, 'E2BIG');
  }
  if (unresolved) opts.warn?.(`WARNING: ${unresolved.detail}: attach point skipped (as any other that matched nothing)`);
  const maps = new MapRegistry();
  const strlen = opts.strlen ?? 64;
  const structs = program.structs?.length ? layoutStructs(program.structs, opts.btf ?? (() => undefined)) : undefined;
  const env = (target: Target): TyperEnv => ({
    target, maps, btf: opts.btf ?? (() => undefined), moduleBtf: opts.moduleBtf, defines, positional: opts.positional ?? [], strlen, unsafe: opts.unsafe, structs,
  });
  for (const lenient of [true, false]) {
    for (const inst of instances) {
      const tp = new Typer(env(inst.target));
      if (inst.probe.pred) {
        try {
          tp.ty(inst.probe.pred);
        } catch (e) {
          if (!lenient) throw e;
        }
      }
      typeStmts(tp, inst.probe.body, lenient);
      inst.typer = tp;
    }
  }
  checkUnusedAggregations(program);
  const layout = new Layout(maps.maps, strlen, opts.mapKeysMax);
  // every user map exists even when only user space reads it (print of an untouched map)
  for (const name of [...maps.maps.keys()].sort()) if (maps.maps.get(name)!.value) layout.userMap(name);
  const probes: CompiledProbe[] = [];
  for (const inst of instances) {
    // the sites of one usdt probe are programs of one name: `probe` is the same value in each
    const known = probeNames.indexOf(inst.target.name);
    const probeIndex = known >= 0 ? known : probeNames.push(inst.target.name) - 1;
    const g = new ProbeGen({
      layout, target: inst.target, probeIndex, typer: inst.typer!, startNs: opts.startNs ?? 0n, cpid: opts.cpid ?? 0, filterPid: opts.filterPid,
      kallsyms: opts.kallsyms ?? (() => new Map()), cgroupId: opts.cgroupId, helperCheck: opts.helperCheck,
    });
    g.program(inst.probe.pred, inst.probe.body);
    const { insns, slotLocs } = g.e.finish();
    const cp: CompiledProbe = { target: inst.target, progType: progTypeOf(inst.target.kind), insns, slotLocs, loc: inst.probe.loc };
    if (inst.target.kind === 'kfunc' || inst.target.kind === 'kretfunc') {
      const k = kfuncOf({ btf: opts.btf ?? (() => undefined), moduleBtf: opts.moduleBtf }, inst.target, inst.probe.loc);
      cp.attachTo = inst.target.func!;
      cp.attachBtfId = k.btfId;
      cp.attachBtfModule = inst.target.module;
      cp.expectedAttachType = inst.target.kind === 'kfunc' ? BPF_TRACE_FENTRY : BPF_TRACE_FEXIT;
    }
    probes.push(cp);
  }
  const out: Compiled = { program, probes, layout, maps, probeNames, btf: opts.btf, moduleBtf: opts.moduleBtf };
  return out;
}

/** bpftrace refuses nothing here, but an aggregation call outside an assignment is caught in codegen */
function checkUnusedAggregations(_p: Program): void {
  void (_p as unknown as Expr);
}
