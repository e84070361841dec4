/**
 * The kernel's printf for BPF programs: bpf_bprintf_prepare (kernel/bpf/helpers.c) decides which
 * formats are allowed, bstr_printf (lib/vsprintf.c) prints. Used by bpf_trace_printk (at most 3
 * arguments, MAX_TRACE_PRINTK_VARARGS), bpf_trace_vprintk and bpf_snprintf (at most 12,
 * MAX_BPRINTF_VARARGS). Allowed: %d %i %u %x %X with l / ll, %c, %s, %p, %pK %px %ps %pS %pB,
 * %pks %pus, %pi4 %pI4 %pi6 %pI6, %%, flags "0+- " and a width. Anything else is -EINVAL, as is
 * a format without a NUL inside its size, a non-printable character, or more conversions than
 * arguments.
 */
import type { HelperContext } from '../api.js';
import { canAccess, neg } from './util.js';

export const MAX_TRACE_PRINTK_VARARGS = 3;
export const MAX_BPRINTF_VARARGS = 12;
/** MAX_BPRINTF_BUF: the output buffer of trace_printk */
export const MAX_BPRINTF_BUF = 512;

interface Spec {
  kind: 'int' | 'str' | 'char' | 'ptr' | 'ip4' | 'ip6';
  /** the literal text before this conversion */
  flags: string;
  width: number;
  /** int: size in bytes (4 or 8); conv letter */
  size: number;
  conv: string;
  /** pointer extension letter for %p (K, x, s, S, B, or '' for plain), ip: 'i' or 'I' */
  ext: string;
}

export type Piece = string | Spec;

const isPrint = (c: number): boolean => c >= 0x20 && c < 0x7f;
const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const isPunct = (c: number): boolean => isPrint(c) && !isSpace(c) && !/[0-9A-Za-z]/.test(String.fromCharCode(c));
const isEndOfP = (c: number | undefined): boolean => c === undefined || c === 0 || isSpace(c) || isPunct(c);

/**
 * bpf_bprintf_prepare's checks: the parsed format, or an errno-style negative number.
 * `fmt` holds the bytes up to (not including) the NUL.
 */
export function parseBpfFormat(fmt: Uint8Array, numArgs: number): Piece[] | number {
  const out: Piece[] = [];
  let lit = '';
  let nspec = 0;
  const at = (k: number): number => (k < fmt.length ? fmt[k]! : 0);
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if ((!isPrint(c) && !isSpace(c)) || c > 0x7f) return neg('EINVAL');
    if (c !== 0x25 /* % */) {
      lit += String.fromCharCode(c);
      continue;
    }
    if (at(i + 1) === 0x25) {
      lit += '%';
      i++;
      continue;
    }
    if (nspec >= numArgs) return neg('EINVAL');
    i++;
    let flags = '';
    while (at(i) === 0x30 || at(i) === 0x2b || at(i) === 0x2d || at(i) === 0x20) flags += String.fromCharCode(at(i++));
    let width = 0;
    if (at(i) >= 0x31 && at(i) <= 0x39) {
      while (at(i) >= 0x30 && at(i) <= 0x39) width = width * 10 + (at(i++) - 0x30);
    }
    if (lit) out.push(lit);
    lit = '';
    const ch = String.fromCharCode(at(i));
    if (ch === 'p') {
      const n1 = at(i + 1);
      if (isEndOfP(n1)) {
        out.push({ kind: 'ptr', flags, width, size: 8, conv: 'p', ext: '' });
      } else if ((n1 === 0x6b /* k */ || n1 === 0x75 /* u */) && at(i + 2) === 0x73 /* s */) {
        i += 2;
        if (!isEndOfP(at(i + 1))) return neg('EINVAL');
        out.push({ kind: 'str', flags, width, size: 8, conv: 's', ext: String.fromCharCode(n1) });
      } else if ('KxsSB'.includes(String.fromCharCode(n1))) {
        i++;
        out.push({ kind: 'ptr', flags, width, size: 8, conv: 'p', ext: String.fromCharCode(n1) });
      } else if ((n1 === 0x69 || n1 === 0x49) && (at(i + 2) === 0x34 || at(i + 2) === 0x36)) {
        i += 2;
        out.push({ kind: at(i) === 0x34 ? 'ip4' : 'ip6', flags, width, size: 8, conv: 'p', ext: String.fromCharCode(n1) });
      } else {
        return neg('EINVAL');
      }
    } else if (ch === 's') {
      if (!isEndOfP(at(i + 1))) return neg('EINVAL');
      out.push({ kind: 'str', flags, width, size: 8, conv: 's', ext: '' });
    } else if (ch === 'c') {
      out.push({ kind: 'char', flags, width, size: 1, conv: 'c', ext: '' });
    } else {
      let size = 4;
      if (at(i) === 0x6c /* l */) {
        size = 8;
        i++;
      }
      if (at(i) === 0x6c) i++;
      const conv = String.fromCharCode(at(i));
      if (!'idux'.includes(conv) && conv !== 'X') return neg('EINVAL');
      out.push({ kind: 'int', flags, width, size, conv, ext: '' });
    }
    nspec++;
  }
  if (lit) out.push(lit);
  return out;
}

