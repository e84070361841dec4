/**
 * bpftrace's output, byte for byte (bpftrace 0.17 src/output.cpp and the print_map* functions of
 * src/bpftrace.cpp): maps as `@name[key]: value` lines, sorted as bpftrace sorts them (plain
 * values, counts and sums by value, hist/lhist by their total count, avg/stats by their average,
 * other maps by key); histograms as `[lo, hi)` rows with a count right-aligned in 8 columns and a
 * 52-column `@` bar scaled to the largest bucket; stats as `count N, average N, total N`; and
 * the `-f json` lines `{"type": "map"|"hist"|"stats"|"printf"|"time"|"value"|"join"|
 * "attached_probes", "data": ...}`.
 */
import type { MapDef } from './layout.js';
import { type Ty, slotSize, sizeOf } from './types.js';

export type OutputFormat = 'text' | 'json';

/** what formatting needs from the running system: symbols, stacks, user names, probe names */
export interface Resolver {
  probeName(id: number): string;
  ksym(addr: bigint): string;
  usym(addr: bigint, pid: number): string;
  /** the frames of a stack id (bpf_get_stackid), innermost first, already symbolised */
  stack(id: number, user: boolean, pid: number, limit?: number, perf?: boolean): string[];
  username(uid: number): string;
  /** strftime(): nanoseconds since boot as wall-clock text (absent: UTC from the raw value) */
  strftime?(fmt: string, ns: bigint): string;
  /** strerror(): the C library's text for an errno */
  strerror?(errno: number): string;
  /** cgroup_path(): `hierarchy:path,...` of a cgroup id */
  cgroupPath?(id: bigint, filter: string): string;
}

/** one map element as read from the kernel: the key and one value per possible CPU (one for non-per-CPU maps) */
export interface MapEntry {
  key: Uint8Array;
  values: Uint8Array[];
}

const dvOf = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

export function jsonEscape(s: string): string {
  let out = '';
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code <= 0x1f) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += c;
  }
  return out;
}

function cstr(b: Uint8Array, max: number): string {
  let end = 0;
  while (end < max && end < b.length && b[end] !== 0) end++;
  return Buffer.from(b.subarray(0, end)).toString('latin1');
}

/** an integer of type `ty` at the start of `b` (8-byte slots) */
export function readInt(b: Uint8Array, ty: Ty): bigint {
  const dv = dvOf(b);
  if (ty.t !== 'int') return dv.getBigUint64(0, true);
  switch (ty.size) {
    case 1: return BigInt(ty.signed ? dv.getInt8(0) : dv.getUint8(0));
    case 2: return BigInt(ty.signed ? dv.getInt16(0, true) : dv.getUint16(0, true));
    case 4: return BigInt(ty.signed ? dv.getInt32(0, true) : dv.getUint32(0, true));
    default: return ty.signed ? dv.getBigInt64(0, true) : dv.getBigUint64(0, true);
  }
}

function inetStr(b: Uint8Array): string {
  const af = Number(dvOf(b).getBigUint64(0, true));
  const a = b.subarray(8, 24);
  if (af === 2) return `${a[0]}.${a[1]}.${a[2]}.${a[3]}`;
  if (af === 10) {
    const words: number[] = [];
    for (let i = 0; i < 16; i += 2) words.push((a[i]! << 8) | a[i + 1]!);
    // RFC 5952: the longest run of two or more zero words becomes ::
    let best = -1;
    let bestLen = 1;
    for (let i = 0; i < 8;) {
      if (words[i] !== 0) {
        i++;
        continue;
      }
      let j = i;
      while (j < 8 && words[j] === 0) j++;
      if (j - i > bestLen) {
        best = i;
        bestLen = j - i;
      }
      i = j;
    }
    const hex = words.map((w) => w.toString(16));
    if (best < 0) return hex.join(':');
    return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
  }
  return '';
}

function bufStr(b: Uint8Array): string {
  const len = b[0]!;
  let s = '';
  for (let i = 1; i <= len && i < b.length; i++) {
    const c = b[i]!;
    s += c >= 32 && c <= 126 ? String.fromCharCode(c) : '\\x' + c.toString(16).padStart(2, '0');
  }
  return s;
}

