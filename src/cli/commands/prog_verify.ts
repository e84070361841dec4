/**
 * `tsbpf prog verify --raw P.bin [--type T] [--log-level 1|2] [--unpriv] [--flags N|NAMES] [--json]
 *  [--map TYPE:KS:VS:MAX ...] [--kernel 5.10|6.18] [--kconfig FILE | --all-helpers]`: run the verifier
 * on a program, print the log (kernel format, then tsbpf's explanation) and exit 0 when accepted, 1
 * when rejected. `--kernel` picks whose rules apply where Linux changed them
 * (src/verifier/kernel_rules.ts; default 6.18); the helpers offered are the running kernel's (its
 * lockdown level and build options, or those of `--kconfig FILE`), all of them with `--all-helpers`.
 */
import { intOption } from '../numbers.js';
import { BpfError } from '../../isa/errors.js';
import { verify, kernelRules, PROG_FLAG_NAMES, MapType, DEFAULT_KERNEL, type VerifierMap, type LineInfo, type BtfTypes } from '../../verifier/index.js';
import { kernelBtfFile, kernelProfile as runningKernelProfile, BTF_VMLINUX } from '../../kernel/system.js';
import { nrCpuIds } from '../../hooks/kernel/bpf.js';
import { applyObjectCore } from '../../elf/core.js';
import type { Btf } from '../../btf/btf.js';
import { KERNEL_INFO_OPTIONS } from './kernel_info.js';
import { loadObjectFile } from '../../elf/loader.js';
import { assertNoKernelExterns } from '../../elf/externs.js';
import type { ProgramSpec } from '../../elf/spec.js';
import { isGplCompatible, lineInfoOf, resolveKfuncIds, verifierMapOfSpec } from '../../verifier/object.js';
import { subprogFuncInfo, type SubprogFuncInfo } from '../../verifier/func_info.js';
import { defineCommand, mainOf, usageLine, UsageError } from '../command.js';
import { readInput } from '../files.js';
import { colourOn, colourVerifierLog } from '../colour.js';


/** prog_flags as a number or comma-separated BPF_F_* names ('none' = 0) */
export function parseProgFlags(s: string | undefined): number {
  if (s === undefined || s === 'none' || s === '') return 0;
  if (/^(0x[0-9a-f]+|\d+)$/i.test(s)) return Number(s);
  let v = 0;
  for (const name of s.split(',').map((x) => x.trim().toUpperCase())) {
    const k = name.startsWith('BPF_F_') ? name : `BPF_F_${name}`;
    const f = PROG_FLAG_NAMES[k];
    if (f === undefined) throw new BpfError('EINVAL', `unknown prog flag '${name}' (known: ${Object.keys(PROG_FLAG_NAMES).join(', ')})`);
    v |= f;
  }
  return v;
}

/** --map hash:8:8:1[:flags] → a map the program refers to by lddw imm = its position */
export function parseMapSpec(s: string): VerifierMap {
  const [type, ks, vs, max, flags] = s.split(':');
  const t = (MapType as Record<string, number>)[(type ?? '').toUpperCase().replace(/^BPF_MAP_TYPE_/, '')];
  if (t === undefined || ks === undefined || vs === undefined) throw new BpfError('EINVAL', `bad --map '${s}' (want TYPE:KEY_SIZE:VALUE_SIZE[:MAX_ENTRIES[:FLAGS]])`);
  return { type: t, keySize: Number(ks), valueSize: Number(vs), maxEntries: Number(max ?? 1), flags: Number(flags ?? 0), name: type };
}

