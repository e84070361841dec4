/**
 * `tsbpf prog load OBJ [--pinmaps DIR] [--no-verify] [-j|--json]`: load a clang-compiled object
 * (maps created, global data initialised, map references resolved) and list its programs (name,
 * section, type, instruction count, maps) and maps; `--pinmaps DIR` pins every map under DIR by
 * name (bpftool's `pinmaps`), where `tsbpf map … pinned DIR/NAME` and other processes find them.
 * Every program is verified first, as BPF_PROG_LOAD does; a rejection exits 1 with the kernel's
 * message, the program's section, instruction and source line. `--no-verify` skips the verifier
 * (the engines' run-time checks still apply).
 */
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
  args: 'OBJ [pinmaps DIR]',
  minArgs: 1,
  maxArgs: 1,
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
    ...KERNEL_INFO_OPTIONS,
  },
  description: 'Every program is verified first, as BPF_PROG_LOAD does; a rejection exits 1 with the kernel\'s message, the program\'s section, instruction and source line.',
  examples: ['tsbpf prog load examples/xdp_firewall.bpf.o pinmaps /tmp/fw'],
  run: (a) => loadMain({ ...a.values, json: a.json, pretty: a.pretty }, a.args),
});

export const main = mainOf(command);

async function loadMain(values: { pinmaps?: string; 'no-verify': boolean; ncpus?: string; json: boolean; pretty: boolean } & KernelInfoValues, positionals: string[]): Promise<number> {
  const file = positionals[0]!;
  const ncpus = values.ncpus ? Number(values.ncpus) : 1;
  if (!Number.isInteger(ncpus) || ncpus < 1 || ncpus > 1024) throw new BpfError('EINVAL', `--ncpus ${values.ncpus}: expected 1..1024`);
  let obj;
  try {
    obj = await loadObject(file, { ncpus, verify: !values['no-verify'], ...kernelInfoLoadOptions(values), ...(values.pinmaps ? { pinMaps: values.pinmaps } : {}) });
  } catch (e) {
    if (e instanceof BpfError) {
      if (values.json) console.log(toJson({ error: { errno: e.errno, message: e.reason, where: e.where } }));
      console.error(`tsbpf prog load: ${file}: ${e.message}`);
      return 1;
    }
    throw e;
  }
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
