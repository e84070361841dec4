/**
 * `tsbpf asm FILE.s [-o out.o | --raw out.bin] [--dialect llvm|ubpf] [--target bpfel|bpfeb]`:
 * assemble a `.s` file (clang -S output, llvm dialect by default) into an ELF object
 * (default FILE.o) or a raw program (8-byte slots).
 */
import { writeFileSync } from 'node:fs';
import { readBinaryFile } from '../../elf/read_file.js';
import { parseArgs } from 'node:util';
import { BpfError } from '../../isa/errors.js';
import { encodeInstructions } from '../../isa/instruction.js';
import { loadUbpf } from '../../asm/dialects.js';
import { disassemble } from '../../asm/disasm.js';
import { assemble, assembleElf } from '../../asm/object.js';

const USAGE = 'usage: tsbpf asm FILE.s [-o out.o | --raw out.bin] [--dialect llvm|ubpf] [--target bpfel|bpfeb]';

export async function main(argv: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        raw: { type: 'string' },
        dialect: { type: 'string', default: 'llvm' },
        target: { type: 'string', default: 'bpfel' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    console.error(`tsbpf asm: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values: v, positionals } = a;
  if (v.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  if (v.output !== undefined && v.raw !== undefined) throw new BpfError('EINVAL', '-o and --raw are exclusive');
  if (v.dialect !== 'llvm' && v.dialect !== 'ubpf') throw new BpfError('EINVAL', `unknown dialect '${v.dialect}' (llvm or ubpf)`);
  if (v.target !== 'bpfel' && v.target !== 'bpfeb' && v.target !== 'bpf') throw new BpfError('EINVAL', `unknown target '${v.target}' (bpfel or bpfeb)`);
  const bigEndian = v.target === 'bpfeb';
  const file = positionals[0]!;
  const src = new TextDecoder().decode(await readBinaryFile(file));
  if (v.dialect === 'ubpf') {
    // the ubpf dialect has no sections or symbols: it yields one program
    const insns = (await loadUbpf()).assembleUbpf(src);
    if (v.raw !== undefined) writeFileSync(v.raw, encodeInstructions(insns, { bigEndian }));
    else writeFileSync(v.output ?? defaultOut(file), assembleElf(disassemble(insns, { listing: false }), { file, bigEndian }));
    return 0;
  }
  if (v.raw !== undefined) {
    writeFileSync(v.raw, encodeInstructions(assemble(src, { file, bigEndian }), { bigEndian }));
    return 0;
  }
  writeFileSync(v.output ?? defaultOut(file), assembleElf(src, { file, bigEndian }));
  return 0;
}

function defaultOut(file: string): string {
  return file.replace(/\.(s|S|asm)$/, '') + '.o';
}