export const command = defineCommand({
  name: 'prog verify',
  summary: 'run the verifier on a program: the log in the kernel\'s format, then tsbpf\'s explanation',
  forms: ['OBJ [--section S | --program NAME] [OPTIONS]', '--raw P.bin | --hex HEX [--type T] [--map TYPE:KS:VS:MAX]... [OPTIONS]'],
  args: 'OBJ',
  maxArgs: 1,
  options: {
    raw: { type: 'string', arg: 'P.bin', help: 'a raw program (8-byte instruction slots)' },
    hex: { type: 'string', arg: 'HEX', help: 'a program as hex bytes' },
    type: { type: 'string', arg: 'T', help: 'program type (xdp, socket_filter, kprobe, …; an object\'s section decides otherwise)' },
    section: { type: 'string', arg: 'S', help: 'the program in section S' },
    program: { type: 'string', arg: 'NAME', help: 'the program named NAME' },
    'log-level': { type: 'string', arg: 'L', choices: ['0', '1', '2'], help: 'BPF_LOG_LEVEL: 1 the path to the error, 2 every instruction\'s state' },
    unpriv: { type: 'boolean', help: 'verify as an unprivileged user (no CAP_BPF / CAP_PERFMON)' },
    flags: { type: 'string', arg: 'N|NAMES', help: 'prog_flags as a number or BPF_F_* names separated by commas' },
    map: { type: 'string', arg: 'TYPE:KS:VS:MAX', multiple: true, help: 'a map a raw program refers to by lddw imm = its position' },
    kernel: { type: 'string', arg: 'V', help: `whose rules apply where Linux changed them (5.10, 6.18; default ${DEFAULT_KERNEL})` },
    'btf-vmlinux': KERNEL_INFO_OPTIONS['btf-vmlinux'],
    kconfig: KERNEL_INFO_OPTIONS.kconfig,
    'all-helpers': KERNEL_INFO_OPTIONS['all-helpers'],
  },
  description: 'Exit 0 when the program is accepted, 1 when it is rejected. With -j: accepted, errno, message, insn, explanation, stats, log and the states as JSON.',
  examples: ['tsbpf prog verify examples/xdp_firewall.bpf.o', 'tsbpf prog verify --raw p.bin --type xdp --log-level 2'],
  run: (a) => verifyMain({ ...a.values, json: a.json }, a.args),
});

export const main = mainOf(command);