/** a value as text (bpftrace Output::value_to_str); JSON quotes the string-like kinds */
export function valueStr(ty: Ty, b: Uint8Array, r: Resolver, fmt: OutputFormat): string {
  const q = (s: string): string => (fmt === 'json' ? `"${jsonEscape(s)}"` : s);
  const dv = dvOf(b);
  switch (ty.t) {
    case 'int': return readInt(b, ty).toString();
    case 'ptr': return '0x' + dv.getBigUint64(0, true).toString(16);
    case 'str': return q(cstr(b, ty.size));
    case 'buf': return q(bufStr(b));
    case 'ksym': return q(r.ksym(dv.getBigUint64(0, true)));
    case 'usym': return q(r.usym(dv.getBigUint64(0, true), Number(dv.getBigUint64(8, true))));
    case 'probe': return q(r.probeName(Number(dv.getBigUint64(0, true))));
    case 'username': return q(r.username(Number(dv.getBigUint64(0, true))));
    case 'inet': return q(inetStr(b));
    case 'kstack': case 'ustack': {
      const id = dv.getInt32(0, true);
      const pid = ty.t === 'ustack' ? Number(dv.getBigUint64(8, true)) : 0;
      const frames = id >= 0 ? r.stack(id, ty.t === 'ustack', pid, ty.limit, ty.perf) : [];
      // bpftrace 0.17 BPFtrace::get_stack: a newline, then a frame a line, 8 spaces before each
      // (mode bpftrace) or a tab (mode perf, whose frames carry their address)
      return q(frames.map((f) => `\n${ty.perf ? '\t' : '        '}${f}`).join('') + '\n');
    }
    // bpftrace 0.17 prints these unquoted even in JSON (Output::value_to_str leaves them bare)
    case 'timestamp': return r.strftime ? r.strftime(ty.fmt, dv.getBigUint64(0, true)) : strftime(ty.fmt, new Date(Number(dv.getBigUint64(0, true) / 1000000n)));
    case 'strerror': return r.strerror ? r.strerror(Number(dv.getBigInt64(0, true))) : `errno ${dv.getBigInt64(0, true)}`;
    case 'cgroup_path': return r.cgroupPath ? r.cgroupPath(dv.getBigUint64(0, true), ty.filter) : String(dv.getBigUint64(0, true));
    case 'bytes': return `[${Array.from(b.subarray(0, ty.size)).join(',')}]`;
    case 'macaddr': return Array.from(b.subarray(0, 6), (x) => x.toString(16).toUpperCase().padStart(2, '0')).join(':');
    case 'tuple': {
      const parts = ty.elems.map((e, i) => valueStr(e, b.subarray(ty.offsets[i]!), r, fmt));
      return fmt === 'json' ? `[${parts.join(',')}]` : `(${parts.join(', ')})`;
    }
    default: return dv.getBigInt64(0, true).toString();
  }
}

/** the key of a map element as its parts (bpftrace MapKey::argument_value_list) */
function keyParts(def: MapDef, key: Uint8Array, r: Resolver): string[] {
  const keys = def.info?.keys ?? [];
  // bpftrace 0.17 keeps every integer key as 64 bits and prints it as an int64
  // (MapKey::argument_value): a uint64 key of 2^64 - 2 prints as -2
  return keys.map((k, i) => {
    if (k.t === 'int') return BigInt.asIntN(64, readInt(key.subarray(def.keyOffsets![i]!), k)).toString();
    const s = valueStr(k, key.subarray(def.keyOffsets![i]!), r, 'text');
    // a stack in a key is indented by 4, not 8 (bpftrace 0.17 MapKey::argument_value: get_stack(..., 4)), text and JSON
    return (k.t === 'kstack' || k.t === 'ustack') && !k.perf ? s.replaceAll('\n        ', '\n    ') : s;
  });
}

function keyText(def: MapDef, key: Uint8Array, r: Resolver, fmt: OutputFormat): string {
  const parts = keyParts(def, key, r);
  if (fmt === 'json') return parts.length ? `"${jsonEscape(parts.join(','))}"` : '';
  return def.name + (parts.length ? `[${parts.join(', ')}]` : '');
}

const u64 = (b: Uint8Array, off = 0): bigint => dvOf(b).getBigUint64(off, true);
const s64 = (b: Uint8Array, off = 0): bigint => dvOf(b).getBigInt64(off, true);

