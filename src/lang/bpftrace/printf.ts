/**
 * printf as bpftrace does it (src/format_string.cpp, src/printf.cpp): the format string is checked
 * at compile time — each `%` specifier against its argument — and formatted in user space with C
 * printf semantics: the flag `-`, a width (a leading 0 pads with zeroes), precision, the length modifiers bpftrace accepts
 * (hh, h, l, ll, z, j, t: the bits printf(3) reads of the 64-bit argument), and the conversions
 * d u o x X c s p, bpftrace's %r/%rx, and %%.
 */

export interface Spec {
  /** the text before this specifier (with %% already turned into %) */
  prefix: string;
  flags: string;
  width: number | undefined;
  precision: number | undefined;
  /** the length modifier: '', 'h', 'hh', 'l', 'll', 'z', 'j', 't' */
  len: string;
  conv: string;
}

export interface ParsedFormat {
  specs: Spec[];
  /** text after the last specifier */
  tail: string;
  /** the first `%...` that is no specifier bpftrace 0.17 knows (an error once the argument count is right) */
  unsupported?: string;
}

const CACHE = new Map<string, ParsedFormat>();

/** the specifiers of a format; `err` builds the error for a bad one */
export function parseFormat(fmt: string, err: (msg: string) => Error, nargs?: number): Spec[] {
  const f = parseFull(fmt);
  if (f.unsupported !== undefined && (nargs === undefined || nargs === f.specs.length)) throw err(`Invalid format string, unknown or unsupported specifier: ${f.unsupported}`);
  return f.specs;
}

