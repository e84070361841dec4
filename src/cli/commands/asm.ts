/**
 * `tsbpf asm FILE.s [-o out.o | --raw out.bin] [--dialect llvm|ubpf] [--target bpfel|bpfeb]`:
 * assemble a `.s` file (clang -S output, llvm dialect by default) into an ELF object
 * (default FILE.o) or a raw program (8-byte slots).
 */
import { readBinaryFile } from '../../elf/read_file.js';
import { BpfError } from '../../isa/errors.js';
import { encodeInstructions } from '../../isa/instruction.js';
import { loadUbpf } from '../../asm/dialects.js';
import { disassemble } from '../../asm/disasm.js';
import { assemble, assembleElf } from '../../asm/object.js';
import { defineCommand, mainOf } from '../command.js';
import { writeOutput } from '../files.js';

export const command = defineCommand({
  name: 'asm',
  summary: 'assemble a .s file (llvm or ubpf dialect) into an ELF object or a raw program',
  args: 'FILE.s',
  minArgs: 1,
  maxArgs: 1,
  options: {
    output: { type: 'string', short: 'o', arg: 'OUT.o', help: 'the ELF object to write (default FILE.o)' },
    raw: { type: 'string', arg: 'OUT.bin', help: 'write the instructions as raw 8-byte slots instead of an ELF object' },
    dialect: { type: 'string', arg: 'D', default: 'llvm', choices: ['llvm', 'ubpf'], help: 'assembly syntax: llvm (clang -S, llvm-objdump, the verifier log) or ubpf (mnemonics)' },
    target: { type: 'string', arg: 'T', default: 'bpfel', choices: ['bpfel', 'bpfeb', 'bpf'], help: 'byte order of the output (clang\'s -target)' },
  },
  examples: ['tsbpf asm prog.s -o prog.o', 'tsbpf asm --dialect ubpf test.asm --raw test.bin'],
  async run({ values: v, args }) {
    if (v.output !== undefined && v.raw !== undefined) throw new BpfError('EINVAL', '-o and --raw are exclusive');
    const bigEndian = v.target === 'bpfeb';
    const file = args[0]!;
    const src = new TextDecoder().decode(await readBinaryFile(file));
    if (v.dialect === 'ubpf') {
      // the ubpf dialect has no sections or symbols: it yields one program
      const insns = (await loadUbpf()).assembleUbpf(src);
      if (v.raw !== undefined) writeOutput(v.raw, encodeInstructions(insns, { bigEndian }));
      else writeOutput(v.output ?? defaultOut(file), assembleElf(disassemble(insns, { listing: false }), { file, bigEndian }));
      return 0;
    }
    if (v.raw !== undefined) {
      writeOutput(v.raw, encodeInstructions(assemble(src, { file, bigEndian }), { bigEndian }));
      return 0;
    }
    writeOutput(v.output ?? defaultOut(file), assembleElf(src, { file, bigEndian }));
    return 0;
  },
});

export const main = mainOf(command);

function defaultOut(file: string): string {
  return file.replace(/\.(s|S|asm)$/, '') + '.o';
}