/** aggregate the per-CPU copies of one element: [value] for count/sum, [count,total] avg/stats, [v, set] min/max */
function reduce(def: MapDef, values: Uint8Array[]): bigint[] {
  switch (def.agg) {
    case 'count': case 'hist': case 'lhist': return [values.reduce((s, v) => s + u64(v), 0n)];
    case 'sum': {
      // bpftrace 0.17 reads a sum of an unsigned value as uint64 (sorted and printed so: sum of
      // (uint64)-5 is 18446744073709551611), a signed one as int64
      const total = values.reduce((s, v) => s + s64(v), 0n);
      const vt = def.info?.value;
      return [vt?.t === 'agg' && !vt.signed ? BigInt.asUintN(64, total) : BigInt.asIntN(64, total)];
    }
    case 'avg': case 'stats': return [values.reduce((s, v) => s + s64(v), 0n), values.reduce((s, v) => s + s64(v, 8), 0n)];
    case 'min': case 'max': {
      let best: bigint | undefined;
      for (const v of values) {
        if (u64(v, 8) === 0n) continue;
        const x = s64(v);
        if (best === undefined || (def.agg === 'min' ? x < best : x > best)) best = x;
      }
      return [best ?? 0n];
    }
    default: return [];
  }
}

const cmpBig = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

function histLabel(power: number): string {
  let suffix = '';
  for (const [p, s] of [[40, 'T'], [30, 'G'], [20, 'M'], [10, 'K']] as const) {
    if (power >= p) {
      suffix = s;
      power -= p;
      break;
    }
  }
  return `${2 ** power}${suffix}`;
}

function lhistLabel(n: number): string {
  if (n === 0) return '0';
  if (n % 1048576 === 0) return `${n / 1048576}M`;
  if (n % 1024 === 0) return `${n / 1024}K`;
  return `${n}`;
}

/** one histogram row: 16-column label, 8-column count, the bar (C++ float arithmetic for its width) */
function histRow(label: string, v: bigint, max: bigint, div: number): string {
  const width = Math.trunc(Math.fround(Math.fround(Number(v)) / Math.fround(Number(max))) * 52);
  return `${label.padEnd(16)}${String(v / BigInt(div)).padStart(8)} |${'@'.repeat(Math.max(0, width)).padEnd(52)}|\n`;
}

export function histText(buckets: bigint[], div: number): string {
  let lo = -1;
  let hi = -1;
  let max = 0n;
  buckets.forEach((v, i) => {
    if (v > 0n) {
      if (lo < 0) lo = i;
      hi = i;
    }
    if (v > max) max = v;
  });
  if (hi < 0) return '';
  let out = '';
  for (let i = lo; i <= hi; i++) {
    const label = i === 0 ? '(..., 0)' : i === 1 ? '[0]' : i === 2 ? '[1]' : `[${histLabel(i - 2)}, ${histLabel(i - 1)})`;
    out += histRow(label, buckets[i] ?? 0n, max, div);
  }
  return out;
}

function histJson(buckets: bigint[], div: number): string {
  let lo = -1;
  let hi = -1;
  buckets.forEach((v, i) => {
    if (v > 0n) {
      if (lo < 0) lo = i;
      hi = i;
    }
  });
  if (hi < 0) return '[]';
  const rows: string[] = [];
  for (let i = lo; i <= hi; i++) {
    const c = (buckets[i] ?? 0n) / BigInt(div);
    if (i === 0) rows.push(`{"max": -1, "count": ${c}}`);
    else if (i === 1) rows.push(`{"min": 0, "max": 0, "count": ${c}}`);
    else if (i === 2) rows.push(`{"min": 1, "max": 1, "count": ${c}}`);
    else rows.push(`{"min": ${2n ** BigInt(i - 2)}, "max": ${2n ** BigInt(i - 1) - 1n}, "count": ${c}}`);
  }
  return `[${rows.join(', ')}]`;
}

function lhistRange(buckets: bigint[], nb: number): [number, number] | undefined {
  let start = -1;
  let end = 0;
  for (let i = 0; i <= nb + 1; i++) {
    if ((buckets[i] ?? 0n) > 0n) {
      if (start < 0) start = i;
      end = i;
    }
  }
  return start < 0 ? undefined : [start, end];
}

function lhistText(buckets: bigint[], lo: number, hi: number, step: number): string {
  const nb = Math.floor((hi - lo) / step);
  const r = lhistRange(buckets, nb);
  if (!r) return '';
  const max = buckets.reduce((m, v) => (v > m ? v : m), 0n);
  let out = '';
  for (let i = r[0]; i <= r[1]; i++) {
    const label = i === 0 ? `(..., ${lhistLabel(lo)})` : i === nb + 1 ? `[${lhistLabel(hi)}, ...)` : `[${lhistLabel((i - 1) * step + lo)}, ${lhistLabel(i * step + lo)})`;
    out += histRow(label, buckets[i] ?? 0n, max, 1);
  }
  return out;
}

