/**
 * `tsbpf prog show|list|pin`, `tsbpf map pin`, `tsbpf link show|list|pin|detach` and `tsbpf feature probe`: the running
 * kernel's objects and features in bpftool's grammar and output (kernel/link/inspect.ts makes the
 * records; here they are printed: JSON with -j/-p, bpftool's plain lines otherwise). With one
 * selector and JSON, bpftool prints the object itself rather than an array of one; so does this.
 */
import { BpfError } from '../../isa/errors.js';
import { toJson } from '../../runtime/format.js';
import { requireKernel } from '../kernel_run.js';
import { defineCommand } from '../command.js';
import { closeQuiet, objPin, linkDetach } from '../../kernel/link/sys.js';
import { linkShow, linkShowText, pinnedPaths, progShow, progShowText, selectFds, selectOne, type ObjKind } from '../../kernel/link/inspect.js';
import { probeFeatures } from '../../kernel/link/features.js';

function print(v: unknown, pretty: boolean): void {
  console.log(pretty ? toJson(v, 2) : toJson(v));
}

/** show the objects the selector words pick, as bpftool's do_show */
function show<T>(kind: ObjKind, words: string[], json: boolean, pretty: boolean, bpffs: boolean, describe: (fd: number) => T, text: (o: T) => string): number {
  requireKernel();
  const fds = selectFds(kind, words);
  const pins = bpffs ? pinnedPaths(kind) : undefined;
  try {
    const objs = fds.map((fd) => {
      const o = describe(fd) as T & { id: number; pinned?: string[] };
      const p = pins?.get(o.id);
      if (p) o.pinned = p;
      return o;
    });
    if (json) print(words.length && objs.length === 1 ? objs[0] : objs, pretty);
    else for (const o of objs) console.log(text(o));
    return 0;
  } finally {
    for (const fd of fds) closeQuiet(fd);
  }
}

const SELECT = 'id ID | pinned PATH | tag TAG | name NAME';

function showCommand(kind: 'prog' | 'link', verb: string) {
  return defineCommand({
    name: `${kind} ${verb}`,
    summary: kind === 'prog' ? 'programs loaded in the running kernel, as bpftool prog show' : 'links in the running kernel, as bpftool link show',
    args: kind === 'prog' ? `[${SELECT}]` : '[id ID | pinned PATH]',
    maxArgs: 2,
    options: { bpffs: { type: 'boolean', short: 'f', help: 'also list where each object is pinned under /sys/fs/bpf (bpftool -f)' } },
    examples: kind === 'prog' ? ['tsbpf prog show', 'tsbpf -j prog show name execsnoop'] : ['tsbpf link show', 'tsbpf -p link show id 12'],
    run: (a) => (kind === 'prog'
      ? show('prog', a.args, a.json, a.pretty, a.values.bpffs, progShow, progShowText)
      : show('link', a.args, a.json, a.pretty, a.values.bpffs, linkShow, linkShowText)),
  });
}

export const progShowCommand = showCommand('prog', 'show');
export const progListCommand = showCommand('prog', 'list');
export const linkShowCommand = showCommand('link', 'show');
export const linkListCommand = showCommand('link', 'list');

/** `tsbpf prog|map|link pin OBJ FILE` (bpftool's do_pin_any): BPF_OBJ_PIN of the selected object */
function pinCommand(kind: ObjKind) {
  const select = kind === 'prog' ? SELECT : kind === 'map' ? 'id ID | pinned PATH | name NAME' : 'id ID | pinned PATH';
  return defineCommand({
    name: `${kind} pin`,
    summary: `pin a ${kind} of the running kernel to a bpffs path (it stays until the pin is removed)`,
    args: `(${select}) FILE`,
    minArgs: 3,
    maxArgs: 3,
    options: {},
    examples: [`tsbpf ${kind} pin id 12 /sys/fs/bpf/my_${kind}`],
    run: (a) => {
      requireKernel();
      const fd = selectOne(kind, a.args.slice(0, 2));
      try {
        objPin(fd, a.args[2]!);
      } finally {
        closeQuiet(fd);
      }
      if (a.json) print(null, a.pretty);
      return 0;
    },
  });
}

export const progPinCommand = pinCommand('prog');
export const mapPinCommand = pinCommand('map');
export const linkPinCommand = pinCommand('link');

export const linkDetachCommand = defineCommand({
  name: 'link detach',
  summary: 'detach a link now, whoever holds it (BPF_LINK_DETACH)',
  args: 'id ID | pinned PATH',
  minArgs: 2,
  maxArgs: 2,
  options: {},
  examples: ['tsbpf link detach id 12'],
  run: (a) => {
    requireKernel();
    const [fd] = selectFds('link', a.args);
    try {
      linkDetach(fd!);
    } finally {
      closeQuiet(fd!);
    }
    if (a.json) print(null, a.pretty);
    return 0;
  },
});

export const featureProbeCommand = defineCommand({
  name: 'feature probe',
  summary: 'what the running kernel supports: program types, map types, helpers per program type, attach kinds (bpftool feature probe)',
  args: '[kernel] [full]',
  maxArgs: 2,
  options: { 'no-helpers': { type: 'boolean', help: 'skip the helper probes (one program load per helper and program type)' } },
  examples: ['tsbpf feature probe', 'tsbpf -j feature probe kernel', 'tsbpf feature probe full  # also the helpers whose probe writes to the kernel log (bpf_trace_printk)'],
  run: (a) => {
    const bad = a.args.find((w) => w !== 'kernel' && w !== 'full');
    if (bad !== undefined) throw new BpfError('EINVAL', `feature probe: expected 'kernel' or 'full' (the running kernel is the only target), not '${bad}'`);
    requireKernel();
    const r = probeFeatures({ helpers: !a.values['no-helpers'], full: a.args.includes('full') });
    if (a.json) {
      print(r, a.pretty);
      return 0;
    }
    const out: string[] = ['Scanning system call availability...', 'bpf() syscall is available', ''];
    const section = (title: string, rec: Record<string, boolean>, re: RegExp, what: string) => {
      out.push(`Scanning ${title}...`);
      for (const [k, v] of Object.entries(rec)) out.push(`${what} ${k.replace(re, '$1')} is ${v ? '' : 'NOT '}available`);
      out.push('');
    };
    section('eBPF program types', r.program_types, /^have_(.*)_prog_type$/, 'eBPF program_type');
    section('eBPF map types', r.map_types, /^have_(.*)_map_type$/, 'eBPF map_type');
    if (!a.values['no-helpers']) {
      out.push('Scanning eBPF helper functions...');
      for (const [k, list] of Object.entries(r.helpers)) {
        out.push(`eBPF helpers supported for program type ${k.replace(/_available_helpers$/, '')}:`);
        for (const h of list) out.push(`\t- ${h}`);
      }
      out.push('');
    }
    const misc: Record<string, string> = { have_large_insn_limit: 'Large program size limit', have_bounded_loops: 'Bounded loop support', have_v2_isa_extension: 'ISA extension v2', have_v3_isa_extension: 'ISA extension v3' };
    out.push('Scanning miscellaneous eBPF features...');
    for (const [k, v] of Object.entries(r.misc)) out.push(`${misc[k] ?? k} is ${v ? '' : 'NOT '}available`);
    out.push('');
    section('attach kinds', r.attach_kinds, /^(.*)$/, 'attach kind');
    console.log(out.join('\n').trimEnd());
    return 0;
  },
});
