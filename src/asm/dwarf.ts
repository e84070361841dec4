/**
 * DWARF produced by the assembler itself from `.file N`, `.loc` and `.cfi_*` directives
 * (clang -g): for now these are accepted and checked for form, and the line table and
 * call-frame sections are not generated (the explicit `.debug_*`, `.BTF` and `.BTF.ext`
 * sections in the `.s` file are assembled as written).
 */
import type { Assembler } from './assembler.js';

export class DwarfState {
  constructor(readonly asm: Assembler) {}
  onInstruction(): void {}
  onLabel(): void {}
  file(args: string, col: number): void {
    if (!/^\s*\d+\s+"[^"]*"(\s+"[^"]*")?(\s+md5\s+0x[0-9a-fA-F]+)?(\s+source\s+"[^"]*")?\s*$/.test(args)) this.asm.fail('bad .file arguments', col);
  }
  loc(args: string, col: number): void {
    if (!/^\s*\d+\s+\d+(\s+\d+)?/.test(args)) this.asm.fail('bad .loc arguments', col);
  }
  cfi(_name: string, _args: string, _col: number): void {}
  finish(): void {}
}
