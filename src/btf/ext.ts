/**
 * `.BTF.ext` (libbpf btf.h struct btf_ext_header, Documentation/bpf/btf.rst §4.2): per-section
 * func_info, line_info and CO-RE relocation records. Each block is `u32 rec_size` followed by
 * {sec_name_off, num_info, records[num_info]} groups; rec_size may be larger than the fields
 * known here (newer compilers), never smaller. Strings are offsets into `.BTF`'s string section.
 * insn_off in an ELF object is in bytes from the start of the section.
 */
import { BpfError } from '../isa/errors.js';
import type { Btf } from './btf.js';
import { BTF_MAGIC } from './types.js';

export interface BtfFuncInfo {
  /** byte offset of the function's first instruction in its ELF section */
  insnOff: number;
  /** BTF_KIND_FUNC type id */
  typeId: number;
}

export interface BtfLineInfo {
  insnOff: number;
  fileName: string;
  /** the source line's text */
  line: string;
  lineNum: number;
  column: number;
  /** the records' string offsets into .BTF, as BPF_PROG_LOAD's line_info wants them */
  fileNameOff: number;
  lineOff: number;
}

/** enum bpf_core_relo_kind (uapi bpf.h) */
export const BPF_CORE_FIELD_BYTE_OFFSET = 0;
export const BPF_CORE_FIELD_BYTE_SIZE = 1;
export const BPF_CORE_FIELD_EXISTS = 2;
export const BPF_CORE_FIELD_SIGNED = 3;
export const BPF_CORE_FIELD_LSHIFT_U64 = 4;
export const BPF_CORE_FIELD_RSHIFT_U64 = 5;
export const BPF_CORE_TYPE_ID_LOCAL = 6;
export const BPF_CORE_TYPE_ID_TARGET = 7;
export const BPF_CORE_TYPE_EXISTS = 8;
export const BPF_CORE_TYPE_SIZE = 9;
export const BPF_CORE_ENUMVAL_EXISTS = 10;
export const BPF_CORE_ENUMVAL_VALUE = 11;
export const BPF_CORE_TYPE_MATCHES = 12;

export const CORE_RELO_KIND_NAMES: readonly string[] = [
  'byte_off', 'byte_sz', 'field_exists', 'signed', 'lshift_u64', 'rshift_u64', 'local_type_id', 'target_type_id',
  'type_exists', 'type_size', 'enumval_exists', 'enumval_value', 'type_matches',
];

export interface BtfCoreRelo {
  insnOff: number;
  /** local type id (in the object's BTF) the access string starts from */
  typeId: number;
  /** "0:1:2" style access string */
  accessStr: string;
  kind: number;
}

export interface BtfExt {
  funcInfo: Map<string, BtfFuncInfo[]>;
  lineInfo: Map<string, BtfLineInfo[]>;
  coreRelos: Map<string, BtfCoreRelo[]>;
  funcInfoRecSize: number;
  lineInfoRecSize: number;
}

export function parseBtfExt(bytes: Uint8Array, btf: Btf, opts: { file?: string } = {}): BtfExt {
  const file = opts.file;
  const fail = (msg: string, offset: number): never => {
    throw new BpfError('EINVAL', msg, { file, section: '.BTF.ext', offset });
  };
  if (bytes.length < 24) fail(`.BTF.ext header truncated (${bytes.length} bytes)`, 0);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // .BTF.ext has the same byte order as .BTF
  const le = !btf.bigEndian;
  if (dv.getUint16(0, le) !== BTF_MAGIC) fail(`bad .BTF.ext magic 0x${dv.getUint16(0, le).toString(16)}`, 0);
  if (dv.getUint8(2) !== 1) fail(`unsupported .BTF.ext version ${dv.getUint8(2)}`, 2);
  if (dv.getUint8(3) !== 0) fail(`unsupported .BTF.ext flags ${dv.getUint8(3)}`, 3);
  const hdrLen = dv.getUint32(4, le);
  if (hdrLen < 24 || hdrLen > bytes.length) fail(`.BTF.ext hdr_len ${hdrLen} is invalid`, 4);
  const str = (off: number, at: number): string => {
    const s = btf.stringAt(off);
    if (s === undefined) return fail(`string offset ${off} is outside .BTF's string section`, at);
    return s;
  };

  /** walk one info block, calling rec(offset) for each record; returns the record size */
  const block = (off: number, len: number, minRec: number, what: string, rec: (sec: string, p: number) => void): number => {
    if (len === 0) return 0;
    const start = hdrLen + off;
    if (off > bytes.length || start > bytes.length || len > bytes.length - start) fail(`${what} (off ${off}, len ${len}) exceeds .BTF.ext`, 8);
    if (off % 4 !== 0) fail(`${what} offset ${off} is not 4-byte aligned`, start);
    if (len < 4) fail(`${what} too short`, start);
    const end = start + len;
    const recSize = dv.getUint32(start, le);
    if (recSize < minRec || recSize % 4 !== 0 || recSize > 1024) fail(`${what} record size ${recSize} is invalid (minimum ${minRec})`, start);
    let p = start + 4;
    while (p < end) {
      if (p + 8 > end) fail(`${what}: truncated section header`, p);
      const sec = str(dv.getUint32(p, le), p);
      const n = dv.getUint32(p + 4, le);
      if (n === 0) fail(`${what}: section '${sec}' has zero records`, p + 4);
      p += 8;
      if (n > (end - p) / recSize) fail(`${what}: section '${sec}' has ${n} records of ${recSize} bytes, past the end`, p - 4);
      for (let k = 0; k < n; k++, p += recSize) rec(sec, p);
    }
    return recSize;
  };

  const push = <T>(m: Map<string, T[]>, k: string, v: T) => {
    const l = m.get(k);
    if (l) l.push(v);
    else m.set(k, [v]);
  };

  const funcInfo = new Map<string, BtfFuncInfo[]>();
  const lineInfo = new Map<string, BtfLineInfo[]>();
  const coreRelos = new Map<string, BtfCoreRelo[]>();
  const fOff = dv.getUint32(8, le), fLen = dv.getUint32(12, le);
  const lOff = dv.getUint32(16, le), lLen = dv.getUint32(20, le);
  const funcInfoRecSize = block(fOff, fLen, 8, 'func_info', (sec, p) => {
    push(funcInfo, sec, { insnOff: dv.getUint32(p, le), typeId: dv.getUint32(p + 4, le) });
  });
  const lineInfoRecSize = block(lOff, lLen, 16, 'line_info', (sec, p) => {
    const lc = dv.getUint32(p + 12, le);
    push(lineInfo, sec, {
      insnOff: dv.getUint32(p, le),
      fileName: str(dv.getUint32(p + 4, le), p + 4),
      line: str(dv.getUint32(p + 8, le), p + 8),
      lineNum: lc >>> 10,
      column: lc & 0x3ff,
      fileNameOff: dv.getUint32(p + 4, le),
      lineOff: dv.getUint32(p + 8, le),
    });
  });
  if (hdrLen >= 32) {
    const cOff = dv.getUint32(24, le), cLen = dv.getUint32(28, le);
    block(cOff, cLen, 16, 'core_relo', (sec, p) => {
      push(coreRelos, sec, {
        insnOff: dv.getUint32(p, le),
        typeId: dv.getUint32(p + 4, le),
        accessStr: str(dv.getUint32(p + 8, le), p + 8),
        kind: dv.getUint32(p + 12, le),
      });
    });
  }
  return { funcInfo, lineInfo, coreRelos, funcInfoRecSize, lineInfoRecSize };
}
