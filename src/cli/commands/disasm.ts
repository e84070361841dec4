/**
 * `tsbpf disasm FILE [--syntax llvm|kernel|ubpf] [--big-endian] [--no-reloc]`: disassemble a raw
 * program (8-byte slots) or every executable section of an ELF object, with its symbols as
 * labels. llvm syntax is laid out as `llvm-objdump -dr --mattr=+alu32` prints it.
 */
import { readBinaryFile } from '../../elf/read_file.js';
import { parseArgs } from 'node:util';
import { BpfError } from '../../isa/errors.js';
import { decodeInstructions } from '../../isa/instruction.js';
import { EM_BPF, readElf } from '../../elf/reader.js';
import { loadUbpf } from '../../asm/dialects.js';
import { disassemble } from '../../asm/disasm.js';
import { codeSections, disassembleObject } from '../../asm/disasm_object.js';

const USAGE = 'usage: tsbpf disasm FILE [--syntax llvm|kernel|ubpf] [--big-endian] [--no-reloc]';

export async function main(argv: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        syntax: { type: 'string', default: 'llvm' },
        'big-endian': { type: 'boolean', default: false },
        'no-reloc': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    console.error(`tsbpf disasm: ${(e as Error).message}\n${USAGE}`);
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
  const syntax = v.syntax;
  if (syntax !== 'llvm' && syntax !== 'kernel' && syntax !== 'ubpf') throw new BpfError('EINVAL', `unknown syntax '${syntax}' (llvm, kernel or ubpf)`);
  const file = positionals[0]!;
  const bytes = await readBinaryFile(file);
  const isElf = bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
  if (isElf) {
    const elf = readElf(bytes, { file });
    if (elf.machine !== EM_BPF) throw new BpfError('EINVAL', `${file} is not a BPF object (e_machine ${elf.machine}, want EM_BPF ${EM_BPF})`, { file });
    if (syntax === 'ubpf') {
      const u = await loadUbpf();
      for (const cs of codeSections(elf)) process.stdout.write(`# section ${cs.name}\n${u.disassembleUbpf(cs.insns)}`);
      return 0;
    }
    process.stdout.write(disassembleObject(elf, { syntax, file, relocations: !v['no-reloc'] }));
    return 0;
  }
  let insns;
  try {
    insns = decodeInstructions(bytes, { bigEndian: v['big-endian'] });
  } catch (e) {
    if (e instanceof BpfError) throw new BpfError(e.errno, e.reason, { ...e.where, file });
    throw e;
  }
  if (syntax === 'ubpf') process.stdout.write((await loadUbpf()).disassembleUbpf(insns));
  else process.stdout.write(disassemble(insns, { syntax, bigEndian: v['big-endian'] }));
  return 0;
}
