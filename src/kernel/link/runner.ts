/**
 * The runner behind `tsbpf attach OBJ`: load an object into the kernel, attach every program (or
 * the named ones), stream what its ring buffers and perf event arrays produce as decoded records,
 * and at the end print its maps decoded from BTF, then detach everything. Also the record-type
 * rule and the Prometheus exposition of maps (`--metrics`), which need no CLI.
 *
 * The record type of an event map: the map's BTF value type when it has one; else the struct
 * whose size is what the programs pass to bpf_ringbuf_reserve / bpf_ringbuf_output /
 * bpf_perf_event_output for that map (the size register's constant, read from the instructions),
 * preferring a struct named like an event when several have that size.
 */
import { BTF_KIND_STRUCT, BTF_KIND_UNION, type BtfStruct } from '../../btf/types.js';
import { describe, type JsValue, type TypeDesc } from '../../runtime/format.js';
import { MapType } from '../../isa/bpf_types.js';
import { LDDW } from '../../isa/instruction.js';
import { BPF_PSEUDO_MAP_FD } from '../../isa/opcodes.js';
import type { ObjectSpec } from '../../elf/spec.js';
import type { KernelMap } from '../map.js';

/** helper ids (include/uapi/linux/bpf.h): the calls whose size argument names an event's type */
const BPF_FUNC_perf_event_output = 25;
const BPF_FUNC_ringbuf_output = 130;
const BPF_FUNC_ringbuf_reserve = 131;
/** which registers hold the map and the size for each */
const SIZE_ARGS: Record<number, { map: number; size: number }> = {
  [BPF_FUNC_perf_event_output]: { map: 2, size: 5 },
  [BPF_FUNC_ringbuf_output]: { map: 1, size: 3 },
  [BPF_FUNC_ringbuf_reserve]: { map: 1, size: 2 },
};
const CALL = 0x85;
const MOV64_IMM = 0xb7;

/** the record sizes the programs give each event map (map name -> sizes), from their instructions */
export function eventSizes(spec: ObjectSpec): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const p of spec.programs) {
    const regs: ({ map: number } | { imm: number } | undefined)[] = [];
    for (const i of p.insns) {
      if (i.code === CALL && i.src === 0 && SIZE_ARGS[i.imm]) {
        const a = SIZE_ARGS[i.imm]!;
        const m = regs[a.map];
        const sz = regs[a.size];
        if (m && 'map' in m && sz && 'imm' in sz && sz.imm > 0) {
          const name = spec.maps[m.map]?.name;
          if (name) out.set(name, (out.get(name) ?? new Set()).add(sz.imm));
        }
      }
      if (i.code === LDDW && i.src === BPF_PSEUDO_MAP_FD) regs[i.dst] = { map: i.imm };
      else if (i.code === MOV64_IMM) regs[i.dst] = { imm: i.imm };
      else if (i.code === CALL) for (let r = 0; r <= 5; r++) regs[r] = undefined;
      else if ((i.code & 0x07) === 0x07 || (i.code & 0x07) === 0x04 || (i.code & 0x07) === 0x01) regs[i.dst] = undefined;
      // a jump target may be reached with other values: forget everything at a branch
      if ((i.code & 0x07) === 0x05 || (i.code & 0x07) === 0x06) regs.length = 0;
    }
  }
  return out;
}

/** the type to decode `map`'s records with: BTF value type, else the struct its programs size it by */
export function recordType(spec: ObjectSpec, map: KernelMap, override?: string): TypeDesc | undefined {
  const btf = spec.btf;
  if (!btf) return undefined;
  const structs = btf.types.filter((t): t is BtfStruct => !!t && (t.kind === BTF_KIND_STRUCT || t.kind === BTF_KIND_UNION)) as BtfStruct[];
  if (override) {
    const s = structs.find((t) => t.name === override.replace(/^(struct|union)\s+/, ''));
    return s ? describe(btf, s.id) : undefined;
  }
  if (map.valueType && map.type !== MapType.PERF_EVENT_ARRAY) return map.valueType;
  const sizes = eventSizes(spec).get(map.name);
  if (!sizes || sizes.size !== 1) return undefined;
  const size = [...sizes][0]!;
  const fits = structs.filter((t) => t.size === size && t.name);
  const best = fits.find((t) => /event|record|data|sample/i.test(t.name)) ?? fits[0];
  return best ? describe(btf, best.id) : undefined;
}