async function verifyMain(values: { raw?: string; hex?: string; type?: string; section?: string; program?: string; 'log-level'?: string; unpriv: boolean; flags?: string; map: string[]; kernel?: string; json: boolean; 'btf-vmlinux'?: string; kconfig?: string; 'all-helpers'?: boolean }, positionals: string[]): Promise<number> {
  if (!values.raw && !values.hex && positionals.length === 0) throw new UsageError('missing OBJ, --raw P.bin or --hex HEX', usageLine(command));
  let bytes: Uint8Array | undefined;
  let maps: VerifierMap[] = (values.map ?? []).map(parseMapSpec);
  let progType: string | number | undefined = values.type;
  let lineInfo: LineInfo[] | undefined;
  let funcInfo: SubprogFuncInfo[] | undefined;
  let gpl = true;
  let insns: ProgramSpec['insns'] | undefined;
  let progFlags = parseProgFlags(values.flags);
  let attachTo = '';
  // the section's expected_attach_type (tp_btf: BPF_TRACE_RAW_TP, iter/: BPF_TRACE_ITER...), as
  // libbpf passes it: without it a tp_btf program looked for a function named after its tracepoint
  let expectedAttachType: number | undefined;
  let kbtf: BtfTypes | undefined | null = null;
  // --btf-vmlinux FILE must be readable; the running kernel's BTF may be absent (then the verifier says what needs it)
  const kernelBtf = (): BtfTypes | undefined => {
    if (kbtf === null) {
      try {
        kbtf = kernelBtfFile(values['btf-vmlinux']);
      } catch (e) {
        if (values['btf-vmlinux']) throw e;
        kbtf = undefined;
      }
    }
    return kbtf;
  };
  // the rules of which kernel (checked before any file is read: EINVAL for an unknown one)
  const rules = kernelRules(values.kernel ?? DEFAULT_KERNEL);
  if (values.raw) bytes = readInput(values.raw);
  else if (values.hex) {
    const clean = values.hex.replace(/\s|0x/g, '');
    if (clean.length % 16 !== 0 || /[^0-9a-f]/i.test(clean)) throw new BpfError('EINVAL', '--hex wants whole 8-byte instructions in hex');
    bytes = Uint8Array.from(clean.match(/../g)!.map((b) => parseInt(b, 16)));
  } else {
    // an object file: one program, its maps as lddw indices, its BTF line info
    // kfunc calls are resolved below; other kernel externs (ksym, kconfig) are still refused
    const spec = await loadObjectFile(positionals[0]!, { allowUnsupported: true });
    let cands = spec.programs;
    if (values.program !== undefined) cands = cands.filter((p) => p.name === values.program);
    else if (values.section !== undefined) cands = cands.filter((p) => p.section === values.section);
    if (cands.length === 0) throw new BpfError('ENOENT', `no such program in ${positionals[0]} (programs: ${spec.programs.map((p) => `${p.name} [${p.section}]`).join(', ')})`);
    if (cands.length > 1) throw new BpfError('EINVAL', `several programs match: ${cands.map((p) => `${p.name} [${p.section}]`).join(', ')}; choose one with --program NAME`);
    const p = cands[0]!;
    // libbpf relocates CO-RE (bpf_object__relocate_core) before the kernel's verifier sees the
    // program: a type-id, existence or field-offset constant is the target kernel's, not clang's
    if (p.coreRelos.length && spec.btf) {
      let target: Btf;
      try {
        target = kernelBtfFile(values['btf-vmlinux']);
      } catch (e) {
        if (values['btf-vmlinux']) throw e;
        throw new BpfError('ESRCH', `program '${p.name}' of ${positionals[0]} has CO-RE relocations and there is no kernel BTF to resolve them against (no ${BTF_VMLINUX}): give one with --btf-vmlinux FILE`);
      }
      applyObjectCore(spec, target, [p]);
    }
    // libbpf resolves kfunc calls against the kernel's BTF; the verifier reads it only if needed
    insns = p.externs.some((e) => e.kind === 'kfunc') ? resolveKfuncIds(p, kernelBtf()) : p.insns;
    attachTo = p.attachTo;
    expectedAttachType = p.expectedAttachType;
    if (progType === undefined && p.type) progType = p.type;
    progFlags |= p.flags;
    maps = spec.maps.map(verifierMapOfSpec);
    lineInfo = lineInfoOf(p);
    funcInfo = subprogFuncInfo(spec.btf, p.funcInfo, p.type, p.expectedAttachType);
    gpl = isGplCompatible(p.license);
  }
  const logLevel = values['log-level'] === undefined ? 1 : intOption(values['log-level'], '--log-level', 0, 2);
  // the helpers the target kernel offers: the running kernel's lockdown and build (or --kconfig
  // FILE's), unless --all-helpers asks for a fully configured kernel
  const kernelProfile = values['all-helpers'] ? undefined : values.kconfig ? runningKernelProfile(values.kconfig) : (() => {
    try {
      return runningKernelProfile();
    } catch {
      return undefined;
    }
  })();
  // the running kernel's nr_cpu_ids bounds bpf_get_smp_processor_id (do_refine_retval_range), as
  // for the kernel's own verdict; a --kconfig or --all-helpers target is another machine: unbounded
  const cpuIds = kernelProfile && !values.kconfig ? runningNrCpuIds() : 0;
  const res = verify(bytes ?? insns!, {
    ...(kernelProfile ? { kernelProfile } : {}),
    ...(cpuIds > 0 ? { nrCpuIds: cpuIds } : {}),
    progType,
    unpriv: values.unpriv,
    logLevel,
    progFlags,
    maps,
    json: values.json,
    gpl,
    kernel: rules,
    kernelBtf,
    ...(attachTo ? { attachTo } : {}),
    ...(expectedAttachType ? { expectedAttachType } : {}),
    ...(lineInfo ? { lineInfo } : {}),
    ...(funcInfo ? { funcInfo } : {}),
  });
  if (values.json) {
    console.log(JSON.stringify({
      accepted: res.accepted, errno: res.errno, message: res.message, insn: res.insn, explanation: res.explanation,
      stats: res.stats, log: res.log, states: res.json,
    }, null, 2));
  } else {
    process.stdout.write(colourOn() ? colourVerifierLog(res.log, res.accepted) : res.log);
  }
  return res.accepted ? 0 : 1;
}

/** nr_cpu_ids of this machine, 0 where /sys does not say (not Linux) */
function runningNrCpuIds(): number {
  try {
    return nrCpuIds();
  } catch {
    return 0;
  }
}
