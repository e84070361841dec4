/**
 * enum bpf_prog_type and enum bpf_attach_type (include/uapi/linux/bpf.h), with the kernel's names:
 * re-exported from the uapi layer (src/isa/bpf_types.ts), plus the user-facing name parser.
 */

import { AttachType, ProgType, progTypeName as uapiProgTypeName } from '../isa/bpf_types.js';

/** the uapi tables live in src/isa/bpf_types.ts; the program-type layer uses them under the enum names */
export { ProgType as BPF_PROG_TYPE, AttachType as BPF_ATTACH_TYPE };

export type ProgTypeName = keyof typeof ProgType;

/** "BPF_PROG_TYPE_XDP"; an unknown number reads "prog_type 99" */
export function progTypeName(t: number): string {
  const n = uapiProgTypeName(t);
  return n.startsWith('BPF_PROG_TYPE_') ? n : `prog_type ${t}`;
}

/**
 * Parse a program type as users write it: "xdp", "socket_filter", "BPF_PROG_TYPE_XDP", "SCHED_CLS",
 * or a number; undefined if unknown.
 */
export function parseProgType(s: string | number): number | undefined {
  if (typeof s === 'number') return Number.isInteger(s) && s >= 0 && s <= 32 ? s : undefined;
  const t = s.trim();
  if (/^\d+$/.test(t)) return parseProgType(Number(t));
  let k = t.toUpperCase().replace(/-/g, '_');
  if (k.startsWith('BPF_PROG_TYPE_')) k = k.slice(14);
  const aliases: Record<string, string> = { SOCKET: 'SOCKET_FILTER', TC: 'SCHED_CLS', CLASSIFIER: 'SCHED_CLS', ACTION: 'SCHED_ACT', RAW_TP: 'RAW_TRACEPOINT', TP: 'TRACEPOINT' };
  k = aliases[k] ?? k;
  return (ProgType as Record<string, number>)[k];
}
