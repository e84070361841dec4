/**
 * verify(): the verifier's entry point (kernel/bpf/verifier.c bpf_check): structure checks,
 * abstract interpretation, stack-depth check, and the log with tsbpf's explanation.
 */
import { markFastcallPatterns, removeFastcallSpillsFills, callInfo } from './fastcall.js';
import { exceptionCbInsn, markExceptionCb, checkThrowReach } from './exceptions.js';
import { type Instruction, LDDW, encodeInstructions } from '../isa/instruction.js';
import type { ErrnoName } from '../isa/errors.js';
import { type Slots, slotsFromBytes, checkLdImm, checkMapProgCompatibility, buildCfg, VerifierError, isPseudoCall, type Cfg } from './cfg.js';
import { Checker } from './check.js';
import { verifierProgType, helperProtosOfType, ALL_HELPER_PROTOS } from './kernel_adapter.js';
import { GET_FUNC_PROTO, helpersTakenAway, whyTakenAway } from '../progtypes/func_proto.js';
import { parseProgType, progTypeName } from '../progtypes/prog_types.js';
import { returnRange } from '../progtypes/retval.js';
import type { VerifyOptions, VerifyResult, VerifierProgType, LineInfo, BtfTypes, VerifierMap } from './types.js';
import { mapRecord } from './btf_record.js';
import type { SubprogFuncInfo } from './func_info.js';
import type { PathNode } from './state.js';
import { disasmSlot } from './disasm.js';
import { kernelRules, type KernelRules } from './kernel_rules.js';
import { BPF_PROG_TYPE_SK_LOOKUP, BPF_PROG_TYPE_STRUCT_OPS, BPF_TRACE_ITER } from '../isa/bpf_types.js';
import { BPF_COMPLEXITY_LIMIT_INSNS } from '../isa/opcodes.js';
import { splitStructOpsTarget, structOpsTarget, structOpsMemberError, type StructOpsTarget } from './struct_ops.js';

export { BPF_COMPLEXITY_LIMIT_INSNS };
export const BPF_MAXINSNS = 4096;
const MAX_BPF_STACK = 512;

/** enum bpf_prog_type from a number or the kernel's name ('xdp', 'BPF_PROG_TYPE_XDP'); 0 runs as a socket filter */
export function resolveProgTypeId(t: number | string | undefined): number {
  if (t === undefined || t === 0 || t === 'unspec' || t === '0') return 1;
  const id = parseProgType(t);
  if (id === undefined) throw new VerifierError('EINVAL', `unknown program type '${t}'`);
  return id === 0 ? 1 : id;
}

/** a program type the kernel-objects layer does not describe: no context access, no helpers */
function opaqueProgType(id: number, attachType: number): VerifierProgType {
  // check_return_code's ranges hold for every program type (netfilter: NF_DROP..NF_ACCEPT ...)
  const rr = returnRange(id, attachType);
  return {
    id, name: progTypeName(id).replace(/^BPF_PROG_TYPE_/, '').toLowerCase(), isValidAccess: () => null, helperAllowed: () => false,
    retRange: rr ? [rr.min, rr.max] : null, directPacketAccess: 'none', unprivOk: false,
  };
}

/** context layouts that grew after 5.10: struct bpf_sk_lookup ended at byte 64 before ingress_ifindex (5.17) */
function withKernelCtx(t: VerifierProgType, rules: KernelRules): VerifierProgType {
  if (rules.skLookupIngressIfindex || t.id !== BPF_PROG_TYPE_SK_LOOKUP) return t;
  return { ...t, isValidAccess: (off, size, write, c) => (off + size > 64 ? null : t.isValidAccess(off, size, write, c)) };
}

/**
 * check_max_stack_depth: the deepest chain of frames, each rounded up to 32 bytes. A recursive
 * call goes round until the frame limit (`recursionTooDeep`, 6.8: check_cfg lets recursion
 * through); before, check_cfg had refused it as a back-edge.
 */
