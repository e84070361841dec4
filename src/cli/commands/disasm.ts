/**
 * `tsbpf disasm FILE [--syntax llvm|kernel|ubpf] [--big-endian] [--no-reloc]`: disassemble a raw
 * program (8-byte slots) or every executable section of an ELF object, with its symbols as
 * labels. llvm syntax is laid out as `llvm-objdump -dr --mattr=+alu32` prints it.
 */
import { readBinaryFile } from '../../elf/read_file.js';
import { BpfError } from '../../isa/errors.js';
import { decodeInstructions } from '../../isa/instruction.js';
import { EM_BPF, readElf } from '../../elf/reader.js';
import { loadUbpf } from '../../asm/dialects.js';
import { disassemble } from '../../asm/disasm.js';
import { codeSections, disassembleObject } from '../../asm/disasm_object.js';
import { defineCommand, mainOf } from '../command.js';

export const command = defineCommand({
  name: 'disasm',
  summary: 'disassemble a raw program (8-byte slots) or every code section of an ELF object',
  args: 'FILE',
  minArgs: 1,
  maxArgs: 1,
  options: {
    syntax: { type: 'string', arg: 'S', default: 'llvm', choices: ['llvm', 'kernel', 'ubpf'], help: 'llvm (llvm-objdump -d), kernel (the verifier log) or ubpf (mnemonics)' },
    'big-endian': { type: 'boolean', help: 'a raw program is big-endian (bpfeb)' },
    'no-reloc': { type: 'boolean', help: 'do not print relocations under the instructions they patch' },
  },
  examples: ['tsbpf disasm examples/xdp_firewall.bpf.o', 'tsbpf disasm prog.bin --syntax kernel'],
  run: (a) => disasmMain(a.values, a.args),
});

export const main = mainOf(command);

async function disasmMain(v: { syntax: string; 'big-endian': boolean; 'no-reloc': boolean }, positionals: string[]): Promise<number> {
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