function pad(s: string, flags: string, width: number, numeric: boolean): string {
  if (s.length >= width) return s;
  if (flags.includes('-')) return s + ' '.repeat(width - s.length);
  if (numeric && flags.includes('0')) {
    const sign = /^[+\- ]/.test(s) ? s[0]! : '';
    const body = sign ? s.slice(1) : s;
    return sign + '0'.repeat(width - s.length) + body;
  }
  return ' '.repeat(width - s.length) + s;
}

function readBytes(h: HelperContext, addr: number, n: number): Uint8Array {
  // copy_from_kernel_nofault: a faulting read gives zeros
  if (!canAccess(h, addr, n, false)) return new Uint8Array(n);
  return h.as.u8.slice(addr, addr + n);
}

function readStr(h: HelperContext, addr: number, max: number): string {
  // bpf_trace_copy_string: a faulting string prints as empty
  let s = '';
  for (let k = 0; k < max - 1; k++) {
    if (!canAccess(h, addr + k, 1, false)) return k === 0 ? '' : s;
    const b = h.as.u8[addr + k]!;
    if (b === 0) break;
    s += String.fromCharCode(b);
  }
  return s;
}

/** bstr_printf of a checked format with 64-bit raw arguments; strings and IPs are read from the address space */
export function formatBpf(h: HelperContext, pieces: Piece[], args: readonly bigint[]): string {
  let out = '';
  let k = 0;
  for (const p of pieces) {
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    const a = args[k++] ?? 0n;
    switch (p.kind) {
      case 'int': {
        const bits = p.size * 8;
        const signed = p.conv === 'd' || p.conv === 'i';
        const v = signed ? BigInt.asIntN(bits, a) : BigInt.asUintN(bits, a);
        let s = p.conv === 'x' ? v.toString(16) : p.conv === 'X' ? v.toString(16).toUpperCase() : v.toString(10);
        if (signed && v >= 0n) s = (p.flags.includes('+') ? '+' : p.flags.includes(' ') ? ' ' : '') + s;
        out += pad(s, p.flags, p.width, true);
        break;
      }
      case 'char':
        out += pad(String.fromCharCode(Number(a & 0xffn)), p.flags, p.width, false);
        break;
      case 'str':
        out += pad(readStr(h, Number(BigInt.asUintN(32, a)), MAX_BPRINTF_BUF), p.flags, p.width, false);
        break;
      case 'ptr': {
        // tsbpf prints pointers unhashed (as the kernel does with no_hash_pointers); %ps/%pS/%pB
        // have no kernel symbols to resolve, so they print the address too
        const s = BigInt.asUintN(64, a).toString(16).padStart(16, '0');
        out += pad(p.ext === 's' || p.ext === 'S' || p.ext === 'B' ? `0x${BigInt.asUintN(64, a).toString(16)}` : s, p.flags, p.width, false);
        break;
      }
      case 'ip4': {
        const b = readBytes(h, Number(BigInt.asUintN(32, a)), 4);
        // %pi4 prints each octet as three digits, %pI4 without leading zeros (lib/vsprintf.c ip4_string)
        out += pad(Array.from(b, (x) => (p.ext === 'i' ? String(x).padStart(3, '0') : String(x))).join('.'), p.flags, p.width, false);
        break;
      }
      case 'ip6': {
        const b = readBytes(h, Number(BigInt.asUintN(32, a)), 16);
        const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0'));
        const s = p.ext === 'I' ? Array.from({ length: 8 }, (_, j) => hex[2 * j]! + hex[2 * j + 1]!).join(':') : hex.join('');
        out += pad(s, p.flags, p.width, false);
        break;
      }
    }
  }
  return out;
}

/** the format string at fmtAddr within fmtSize bytes (must contain a NUL), or -EINVAL */
export function readFormat(h: HelperContext, fmtAddr: number, fmtSize: number): Uint8Array | number {
  const bytes: number[] = [];
  for (let i = 0; i < fmtSize; i++) {
    if (!canAccess(h, fmtAddr + i, 1, false)) return neg('EINVAL');
    const b = h.as.u8[fmtAddr + i]!;
    if (b === 0) return Uint8Array.from(bytes);
    bytes.push(b);
  }
  return neg('EINVAL');
}
