/**
 * `tsbpf prog load OBJ [--pinmaps DIR] [--no-verify] [-j|--json]`: load a clang-compiled object
 * (maps created, global data initialised, map references resolved) and list its programs (name,
 * section, type, instruction count, maps) and maps; `--pinmaps DIR` pins every map under DIR by
 * name (bpftool's `pinmaps`), where `tsbpf map … pinned DIR/NAME` and other processes find them.
 * Every program is verified first, as BPF_PROG_LOAD does; a rejection exits 1 with the kernel's
 * message, the program's section, instruction and source line. `--no-verify` skips the verifier
 * (the engines' run-time checks still apply).
 *
 * `tsbpf prog load OBJ PATH` is bpftool's: the object goes into the running kernel and its first
 * program is pinned at PATH on bpffs (bpftool prog.c load_with_options; `--all` is bpftool's
 * `loadall`: every program pinned at PATH/NAME). `--kernel` without PATH loads into the kernel, lists
 * what the kernel accepted with its ids, and unloads (nothing pinned holds it).
 */
import { intOption } from '../numbers.js';
import { mkdirSync, rmSync } from 'node:fs';
import { BpfError } from '../../isa/errors.js';
import { mapTypeShortName } from '../../maps/constants.js';
import { loadObject } from '../../runtime/object.js';
import { KERNEL_INFO_OPTIONS, kernelInfoLoadOptions, type KernelInfoValues } from './kernel_info.js';
import { toJson } from '../../runtime/format.js';
import { progTypeName } from '../../progtypes/prog_types.js';
import { defineCommand, mainOf } from '../command.js';

const NOT_VERIFIED = 'programs were loaded without verification (--no-verify): only the engines\' run-time checks apply';

export const command = defineCommand({
  name: 'prog load',
  summary: 'load an object file (maps created, programs verified) and list its programs and maps',
  args: 'OBJ [PATH] [pinmaps DIR]',
  minArgs: 1,
  maxArgs: 2,
  // bpftool's `pinmaps DIR` keyword form
  preprocess: (argv) => {
    const args = [...argv];
    const k = args.indexOf('pinmaps');
    if (k >= 0 && args[k + 1] !== undefined) args.splice(k, 2, '--pinmaps', args[k + 1]!);
    return args;
  },
  options: {
    pinmaps: { type: 'string', arg: 'DIR', help: 'pin every map under DIR by name, where tsbpf map … pinned DIR/NAME finds it' },
    'no-verify': { type: 'boolean', help: 'skip the verifier (the engines\' run-time checks still apply)' },
    ncpus: { type: 'string', arg: 'N', help: 'CPUs the per-CPU maps have (1..1024, default 1)' },
    kernel: { type: 'boolean', help: 'load into the running kernel (implied by PATH); without PATH the programs are unloaded again at exit' },
    all: { type: 'boolean', help: 'with PATH: pin every program at PATH/NAME (bpftool prog loadall)' },
    ...KERNEL_INFO_OPTIONS,
  },
  description: 'Every program is verified first, as BPF_PROG_LOAD does; a rejection exits 1 with the kernel\'s message, the program\'s section, instruction and source line. With PATH (bpftool\'s form) the object goes into the running kernel and its first program is pinned at PATH on bpffs (--all: every program at PATH/NAME); pinmaps DIR then pins the kernel\'s maps.',
  examples: ['tsbpf prog load examples/xdp_firewall.bpf.o pinmaps /tmp/fw', 'tsbpf prog load examples/xdp_count.bpf.o /sys/fs/bpf/xdp_count'],
  run: (a) => (a.values.kernel || a.args.length === 2
    ? kernelLoad({ ...a.values, json: a.json, pretty: a.pretty }, a.args)
    : loadMain({ ...a.values, json: a.json, pretty: a.pretty }, a.args)),
});

export const main = mainOf(command);

/** `tsbpf prog loadall OBJ PATH` is bpftool's loadall: `prog load OBJ PATH --all` */
export const loadallCommand = defineCommand({
  name: 'prog loadall',
  summary: 'load an object into the running kernel and pin every program at PATH/NAME (bpftool prog loadall)',
  args: 'OBJ PATH [pinmaps DIR]',
  minArgs: 2,
  maxArgs: 2,
  preprocess: command.preprocess,
  // the kernel loads with its own BTF and config: the emulator's options do not apply
  options: { pinmaps: command.options.pinmaps },
  examples: ['tsbpf prog loadall examples/xdp_firewall.bpf.o /sys/fs/bpf/fw pinmaps /sys/fs/bpf/fw/maps'],
  run: (a) => kernelLoad({ ...a.values, 'no-verify': false, kernel: true, all: true, json: a.json, pretty: a.pretty }, a.args),
});

interface LoadValues extends KernelInfoValues { pinmaps?: string; 'no-verify': boolean; ncpus?: string; kernel: boolean; all: boolean; json: boolean; pretty: boolean }

