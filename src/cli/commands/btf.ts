/**
 * `tsbpf btf dump [file] OBJ [format c|raw] [--base BTF] [-j]`: bpftool's `btf dump file` for an ELF
 * object's .BTF or a raw BTF file such as /sys/kernel/btf/vmlinux. `raw` (the default) prints
 * exactly what bpftool prints; `c` prints a header that compiles.
 */
import { parseArgs } from 'node:util';
import { BpfError } from '../../isa/errors.js';
import { loadBtfFile } from '../../btf/load.js';
import { dumpJson, dumpRaw } from '../../btf/dump_raw.js';
import { dumpC } from '../../btf/dump_c.js';

const USAGE = 'usage: tsbpf btf dump [file] OBJ [format c|raw] [--base BTF] [-j|--json]';

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', short: 'j' }, base: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [verb, ...rest] = positionals;
  if (verb !== 'dump') {
    console.error(USAGE);
    return 2;
  }
  if (rest[0] === 'file') rest.shift();
  const path = rest.shift();
  if (!path) {
    console.error(USAGE);
    return 2;
  }
  let format = 'raw';
  if (rest.length) {
    if (rest[0] !== 'format' || rest.length !== 2) throw new BpfError('EINVAL', `unrecognized arguments: ${rest.join(' ')} (${USAGE})`);
    format = rest[1]!;
    if (format !== 'c' && format !== 'raw') throw new BpfError('EINVAL', `unrecognized format specifier: '${format}', possible values: raw, c`);
  }
  const base = values.base ? await loadBtfFile(values.base) : undefined;
  const btf = await loadBtfFile(path, { base });
  if (values.json) {
    if (format === 'c') throw new BpfError('EOPNOTSUPP', 'JSON output for C-syntax dump is not supported');
    process.stdout.write(dumpJson(btf));
    return 0;
  }
  process.stdout.write(format === 'c' ? dumpC(btf) : dumpRaw(btf));
  return 0;
}
