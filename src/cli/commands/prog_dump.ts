/**
 * `tsbpf prog dump jited|xlated FILE [--section S | --prog NAME] [--verified] [--no-budget] [-j]`:
 * bpftool's `prog dump`. `jited` prints the WebAssembly module the JIT generates for the program,
 * as WAT text (with `-j`, a JSON object with the wasm bytes as hex, its size and the compile
 * time); `xlated` prints the instructions as `bpftool prog dump xlated` does (BTF function
 * headers, `; source` lines, verifier-log syntax; `--linum`, `--opcodes`, `-j`; `--ubpf` for the ubpf dialect). FILE is a clang-compiled ELF object
 * (its programs after the loader's relocations) or a raw instruction file (.bin).
 */
import { readBinaryFile } from '../../elf/read_file.js';
import { BpfError } from '../../isa/errors.js';
import { type Instruction, bytesToHex, decodeInstructions } from '../../isa/instruction.js';
import { loadObjectSpec } from '../../elf/loader.js';
import { disassembleUbpf } from '../../asm/ubpf.js';
import { xlatedJson, xlatedText } from '../format/xlated.js';
import type { ProgramSpec } from '../../elf/spec.js';
import type { Btf } from '../../btf/btf.js';
import { compileModule } from '../../vm/jit/runtime.js';
import { wasmToWat } from '../../vm/jit/wat.js';
import { defineCommand, mainOf } from '../command.js';

const isElf = (b: Uint8Array): boolean => b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;

export const command = defineCommand({
  name: 'prog dump',
  summary: 'print a program as the JIT compiles it (jited: WebAssembly text) or as bpftool prints it (xlated)',
  args: 'jited|xlated FILE',
  minArgs: 2,
  maxArgs: 2,
  options: {
    section: { type: 'string', short: 's', arg: 'S', help: 'only the programs in section S' },
    program: { type: 'string', arg: 'NAME', help: 'only the program NAME' },
    prog: { type: 'string', arg: 'NAME', help: 'same as --program', hidden: true },
    linum: { type: 'boolean', help: 'xlated: file and line of each source line (bpftool linum)' },
    opcodes: { type: 'boolean', help: 'xlated: the instruction bytes under each instruction (bpftool opcodes)' },
    ubpf: { type: 'boolean', help: 'xlated: in the ubpf dialect (assembles back with tsbpf asm --dialect ubpf)' },
    verified: { type: 'boolean', help: 'jited: compile as a verified program (no region checks)' },
    'no-budget': { type: 'boolean', help: 'jited: without the instruction budget (needs --verified)' },
  },
  description: 'FILE is a clang-compiled ELF object (its programs after the loader\'s relocations) or a raw instruction file (.bin). With -j, jited prints the wasm bytes as hex, their size and the compile time.',
  examples: ['tsbpf prog dump xlated examples/xdp_firewall.bpf.o --linum', 'tsbpf prog dump jited prog.bin --verified'],
  run: (a) => dumpMain({ ...a.values, json: a.json }, a.args),
});

export const main = mainOf(command);

async function dumpMain(values: { section?: string; program?: string; prog?: string; linum: boolean; opcodes: boolean; ubpf: boolean; verified: boolean; 'no-budget': boolean; json: boolean }, positionals: string[]): Promise<number> {
  const [what, file] = positionals as [string, string];
  if (what !== 'jited' && what !== 'xlated') throw new BpfError('EINVAL', `prog dump: '${what}' is not jited or xlated`);
  const bytes = await readBinaryFile(file);
  if (values.program !== undefined) values.prog = values.program;
  const progs: Array<{ name: string; section: string; insns: Instruction[]; spec?: ProgramSpec; btf?: Btf }> = [];
  if (isElf(bytes)) {
    const spec = loadObjectSpec(bytes, { file });
    for (const p of spec.programs) {
      if (values.section !== undefined && p.section !== values.section) continue;
      if (values.prog !== undefined && p.name !== values.prog) continue;
      progs.push({ name: p.name, section: p.section, insns: p.insns, spec: p, btf: spec.btf });
    }
    if (!progs.length) throw new BpfError('ENOENT', `no program${values.section ? ` in section ${values.section}` : ''}${values.prog ? ` named ${values.prog}` : ''}`, { file });
  } else {
    progs.push({ name: file.replace(/^.*\//, '').replace(/\.[^.]*$/, ''), section: '', insns: decodeInstructions(bytes) });
  }
  const verified = values.verified!;
  const counting = !values['no-budget'];
  if (!counting && !verified) throw new BpfError('EINVAL', '--no-budget needs --verified (an unverified program always runs with the instruction budget)');
  const out: unknown[] = [];
  for (const p of progs) {
    if (what === 'xlated') {
      // --ubpf: the instructions in the ubpf dialect instead (assembles back with `tsbpf asm --dialect ubpf`)
      if (values.ubpf) {
        if (values.json) out.push({ name: p.name, section: p.section, insns: disassembleUbpf(p.insns).trimEnd().split('\n') });
        else console.log(`${p.name}:${p.section ? ` (section ${p.section})` : ''}\n${disassembleUbpf(p.insns, { labels: true })}`);
        continue;
      }
      const ps: ProgramSpec = p.spec ?? { name: p.name, section: '', insns: p.insns, functions: [], funcInfo: [], lineInfo: [] } as unknown as ProgramSpec;
      const xo = { linum: values.linum!, opcodes: values.opcodes! };
      if (values.json) out.push(progs.length === 1 ? xlatedJson(ps, p.btf, xo) : { name: p.name, section: p.section, insns: xlatedJson(ps, p.btf, xo) });
      else process.stdout.write((progs.length > 1 ? `${p.name}:${p.section ? ` (section ${p.section})` : ''}\n` : '') + xlatedText(ps, p.btf, xo));
      continue;
    }
    const cm = compileModule(p.insns, !verified, counting);
    if (values.json) {
      out.push({ name: p.name, section: p.section, insns: p.insns.length, wasm_bytes: cm.wasm.length, compile_ms: +cm.compileMs.toFixed(3), wasm: bytesToHex(cm.wasm) });
    } else {
      console.log(`;; ${p.name}${p.section ? ` (section ${p.section})` : ''}: ${p.insns.length} instructions -> ${cm.wasm.length} bytes of wasm${verified ? ' (verified: no region checks)' : ' (region checks, instruction budget)'}`);
      console.log(wasmToWat(cm.wasm));
    }
  }
  if (values.json) console.log(JSON.stringify(out.length === 1 ? out[0] : out));
  return 0;
}