function checkMaxStackDepth(s: Slots, cfg: Cfg, recursionTooDeep = false, round16 = false): void {
  // round_up_stack_depth: 16 bytes for a JITed program (6.x), else the interpreter's 32
  const round = round16 ? (d: number): number => (d + 15) & ~15 : (d: number): number => (Math.max(d, 1) + 31) & ~31;
  const visit = (sp: number, depth: number, frames: number, seen: number[]): void => {
    const here = depth + round(cfg.subprogs[sp]!.stackDepth);
    // the kernel counts the callee's frame from 0 (main = frame 0): the 9th frame is "8 frames"
    if (frames > 8) throw new VerifierError('E2BIG', `the call stack of ${frames - 1} frames is too deep !`);
    if (here > MAX_BPF_STACK) throw new VerifierError('EACCES', `combined stack size of ${frames} calls is ${here}. Too large`);
    const p = cfg.subprogs[sp]!;
    for (let i = p.start; i < p.end; i++) {
      if (!isPseudoCall(s, i)) continue;
      const callee = cfg.subprogOf[i + s.imm[i]! + 1]!;
      if (seen.includes(callee) && !recursionTooDeep) continue; // recursion is rejected elsewhere (back-edge)
      visit(callee, here, frames + 1, [...seen, callee]);
    }
  };
  // check_max_stack_depth: the main program and every is_async_cb subprogram (a timer's or workqueue's callback, the exception callback),
  // which runs on a stack of its own) are roots; an async callback called directly also counts
  // in its caller's chain
  cfg.subprogs.forEach((p, sp) => { if (sp === 0 || p.isAsyncCb) visit(sp, 0, 1, [sp]); });
}

/** func_info records by subprogram number (a record that starts no subprogram is ignored) */
function funcsBySubprog(cfg: Cfg, fi: VerifyOptions['funcInfo']): (SubprogFuncInfo | undefined)[] {
  const out: (SubprogFuncInfo | undefined)[] = new Array(cfg.subprogs.length).fill(undefined);
  for (const f of fi ?? []) {
    const sp = cfg.subprogs.findIndex((p) => p.start === f.insnOff);
    if (sp >= 0) out[sp] = f;
  }
  return out;
}

/** restate the kernel's message in plain words */
export function explain(msg: string): string {
  const rules: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/^R(\d+) !read_ok/, (m) => `register r${m[1]} is read here but no value was ever written to it on this path`],
    [/^R(\d+) invalid mem access '(\w+)'/, (m) => (m[2]!.endsWith('_or_null')
      ? `r${m[1]} may be NULL here: compare it against 0 before dereferencing it`
      : `r${m[1]} holds a ${m[2] === 'scalar' ? 'plain number' : m[2]}, not a pointer that may be dereferenced`)],
    [/^invalid access to map value, value_size=(\d+) off=(-?\d+) size=(\d+)/, (m) => `the access touches bytes ${m[2]}..${Number(m[2]) + Number(m[3]) - 1} of a map value that is only ${m[1]} bytes long`],
    [/^R(\d+) (min|max) value is outside of the allowed memory range/, (m) => `the offset in r${m[1]} can be ${m[2] === 'min' ? 'too small' : 'too large'} on this path: add a bounds check before the access`],
    [/^R(\d+) unbounded memory access/, (m) => `the verifier cannot bound the offset in r${m[1]}: check it against a constant first`],
    [/^R(\d+) min value is negative/, (m) => `the index in r${m[1]} may be negative: use an unsigned type or check it is >= 0`],
    [/^R(\d+) offset is outside of the packet/, (m) => `r${m[1]} reads past the packet bytes proven to exist: compare data + N against data_end before the access`],
    [/^invalid read from stack/, () => 'the stack bytes read here were never written on this path'],
    [/^invalid indirect read from stack/, () => 'a helper reads stack bytes that were never written on this path (initialise the buffer first)'],
    [/^invalid bpf_context access off=(\d+) size=(\d+)/, (m) => `this program type may not access ${m[2]} bytes at offset ${m[1]} of its context`],
    [/^R(\d+) leaks addr/, (m) => `r${m[1]} holds a kernel pointer that an unprivileged program may not store or return`],
    [/^R(\d+) pointer comparison prohibited/, (m) => `unprivileged programs may not compare the pointer in r${m[1]}`],
    [/^At program exit the register R0/, () => 'the value returned in r0 is outside what this program type allows'],
    [/^Unreleased reference id=(\d+) alloc_insn=(\d+)/, (m) => `the reference acquired at insn ${m[2]} is not released on this path (call the matching release helper on every path)`],
    [/^back-edge from insn (\d+) to (\d+)/, (m) => `the jump at insn ${m[1]} goes back to insn ${m[2]}: loops are not allowed here`],
    [/^infinite loop detected at insn (\d+)/, (m) => `the loop through insn ${m[1]} reaches the same state again: it never terminates`],
    [/^BPF program is too large/, () => 'exploring every path took more than the instruction budget (a loop that runs too long, or too many branches)'],
    [/^unreachable insn (\d+)/, (m) => `no path reaches insn ${m[1]}`],
    [/^jump out of range from insn (\d+) to (-?\d+)/, (m) => `the jump at insn ${m[1]} targets ${m[2]}, outside its function`],
    [/^R(\d+) type=(\S+) expected=(.*)/, (m) => `the helper argument in r${m[1]} is a ${m[2]} but must be one of: ${m[3]}`],
    [/^program of this type cannot use helper (\S+)/, (m) => `${m[1]} is not available to this program type`],
    [/^invalid func unknown#(\d+)/, (m) => `there is no helper with id ${m[1]}`],
    [/^R(\d+) pointer arithmetic on (\S+) prohibited/, (m) => `r${m[1]} is a ${m[2]} pointer, which may not be moved`],
    [/^math between (\S+) pointer and register with unbounded min value/, (m) => `an unbounded number is added to a ${m[1]} pointer: bound it first`],
  ];
  for (const [re, f] of rules) {
    const m = msg.match(re);
    if (m) return f(m);
  }
  return msg;
}

