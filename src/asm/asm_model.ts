/**
 * The assembler's object model: sections, symbols and relocations as `assembler.ts` builds them
 * and `object.ts` writes them as ELF, the growable byte buffer a section's contents live in, and the
 * LEB128 encodings DWARF and `.uleb128`/`.sleb128` emit.
 */
import type { ErrorLocation } from '../isa/errors.js';
import type { Expr } from './expr.js';

export interface AsmOptions {
  /** file name for error messages */
  file?: string;
  /** bpfeb: big-endian fields and dst in the high nibble */
  bigEndian?: boolean;
}

export interface AsmSymbol {
  name: string;
  /** registration order (first mention), -1 if only named by `.size` */
  order: number;
  bind: number;
  bindSet: boolean;
  type: number;
  visibility: number;
  section?: AsmSection;
  offset: number;
  sizeExpr?: { e: Expr; where: ErrorLocation };
  size: number;
  temporary: boolean;
  usedInReloc: boolean;
  /** the section's own symbol (STT_SECTION) */
  sectionSym?: AsmSection;
  /** `.set NAME, constant`: an absolute symbol (SHN_ABS) */
  absolute?: bigint;
  where?: ErrorLocation;
}

export interface AsmReloc {
  offset: number;
  type: number;
  symbol: AsmSymbol;
}

export interface AsmSection {
  name: string;
  type: number;
  flags: number;
  entsize: number;
  align: number;
  bytes: ByteBuf;
  relocs: AsmReloc[];
  sym: AsmSymbol;
  hasInstructions: boolean;
  /** instruction start offsets, for raw output */
  insnOffsets: number[];
}

export interface AsmObject {
  sections: AsmSection[];
  symbols: AsmSymbol[];
  fileNames: string[];
  addrsig: boolean;
  addrsigSyms: AsmSymbol[];
  bigEndian: boolean;
}

/** a growable byte buffer */
export class ByteBuf {
  buf = new Uint8Array(64);
  length = 0;
  private grow(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.length));
    this.buf = b;
  }
  push(bytes: ArrayLike<number>): void {
    this.grow(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }
  fill(n: number, v = 0): void {
    this.grow(n);
    this.buf.fill(v, this.length, this.length + n);
    this.length += n;
  }
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

export function uleb128(v: bigint): number[] {
  if (v < 0n) v = BigInt.asUintN(64, v);
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}

export function sleb128(v: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && !(b & 0x40)) || (v === -1n && b & 0x40)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}