function lhistJson(buckets: bigint[], lo: number, hi: number, step: number): string {
  const nb = Math.floor((hi - lo) / step);
  const r = lhistRange(buckets, nb);
  if (!r) return '[]';
  const rows: string[] = [];
  for (let i = r[0]; i <= r[1]; i++) {
    const c = buckets[i] ?? 0n;
    if (i === 0) rows.push(`{"max": ${lo - 1}, "count": ${c}}`);
    else if (i === nb + 1) rows.push(`{"min": ${hi}, "count": ${c}}`);
    else rows.push(`{"min": ${(i - 1) * step + lo}, "max": ${i * step + lo - 1}, "count": ${c}}`);
  }
  return `[${rows.join(', ')}]`;
}

/** compare two keys part by part (bpftrace sort_by_key: integers as numbers, strings as bytes) */
function compareKeys(def: MapDef, a: Uint8Array, b: Uint8Array): number {
  const keys = def.info?.keys ?? [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const off = def.keyOffsets![i]!;
    let c = 0;
    if (k.t === 'int') c = cmpBig(BigInt.asIntN(64, readInt(a.subarray(off), k)), BigInt.asIntN(64, readInt(b.subarray(off), k)));
    else {
      const n = slotSize(k);
      for (let j = 0; j < n && c === 0; j++) c = (a[off + j] ?? 0) - (b[off + j] ?? 0);
    }
    if (c) return c;
  }
  return 0;
}

/**
 * A map as bpftrace prints it: text (with its trailing blank lines) or one JSON line ('' for an
 * empty map in JSON, as bpftrace prints nothing then).
 */
export function formatMap(def: MapDef, entries: MapEntry[], r: Resolver, fmt: OutputFormat, top = 0, div = 0): string {
  const d = div || 1;
  const hasKeys = (def.info?.keys?.length ?? 0) > 0;
  const json = fmt === 'json';
  const wrap = (type: string, body: string): string => `{"type": "${type}", "data": {"${jsonEscape(def.name)}": ${hasKeys ? `{${body}}` : body}}}\n`;
  const kv = (key: Uint8Array, val: string, hist = false): string => {
    const k = keyText(def, key, r, fmt);
    if (json) return k ? `${k}: ${val}` : val;
    return `${k}: ${hist ? '\n' : ''}${val}`;
  };
  const sep = json ? ', ' : '\n';
  const cut = <T>(xs: T[]): T[] => (top && xs.length > top ? xs.slice(xs.length - top) : xs);
  // bpftrace 0.17 prints a keyless count() that never ran as `@c: 0` (its other empty maps as nothing)
  if (def.agg === 'count' && !hasKeys && entries.length === 0) entries = [{ key: new Uint8Array(def.keySize), values: [new Uint8Array(def.valueSize)] }];
  if (def.agg === 'hist' || def.agg === 'lhist') {
    const groups = new Map<string, { key: Uint8Array; buckets: bigint[] }>();
    const ks = def.keySize - 8;
    for (const en of entries) {
      const prefix = en.key.subarray(0, ks);
      const id = Buffer.from(prefix).toString('hex');
      let g = groups.get(id);
      if (!g) groups.set(id, (g = { key: prefix, buckets: [] }));
      g.buckets[Number(u64(en.key, ks))] = reduce(def, en.values)[0]!;
    }
    if (json && groups.size === 0) return '';
    const list = cut([...groups.values()].map((g) => ({ ...g, total: g.buckets.reduce((s, v) => s + (v ?? 0n), 0n) })).sort((a, b) => cmpBig(a.total, b.total)));
    const [lo, hi, step] = (def.info!.value as { lhist?: [number, number, number] }).lhist ?? [0, 0, 1];
    const body = list.map((g) => {
      const b = Array.from({ length: def.agg === 'hist' ? 65 : 1002 }, (_, i) => g.buckets[i] ?? 0n);
      const s = def.agg === 'hist' ? (json ? histJson(b, d) : histText(b, d)) : json ? lhistJson(b, lo, hi, step) : lhistText(b, lo, hi, step);
      return kv(g.key, s, true);
    }).join(sep);
    return json ? wrap('hist', body) : body + '\n';
  }
  if (def.agg === 'avg' || def.agg === 'stats') {
    if (json && entries.length === 0) return '';
    const list = cut(entries.map((en) => {
      const [count, total] = reduce(def, en.values) as [bigint, bigint];
      return { key: en.key, count, total, avg: count ? total / count : 0n };
    }).sort((a, b) => cmpBig(a.avg, b.avg)));
    const body = list.map((x) => {
      const val = def.agg === 'avg' ? String(x.avg / BigInt(d))
        : json ? `{"count": ${x.count}, "average": ${x.avg}, "total": ${x.total}}` : `count ${x.count}, average ${x.avg}, total ${x.total}`;
      return kv(x.key, val);
    }).join(sep);
    return json ? wrap('stats', body) : body + '\n\n';
  }
  if (json && entries.length === 0) return '';
  let rows: Array<{ key: Uint8Array; v: bigint | undefined; raw: Uint8Array }>;
  if (def.agg) rows = entries.map((en) => ({ key: en.key, v: reduce(def, en.values)[0]!, raw: en.values[0]! }));
  else {
    const vt = def.info!.value!;
    rows = entries.map((en) => ({ key: en.key, v: vt.t === 'int' ? readInt(en.values[0]!, vt) : undefined, raw: en.values[0]! }));
  }
  if (rows.every((x) => x.v !== undefined)) rows.sort((a, b) => cmpBig(a.v!, b.v!));
  else rows.sort((a, b) => compareKeys(def, a.key, b.key));
  const vt = def.info!.value!;
  const body = cut(rows).map((x) => {
    const val = def.agg ? String(x.v! / BigInt(d)) : vt.t === 'int' ? String(x.v! / BigInt(d)) : valueStr(vt, x.raw, r, fmt);
    return kv(x.key, val);
  }).join(sep);
  return json ? wrap('map', body) : body + '\n';
}