/** bpftool prog load / loadall: into the kernel, pinned so it outlives this process */
async function kernelLoad(values: LoadValues, positionals: string[]): Promise<number> {
  const [file, path] = positionals as [string, string | undefined];
  if (values['no-verify']) throw new BpfError('EINVAL', '--no-verify: the kernel always verifies what it loads');
  if (values.all && !path) throw new BpfError('EINVAL', '--all needs PATH: the directory the programs are pinned under');
  // the kernel target takes the running kernel's own BTF and config: the emulator's stand-ins would be ignored
  for (const o of ['btf-vmlinux', 'kconfig', 'all-helpers'] as const) if (values[o]) throw new BpfError('EINVAL', `--${o}: the kernel loads with its own; this option is for the emulator`);
  const obj = await loadObject(file, { target: 'kernel' });
  const pinned: string[] = [];
  try {
    const progs = [...obj.programs.values()];
    if (!progs.length) throw new BpfError('ENOENT', `${file}: the object has no programs to load`);
    // bpftool prog load pins the first program at PATH; loadall pins each at PATH/NAME
    const pinOf = (name: string, i: number): string | undefined => (path && values.all ? `${path}/${name}` : i === 0 ? path : undefined);
    if (path && values.all) mkdirSync(path, { recursive: true });
    progs.forEach((p, i) => {
      const at = pinOf(p.name, i);
      if (at) pinAt(p, at, pinned);
    });
    if (values.pinmaps) {
      mkdirSync(values.pinmaps, { recursive: true });
      for (const m of obj.maps.values()) pinAt(m, mapPinPath(values.pinmaps, m.name), pinned);
    }
    const programs = progs.map((p, i) => ({ name: p.name, section: p.section, id: p.id, ...(pinOf(p.name, i) ? { pinned: pinOf(p.name, i) } : {}) }));
    const maps = [...obj.maps.values()].map((m) => ({ name: m.name, id: m.id, ...(values.pinmaps ? { pinned: mapPinPath(values.pinmaps, m.name) } : {}) }));
    if (values.json) {
      const o = { file, programs, maps, warnings: obj.warnings };
      console.log(values.pretty ? toJson(o, 2) : toJson(o));
    } else {
      for (const p of programs) console.log(`${p.id}: name ${p.name}  section ${p.section}${p.pinned ? `  pinned ${p.pinned}` : ''}`);
      for (const m of maps) console.log(`map ${m.id}: name ${m.name}${m.pinned ? `  pinned ${m.pinned}` : ''}`);
      for (const w of obj.warnings) console.log(`note: ${w}`);
      console.log(path ? `loaded into the kernel: ${pinned.length} pin${pinned.length === 1 ? '' : 's'} hold it` : 'loaded into the kernel and accepted; nothing pinned, so it is unloaded at exit');
    }
    return 0;
  } catch (e) {
    // a half-done load leaves nothing behind: the pins made so far go too (bpftool unpins on error)
    for (const p of pinned) rmSync(p, { force: true });
    throw e;
  } finally {
    obj.close();
  }
}

/** where pinmaps puts a map: bpffs refuses '.' in names, so libbpf's sanitize_pin_path makes it '_' (.rodata → _rodata) */
function mapPinPath(dir: string, name: string): string {
  return `${dir}/${name.replace(/\./g, '_')}`;
}

function pinAt(o: { pin(path: string): void }, path: string, pinned: string[]): void {
  o.pin(path);
  pinned.push(path);
}

async function loadMain(values: LoadValues, positionals: string[]): Promise<number> {
  const file = positionals[0]!;
  const ncpus = values.ncpus !== undefined ? intOption(values.ncpus, '--ncpus', 1, 1024) : 1;
  // a failure is reported as every command's (main.ts report): `tsbpf prog load: ERRNO: … (at FILE, …)`
  const obj = await loadObject(file, { ncpus, verify: !values['no-verify'], ...kernelInfoLoadOptions(values), ...(values.pinmaps ? { pinMaps: values.pinmaps } : {}) });
  const maps = [...obj.maps.values()].map((m) => ({
    name: m.name,
    type: mapTypeShortName(m.map.type),
    key_size: m.map.keySize,
    value_size: m.map.valueSize,
    max_entries: m.map.maxEntries,
    flags: m.map.flags,
    ...(obj.bpf.pinPaths(m.map).length ? { pinned: obj.bpf.pinPaths(m.map) } : {}),
  }));
  const programs = obj.spec.programs.map((p) => ({
    name: p.name,
    section: p.section,
    type: progTypeName(p.type).replace(/^BPF_PROG_TYPE_/, '').toLowerCase(),
    insns: p.insns.reduce((n, i) => n + (i.code === 0x18 ? 2 : 1), 0),
    maps: p.mapIndices.map((i) => obj.spec.maps[i]!.name),
  }));
  if (values.json) {
    const o = { file, programs, maps, verified: obj.verified, ...(obj.verified ? {} : { note: NOT_VERIFIED }) };
    console.log(values.pretty ? toJson(o, 2) : toJson(o));
  } else {
    for (const p of programs) console.log(`${p.type}  name ${p.name}  section ${p.section}  insns ${p.insns}${p.maps.length ? `  maps ${p.maps.join(',')}` : ''}`);
    for (const m of maps) console.log(`map ${m.type}  name ${m.name}  key ${m.key_size}B  value ${m.value_size}B  max_entries ${m.max_entries}${m.flags ? `  flags 0x${m.flags.toString(16)}` : ''}${m.pinned ? `  pinned ${m.pinned.join(',')}` : ''}`);
    console.log(obj.verified ? `verified: ${programs.length} program${programs.length === 1 ? '' : 's'} accepted` : `note: ${NOT_VERIFIED}`);
  }
  obj.close();
  return 0;
}