function pathList(p: PathNode | null): PathNode[] {
  const out: PathNode[] = [];
  for (let n = p; n; n = n.prev) out.push(n);
  return out.reverse();
}

function sourceLine(li: readonly LineInfo[] | undefined, insn: number): LineInfo | undefined {
  if (!li) return undefined;
  let best: LineInfo | undefined;
  for (const l of li) if (l.insnOff <= insn && (!best || l.insnOff >= best.insnOff)) best = l;
  return best;
}

/** VerifyOptions.kernelBtf as a getter that loads it at most once (only programs that need it pay) */
function kernelBtfOnce(k: VerifyOptions['kernelBtf']): () => BtfTypes | undefined {
  if (typeof k !== 'function') return () => k;
  let done = false;
  let v: BtfTypes | undefined;
  return () => {
    if (!done) { v = k(); done = true; }
    return v;
  };
}

/**
 * the maps as the verifier keeps them: each with its BTF (the program's, when the map does not
 * name one) and the spin lock offset its value's record gives (btf_record.ts), the inner template too
 */
function withMapRecords(maps: readonly VerifierMap[], progBtf: BtfTypes | undefined, kernelBtf: () => BtfTypes | undefined): VerifierMap[] {
  const one = (m: VerifierMap): VerifierMap => {
    // the inner map's template keeps its BTF and record (bpf_map_meta_alloc: a timer in an inner map)
    if (!m.btfValueTypeId || !(m.btf ?? progBtf)) return m.inner ? { ...m, inner: one(m.inner) } : m;
    const v: VerifierMap = { ...m, btf: m.btf ?? progBtf, ...(m.inner ? { inner: one(m.inner) } : {}) };
    // the record's lock is where the kernel sees it (a global's DATASEC offsets are the ELF symbols')
    try {
      const rec = mapRecord(v, kernelBtf);
      if (rec && rec.spinLockOff >= 0) v.spinLockOff = rec.spinLockOff;
      if (rec && rec.timerOff >= 0) v.timerOff = rec.timerOff;
      if (rec && rec.wqOff >= 0) v.wqOff = rec.wqOff;
    } catch {
      // a record the kernel would refuse at map creation: the verifier says so where it needs it
    }
    return v;
  };
  return maps.map(one);
}

/**
 * check_struct_ops_btf_id (kernel/bpf/verifier.c), before the program is walked: a struct_ops
 * program needs a GPL-compatible license, the kernel's BTF and a function-pointer member of a
 * kernel struct to stand for (struct_ops.ts)
 */
function checkStructOpsAttach(kernelBtf: () => BtfTypes | undefined, attachTo: string, gpl: boolean, sleepable: boolean): StructOpsTarget {
  if (!gpl) throw new VerifierError('EINVAL', 'struct ops programs must have a GPL compatible license');
  const btf = kernelBtf();
  if (!btf) throw new VerifierError('ENOTSUPP', `a struct_ops program (${attachTo || 'no struct'}) needs the kernel's BTF (/sys/kernel/btf/vmlinux or --btf-vmlinux FILE)`);
  const t = structOpsTarget(btf, attachTo);
  // check_struct_ops_btf_id: no attach_btf_id or no such struct_ops is -ENOTSUPP, a bad member -EINVAL
  if (typeof t === 'string') throw new VerifierError(t.startsWith('attach to invalid member') ? 'EINVAL' : 'ENOTSUPP', t);
  const unsupported = structOpsMemberError(t, sleepable);
  if (unsupported) throw new VerifierError(unsupported.errno, unsupported.msg);
  return t;
}