/** `Attaching N probes...` / the attached_probes JSON line */
export function attachedLine(n: number, fmt: OutputFormat): string {
  return fmt === 'json' ? `{"type": "attached_probes", "data": {"probes": ${n}}}\n` : `Attaching ${n} probe${n === 1 ? '' : 's'}...\n`;
}

/** a text message in JSON form (printf, time, join...) */
export function jsonMessage(type: string, text: string): string {
  return `{"type": "${type}", "data": "${jsonEscape(text)}"}\n`;
}

/** the value of a record's argument for printf: integers by signedness, everything else as text */
export function printfArg(ty: Ty, b: Uint8Array, r: Resolver, conv?: string): bigint | string {
  if (ty.t === 'buf' && conv === 'rx') return Array.from(b.subarray(1, 1 + Math.min(b[0]!, ty.size)), (x) => '\\x' + x.toString(16).padStart(2, '0')).join('');
  if (ty.t === 'int') return readInt(b, ty);
  if (ty.t === 'ptr') return u64(b);
  if (ty.t === 'str') return cstr(b, ty.size);
  return valueStr(ty, b.subarray(0, Math.max(sizeOf(ty), 8)), r, 'text');
}

/** strftime for time(): the conversions bpftrace scripts use, in local time */
export function strftime(fmt: string, d = new Date()): string {
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return fmt.replace(/%([a-zA-Z%])/g, (_, c: string) => {
    switch (c) {
      case 'H': return p2(d.getHours());
      case 'M': return p2(d.getMinutes());
      case 'S': return p2(d.getSeconds());
      case 'Y': return String(d.getFullYear());
      case 'y': return p2(d.getFullYear() % 100);
      case 'm': return p2(d.getMonth() + 1);
      case 'd': return p2(d.getDate());
      case 'e': return String(d.getDate()).padStart(2, ' ');
      case 'b': case 'h': return months[d.getMonth()]!;
      case 'a': return days[d.getDay()]!;
      case 'j': return String(Math.floor((d.getTime() - new Date(d.getFullYear(), 0, 1).getTime()) / 864e5) + 1).padStart(3, '0');
      case 'I': return p2(((d.getHours() + 11) % 12) + 1);
      case 'p': return d.getHours() < 12 ? 'AM' : 'PM';
      case 's': return String(Math.floor(d.getTime() / 1000));
      case 'T': return `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`;
      case 'D': return `${p2(d.getMonth() + 1)}/${p2(d.getDate())}/${p2(d.getFullYear() % 100)}`;
      case 'F': return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;
      case '%': return '%';
      default: return `%${c}`;
    }
  });
}