export function parseFull(fmt: string): ParsedFormat {
  const hit = CACHE.get(fmt);
  if (hit) return hit;
  const specs: Spec[] = [];
  let text = '';
  let i = 0;
  let unsupported: string | undefined;
  while (i < fmt.length) {
    const c = fmt[i]!;
    if (c !== '%') {
      text += c;
      i++;
      continue;
    }
    if (fmt[i + 1] === '%') {
      // bpftrace formats each argument's segment with printf(3) and prints the text after the
      // last specifier as it is: there `%%` stays `%%` (bpftrace 0.17 src/printf.cpp)
      text += '%\0';
      i += 2;
      continue;
    }
    // bpftrace 0.17's specifier (src/printf.cpp): `%-?[0-9]*(\.[0-9]+)?(CONVERSION)` — the only
    // flag is `-` (a leading 0 of the width pads with zeroes, as printf(3) reads it); a `%` that does
    // not match is no specifier, so `%+d` or `%#x` leave an argument over ("Too many arguments")
    // (length modifiers go with d u o x X p only; there is no %i)
    const m = /^%(-?)(\d+)?(?:\.(\d+))?(?:(hh|h|ll|l|z|j|t)?([duoxXp])|(rx|r|[cs]))/.exec(fmt.slice(i));
    if (!m) {
      unsupported ??= /^%[-+ #0]*\d*(?:\.\d*)?[a-zA-Z]*/.exec(fmt.slice(i))![0];
      text += '%\0';
      i++;
      continue;
    }
    const flags = m[1]! + (m[2]?.startsWith('0') ? '0' : '');
    specs.push({ prefix: text.replace(/%\0/g, '%'), flags, len: m[4] ?? '', width: m[2] !== undefined ? Number(m[2]) : undefined, precision: m[3] !== undefined ? Number(m[3]) : undefined, conv: (m[5] ?? m[6])! });
    text = '';
    i += m[0].length;
  }
  const out: ParsedFormat = { specs, tail: text.replace(/%\0/g, '%%'), unsupported };
  CACHE.set(fmt, out);
  return out;
}

/** an argument as formatting sees it: an integer (64-bit, with its signedness) or text */
export type FmtArg = bigint | string;

function pad(s: string, spec: Spec, numeric: boolean): string {
  const w = spec.width ?? 0;
  if (s.length >= w) return s;
  if (spec.flags.includes('-')) return s + ' '.repeat(w - s.length);
  if (numeric && spec.flags.includes('0') && spec.precision === undefined) {
    const sign = /^[-+ ]/.test(s) ? s[0]! : '';
    const pre = /^[-+ ]?0[xX]/.test(s) ? s.slice(sign.length, sign.length + 2) : '';
    const body = s.slice(sign.length + pre.length);
    return sign + pre + '0'.repeat(w - s.length) + body;
  }
  return ' '.repeat(w - s.length) + s;
}

/** the bits printf(3) reads for a length modifier: none is an int, h a short, hh a char, l/ll/z/j/t 64 */
const LEN_BITS: Record<string, number> = { '': 32, h: 16, hh: 8, l: 64, ll: 64, z: 64, j: 64, t: 64 };

function formatInt(v0: bigint, spec: Spec): string {
  const conv = spec.conv;
  // bpftrace 0.17 hands each 64-bit argument to snprintf with the specifier as written, so `%d`
  // prints the low 32 bits, `%hu` 16, `%hhd` 8 (as C's default argument promotions and va_arg read them)
  const bits = LEN_BITS[spec.len] ?? 64;
  const v = conv === 'd' || conv === 'i' ? BigInt.asIntN(bits, v0) : BigInt.asUintN(bits, v0);
  let s: string;
  let sign = '';
  if (conv === 'd' || conv === 'i') {
    const x = BigInt.asIntN(64, v);
    if (x < 0n) {
      sign = '-';
      s = (-x).toString();
    } else {
      s = x.toString();
      if (spec.flags.includes('+')) sign = '+';
      else if (spec.flags.includes(' ')) sign = ' ';
    }
  } else {
    const x = BigInt.asUintN(64, v);
    if (conv === 'u') s = x.toString();
    else if (conv === 'o') s = x.toString(8);
    else if (conv === 'x') s = x.toString(16);
    else s = x.toString(16).toUpperCase();
    if (spec.flags.includes('#') && x !== 0n) s = (conv === 'o' ? '0' : conv === 'x' ? '0x' : conv === 'X' ? '0X' : '') + s;
  }
  if (spec.precision !== undefined) {
    const digits = s.replace(/^0[xX]/, '');
    const prefix = s.slice(0, s.length - digits.length);
    s = prefix + (spec.precision === 0 && digits === '0' ? '' : digits.padStart(spec.precision, '0'));
  }
  return pad(sign + s, spec, true);
}

/** format one argument by its specifier */
export function formatOne(spec: Spec, arg: FmtArg): string {
  switch (spec.conv) {
    // %r / %rx: a buffer, its bytes escaped (\xNN for the unprintable) or all in \xNN (bpftrace 0.17)
    case 'r': case 'rx':
    case 's': {
      let s = typeof arg === 'string' ? arg : BigInt.asIntN(64, arg).toString();
      if (spec.precision !== undefined) s = s.slice(0, spec.precision);
      return pad(s, spec, false);
    }
    case 'c': return pad(String.fromCharCode(Number(BigInt.asUintN(8, typeof arg === 'bigint' ? arg : BigInt(arg.charCodeAt(0) || 0)))), spec, false);
    case 'p': {
      const x = typeof arg === 'bigint' ? BigInt.asUintN(64, arg) : 0n;
      // glibc prints a null pointer as (nil)
      return pad(x === 0n ? '(nil)' : '0x' + x.toString(16), spec, false);
    }
    default: return formatInt(typeof arg === 'bigint' ? arg : BigInt(arg || 0), spec);
  }
}

/** the whole printf: prefix text, each argument, the tail */
export function formatPrintf(fmt: string, args: readonly FmtArg[]): string {
  const p = parseFull(fmt);
  let out = '';
  p.specs.forEach((s, i) => {
    // bpftrace 0.17 snprintf()s the text before a specifier with it and appends the result as a C
    // string: a `%c` of 0 ends that piece (`%-3c` of 0 prints nothing, `%3c` its two spaces)
    const piece = s.prefix + formatOne(s, args[i] ?? 0n);
    const nul = piece.indexOf('\0');
    out += nul >= 0 ? piece.slice(0, nul) : piece;
  });
  return out + p.tail;
}
