/**
 * `tsbpf btf dump [file] OBJ [format c|raw] [--base BTF] [-j]`: bpftool's `btf dump file` for an ELF
 * object's .BTF or a raw BTF file such as /sys/kernel/btf/vmlinux. `raw` (the default) prints
 * exactly what bpftool prints; `c` prints a header that compiles.
 */
import { BpfError } from '../../isa/errors.js';
import { loadBtfFile } from '../../btf/load.js';
import { dumpJson, dumpRaw } from '../../btf/dump_raw.js';
import { dumpC } from '../../btf/dump_c.js';
import { defineCommand, mainOf } from '../command.js';

export const command = defineCommand({
  name: 'btf',
  summary: 'dump the BTF types of an ELF object or a raw BTF file (bpftool btf dump)',
  args: 'dump [file] FILE [format raw|c]',
  minArgs: 2,
  maxArgs: 5,
  options: {
    base: { type: 'string', arg: 'BTF', help: 'base BTF for split BTF (a module\'s BTF on top of vmlinux)' },
  },
  examples: ['tsbpf btf dump file /sys/kernel/btf/vmlinux format c > vmlinux.h', 'tsbpf -j btf dump prog.bpf.o'],
  async run({ values, args, json, pretty }) {
    const [verb, ...rest] = args;
    if (verb !== 'dump') throw new BpfError('EINVAL', `unknown btf verb '${verb}' (tsbpf btf dump [file] FILE [format raw|c])`);
    if (rest[0] === 'file') rest.shift();
    const path = rest.shift();
    if (!path) throw new BpfError('EINVAL', 'btf dump needs a FILE');
    let format = 'raw';
    if (rest.length) {
      if (rest[0] !== 'format' || rest.length !== 2) throw new BpfError('EINVAL', `unrecognized arguments: ${rest.join(' ')} (tsbpf btf dump [file] FILE [format raw|c])`);
      format = rest[1]!;
      if (format !== 'c' && format !== 'raw') throw new BpfError('EINVAL', `unrecognized format specifier: '${format}', possible values: raw, c`);
    }
    const base = values.base ? await loadBtfFile(values.base) : undefined;
    const btf = await loadBtfFile(path, { base });
    if (json) {
      if (format === 'c') throw new BpfError('EOPNOTSUPP', 'JSON output for C-syntax dump is not supported');
      process.stdout.write(dumpJson(btf, pretty ? 2 : undefined));
      return 0;
    }
    process.stdout.write(format === 'c' ? dumpC(btf) : dumpRaw(btf));
    return 0;
  },
});

export const main = mainOf(command);