/**
 * the maps a run prints at its end: those holding state (not event streams, program tables,
 * .rodata, or the tables libbpf's usdt.bpf.h keeps for its own use: __bpf_usdt_specs, …)
 */
export function isStateMap(m: KernelMap): boolean {
  const skip: number[] = [MapType.RINGBUF, MapType.PERF_EVENT_ARRAY, MapType.PROG_ARRAY, MapType.USER_RINGBUF, MapType.ARRAY_OF_MAPS, MapType.HASH_OF_MAPS, MapType.STRUCT_OPS];
  return !skip.includes(m.type) && !/(^|\.)(rodata|data|bss|kconfig)(\..*)?$/.test(m.name) && !m.name.startsWith('__bpf_usdt_');
}

/** every entry of a map decoded from BTF (as bpftool's formatted output): [{key, value}] */
export function mapEntries(m: KernelMap): { key: JsValue; value: JsValue }[] {
  const out: { key: JsValue; value: JsValue }[] = [];
  for (const [key, value] of m.entries()) out.push({ key: key as JsValue, value: value as JsValue });
  return out;
}

/** a Prometheus label value: backslash, quote and newline escaped (exposition format) */
function labelValue(v: JsValue): string {
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

const metricName = (s: string) => s.replace(/[^a-zA-Z0-9_]/g, '_');

/** per-CPU values summed; numbers and bigints as one number; structs field by field */
function numericFields(v: JsValue, prefix = ''): [string, number][] {
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return [[prefix, Number(v)]];
  if (Array.isArray(v)) return [];
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => numericFields(x, prefix ? `${prefix}_${k}` : k));
  return [];
}

function sumPerCpu(v: JsValue): JsValue {
  if (!Array.isArray(v) || v.length === 0) return v;
  if (v.every((x) => typeof x === 'number' || typeof x === 'bigint')) return v.reduce<bigint>((s, x) => s + BigInt(x as number | bigint), 0n);
  if (v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) {
    const out: Record<string, JsValue> = {};
    for (const k of Object.keys(v[0] as object)) out[k] = sumPerCpu(v.map((x) => (x as Record<string, JsValue>)[k]!));
    return out;
  }
  return v;
}

/**
 * Maps as Prometheus/OpenMetrics text, the ebpf_exporter pattern: one family per map named
 * tsbpf_<map> (tsbpf_<map>_<field> for each numeric field of a struct value), labels from the
 * key's fields (`key` for a scalar key), per-CPU values summed.
 */
export function prometheusText(maps: readonly KernelMap[]): string {
  const lines: string[] = [];
  for (const m of maps) {
    const families = new Map<string, string[]>();
    const percpu = [MapType.PERCPU_ARRAY, MapType.PERCPU_HASH, MapType.LRU_PERCPU_HASH].includes(m.type as 5);
    for (const { key, value } of mapEntries(m)) {
      const labels = key && typeof key === 'object' && !Array.isArray(key)
        ? Object.entries(key).map(([k, v]) => `${metricName(k)}="${labelValue(v)}"`)
        : [`key="${labelValue(key)}"`];
      for (const [field, n] of numericFields(percpu ? sumPerCpu(value) : value)) {
        const fam = `tsbpf_${metricName(m.name)}${field ? `_${metricName(field)}` : ''}`;
        if (!families.has(fam)) families.set(fam, []);
        families.get(fam)!.push(`${fam}{${labels.join(',')}} ${n}`);
      }
    }
    for (const [fam, samples] of families) {
      lines.push(`# HELP ${fam} BPF map ${m.name}${fam.length > `tsbpf_${metricName(m.name)}`.length ? ` (field ${fam.slice(`tsbpf_${metricName(m.name)}_`.length)})` : ''}`);
      lines.push(`# TYPE ${fam} gauge`);
      lines.push(...samples);
    }
  }
  return lines.join('\n') + '\n';
}