/** verify a program: Instruction[] (lddw as one) or its raw little-endian bytes */
export function verify(prog: readonly Instruction[] | Uint8Array, opts: VerifyOptions = {}): VerifyResult {
  const t0 = performance.now();
  const bytes = prog instanceof Uint8Array ? prog : encodeInstructions(prog);
  const slots = slotsFromBytes(bytes);
  const priv = !opts.unpriv;
  const rules = kernelRules(opts.kernel);
  const logLevel = opts.logLevel ?? 1;
  const log: string[] = [];
  let checker: Checker | null = null;
  let errno: ErrnoName | undefined;
  let message: string | undefined;
  let insn: number | undefined;
  try {
    const typeId = resolveProgTypeId(opts.progType);
    // helper prototypes and context rules from the kernel-objects layer (src/helpers, src/progtypes)
    // an iterator's helpers depend on its target (bpf_iter_get_func_proto): iter/tcp has setsockopt;
    // a struct_ops program's on its member (bpf_tcp_ca_get_func_proto: none in `release`)
    const iterTarget = opts.expectedAttachType === BPF_TRACE_ITER && opts.attachTo ? opts.attachTo : undefined;
    const member = typeId === BPF_PROG_TYPE_STRUCT_OPS ? splitStructOpsTarget(opts.attachTo ?? '')?.member : undefined;
    const takenAway = helpersTakenAway(opts.kernelProfile);
    const typeCtx = {
      priv, attachType: opts.expectedAttachType ?? 0, sleepable: ((opts.progFlags ?? 0) & 16) !== 0,
      ...(iterTarget ? { iterTarget } : {}), ...(member ? { structOpsMember: member } : {}), ...(takenAway.length ? { takenAway } : {}),
    };
    const adapted = verifierProgType(typeId, typeCtx);
    const progType = withKernelCtx(adapted?.type ?? opaqueProgType(typeId, opts.expectedAttachType ?? 0), rules);
    if (!priv && !progType.unprivOk) throw new VerifierError('EPERM', `program type ${progType.name} requires CAP_BPF (unprivileged load refused)`);
    if (slots.n === 0) throw new VerifierError('EINVAL', 'empty program');
    if (bytes.length % 8) throw new VerifierError('EINVAL', `program length ${bytes.length} is not a multiple of 8 bytes`);
    if (slots.n > (priv ? BPF_COMPLEXITY_LIMIT_INSNS : BPF_MAXINSNS)) throw new VerifierError('E2BIG', `program of ${slots.n} insns is too large`);
    const exCbInsn = exceptionCbInsn(opts.funcInfo);
    const kernelBtf = kernelBtfOnce(opts.kernelBtf);
    const maps = withMapRecords(opts.maps ?? [], opts.progBtf, kernelBtf);
    const cfg = buildCfg(slots, {
      ...(exCbInsn !== undefined ? { extraSubprogs: [exCbInsn] } : {}),
      allowLoops: priv, bpfCapable: priv, anyBackEdge: rules.cfgAnyBackEdge, kfuncWording: rules.kfuncCalls, ldimm64Middle: rules.cfgLdimm64,
      ...(opts.funcInfo?.length ? { returnsScalar: (insn: number) => opts.funcInfo!.some((f) => f.insnOff === insn && f.returnsScalar) } : {}),
      callArgs: (insn: number) => {
        if (isPseudoCall(slots, insn)) return undefined;
        const c = callInfo(slots, insn, typeId, (id) => ALL_HELPER_PROTOS.get(id), kernelBtf);
        return c ? c.mask & 0x3e : undefined;
      },
      afterSubprogs: () => checkLdImm(slots, opts.maps?.length ?? 0, rules.cpuV4, rules.atomics, opts.rawMapFds, rules.mayGoto,
        (idx, i) => checkMapProgCompatibility(maps[idx]!, typeId, i)),
    });
    markExceptionCb(cfg, exCbInsn);
    const fastcall = rules.fastcall ? markFastcallPatterns(slots, cfg, typeId, (id) => ALL_HELPER_PROTOS.get(id), kernelBtf) : null;
    const structOps = typeId === BPF_PROG_TYPE_STRUCT_OPS ? checkStructOpsAttach(kernelBtf, opts.attachTo ?? '', opts.gpl ?? true, typeCtx.sleepable) : undefined;
    checker = new Checker({
      slots, cfg, maps, progBtf: opts.progBtf, progType, protos: ALL_HELPER_PROTOS, typeProtos: adapted?.protos ?? helperProtosOfType(GET_FUNC_PROTO[typeId], typeCtx), priv, logLevel, progFlags: opts.progFlags ?? 0,
      gpl: opts.gpl ?? true, insnLimit: opts.insnLimit ?? BPF_COMPLEXITY_LIMIT_INSNS, lineInfo: opts.lineInfo, json: opts.json === 'trace' ? 'trace' : !!opts.json,
      rules, nrCpuIds: rules.smpProcessorIdRange ? Math.max(0, Math.floor(opts.nrCpuIds ?? 0)) : 0, attachType: opts.expectedAttachType ?? 0, funcs: funcsBySubprog(cfg, opts.funcInfo),
      kernelBtf, attachTo: opts.attachTo ?? '', fastcall, voidReturn: structOps ? structOps.proto.returnType === 0 : false,
    });
    checker.run();
    if (fastcall) removeFastcallSpillsFills(fastcall, cfg);
    checkMaxStackDepth(slots, cfg, rules.cfgAnyBackEdge, rules.jitStackRound16);
    checkThrowReach(slots, cfg, (i) => checker!.isThrowCall(i));
    if (!priv) for (const m of checker.tailCallMap.values()) if (m === null) throw new VerifierError('EINVAL', 'tail_call abusing map_ptr');
  } catch (e) {
    if (!(e instanceof VerifierError)) throw e;
    errno = e.errno === ('EBADF' as string) ? 'EBADF' : e.errno;
    message = e.message;
    insn = e.insn >= 0 ? e.insn : undefined;
  }
  // a level-1/2 log of a long verification has millions of lines: no spread into one call's arguments
  if (checker) for (const line of checker.log) log.push(line);
  if (message) log.push(message);
  const stats = {
    processed: checker?.processed ?? 0,
    maxStatesPerInsn: checker?.maxStatesPerInsn ?? 0,
    totalStates: checker?.totalStates ?? 0,
    peakStates: checker?.peakStates ?? 0,
    markRead: checker?.markRead ?? 0,
    timeUs: Math.round((performance.now() - t0) * 1000),
  };
  if (logLevel >= 1 || !message) {
    log.push(`processed ${stats.processed} insns (limit ${BPF_COMPLEXITY_LIMIT_INSNS}) max_states_per_insn ${stats.maxStatesPerInsn} total_states ${stats.totalStates} peak_states ${stats.peakStates} mark_read ${stats.markRead}`);
  }
  let explanation: string | undefined;
  if (message) {
    const ex: string[] = ['', '-- tsbpf explanation --'];
    ex.push(`rejected${insn !== undefined ? ` at insn ${insn}` : ''}: ${explain(message)}`);
    // a helper the target kernel's profile took away: say which lockdown level or option
    const gone = /^program of this type cannot use helper bpf_(\w+)#/.exec(message);
    const why = gone ? whyTakenAway(gone[1]!, opts.kernelProfile) : undefined;
    if (why) ex.push(`  (every program type: ${why}; --all-helpers verifies for a fully configured kernel)`);
    if (insn !== undefined && insn < slots.n) ex.push(`  insn ${insn}: ${disasmSlot(slots, insn)}`);
    const src = insn !== undefined ? sourceLine(opts.lineInfo, insn) : undefined;
    if (src) ex.push(`  source: ${src.fileName ? `${src.fileName}:${src.lineNum ?? '?'}: ` : ''}${src.line.trim()}`);
    const path = pathList(checker?.currentPath ?? null);
    if (path.length) {
      ex.push('  path to the error (branch decisions):');
      for (const n of path.slice(-20)) ex.push(`    insn ${n.insn}: ${n.taken ? 'jump taken' : 'fell through'}`);
      if (path.length > 20) ex.push(`    (${path.length - 20} earlier decisions omitted)`);
    }
    explanation = ex.slice(2).join('\n');
    log.push(...ex);
  }
  const res: VerifyResult = { accepted: !message, log: log.join('\n') + '\n', stats };
  if (message) { res.errno = errno; res.message = message; res.insn = insn; res.explanation = explanation; }
  if (opts.json === 'trace' && checker?.trace) res.trace = checker.trace;
  else if (opts.json && checker) res.json = checker.jsonSteps;
  if (!message && checker) res.deadInsns = deadSlots(slots, checker.seen);
  if (!message && checker?.maxTpAccess) res.maxTpAccess = checker.maxTpAccess;
  return res;
}

/** the instruction starts (an lddw's second slot is not one) that were never processed */
function deadSlots(slots: Slots, seen: Uint8Array): number[] {
  const dead: number[] = [];
  for (let i = 0; i < slots.n; i += slots.code[i] === LDDW ? 2 : 1) if (!seen[i]) dead.push(i);
  return dead;
}
