/**
 * `struct sock_filter` (include/uapi/linux/filter.h; libpcap's struct bpf_insn):
 * u16 code, u8 jt, u8 jf, u32 k — 8 bytes, host byte order (little-endian here, as the
 * kernel's SO_ATTACH_FILTER takes it on x86 and arm64).
 */
import { BpfError } from '../../isa/errors.js';

export interface SockFilter {
  code: number;
  jt: number;
  jf: number;
  /** unsigned 32-bit */
  k: number;
}

export const sf = (code: number, jt: number, jf: number, k: number): SockFilter => ({ code, jt, jf, k: k >>> 0 });
export const stmt = (code: number, k: number): SockFilter => sf(code, 0, 0, k);
export const jump = (code: number, k: number, jt: number, jf: number): SockFilter => sf(code, jt, jf, k);

export function decodeClassic(bytes: Uint8Array, opts: { bigEndian?: boolean } = {}): SockFilter[] {
  if (bytes.length % 8 !== 0) throw new BpfError('EINVAL', `classic program length ${bytes.length} is not a multiple of 8 bytes`, { offset: bytes.length - (bytes.length % 8) });
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = !opts.bigEndian;
  const out: SockFilter[] = [];
  for (let o = 0; o < bytes.length; o += 8) out.push({ code: dv.getUint16(o, le), jt: dv.getUint8(o + 2), jf: dv.getUint8(o + 3), k: dv.getUint32(o + 4, le) });
  return out;
}

export function encodeClassic(prog: SockFilter[], opts: { bigEndian?: boolean } = {}): Uint8Array {
  const out = new Uint8Array(prog.length * 8);
  const dv = new DataView(out.buffer);
  const le = !opts.bigEndian;
  prog.forEach((i, n) => {
    dv.setUint16(n * 8, i.code, le);
    dv.setUint8(n * 8 + 2, i.jt);
    dv.setUint8(n * 8 + 3, i.jf);
    dv.setUint32(n * 8 + 4, i.k >>> 0, le);
  });
  return out;
}
