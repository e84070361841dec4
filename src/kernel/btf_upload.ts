/**
 * BPF_BTF_LOAD of an object's BTF, after the fix-ups and the sanitising of btf_fixup.ts, with the
 * kernel's BTF features probed once by loading tiny BTF blobs as libbpf's probe_kern_btf_*
 * functions do (tools/lib/bpf/features.c).
 */
import { btfLoad, closeFd } from '../hooks/kernel/bpf.js';
import {
  BTF_KIND_DATASEC, BTF_KIND_DECL_TAG, BTF_KIND_ENUM64, BTF_KIND_FLOAT, BTF_KIND_FUNC, BTF_KIND_FUNC_PROTO, BTF_KIND_INT,
  BTF_KIND_PTR, BTF_KIND_TYPE_TAG, BTF_KIND_VAR, BTF_MAGIC,
} from '../btf/types.js';
import { readElf } from '../elf/reader.js';
import { hiddenFunctions, sectionLayout } from '../elf/datasec.js';
import type { ObjectSpec } from '../elf/spec.js';
import { fixupObjectBtf, RawBtf, sanitizeBtf, type BtfFeatures } from './btf_fixup.js';

const enc = (kind: number, vlen: number, kflag = 0): number => ((kflag << 31) | (kind << 24) | vlen) >>> 0;

/** a BTF blob from u32 type words and a string table (libbpf libbpf__load_raw_btf) */
export function rawBtf(types: readonly number[], strs: string): Uint8Array {
  const out = new Uint8Array(24 + types.length * 4 + strs.length);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, BTF_MAGIC, true);
  out[2] = 1;
  dv.setUint32(4, 24, true);
  dv.setUint32(12, types.length * 4, true);
  dv.setUint32(16, types.length * 4, true);
  dv.setUint32(20, strs.length, true);
  types.forEach((t, i) => dv.setUint32(24 + i * 4, t >>> 0, true));
  for (let k = 0; k < strs.length; k++) out[24 + types.length * 4 + k] = strs.charCodeAt(k);
  return out;
}

const INT32 = [1, enc(BTF_KIND_INT, 0), 4, (1 << 24) | 32];

/** the probes of tools/lib/bpf/features.c, each a BTF using one kind */
const PROBES: Record<keyof BtfFeatures, () => Uint8Array> = {
  func: () => rawBtf([...INT32, 0, enc(BTF_KIND_FUNC_PROTO, 1), 0, 7, 1, 5, enc(BTF_KIND_FUNC, 0), 2], '\0int\0x\0a\0'),
  globalFunc: () => rawBtf([...INT32, 0, enc(BTF_KIND_FUNC_PROTO, 1), 0, 7, 1, 5, enc(BTF_KIND_FUNC, 1), 2], '\0int\0x\0a\0'),
  datasec: () => rawBtf([...INT32, 5, enc(BTF_KIND_VAR, 0), 1, 1, 7, enc(BTF_KIND_DATASEC, 1), 4, 2, 0, 4], '\0int\0x\0.data\0'),
  qmarkDatasec: () => rawBtf([...INT32, 5, enc(BTF_KIND_VAR, 0), 1, 1, 7, enc(BTF_KIND_DATASEC, 1), 4, 2, 0, 4], '\0int\0x\0?.data\0'),
  float: () => rawBtf([1, enc(BTF_KIND_FLOAT, 0), 4], '\0float\0'),
  declTag: () => rawBtf([...INT32, 5, enc(BTF_KIND_VAR, 0), 1, 1, 7, enc(BTF_KIND_DECL_TAG, 0), 2, 0xffffffff], '\0int\0x\0tag\0'),
  typeTag: () => rawBtf([...INT32, 5, enc(BTF_KIND_TYPE_TAG, 0), 1, 0, enc(BTF_KIND_PTR, 0), 2], '\0int\0tag\0'),
  enum64: () => rawBtf([1, enc(BTF_KIND_ENUM64, 1), 8, 8, 0, 1], '\0enum64\0e\0'),
};

let features: BtfFeatures | undefined;

/** which BTF kinds the running kernel accepts (probed once per process) */
export function kernelBtfFeatures(): BtfFeatures {
  if (features) return features;
  const f = {} as BtfFeatures;
  for (const k of Object.keys(PROBES) as (keyof BtfFeatures)[]) {
    try {
      closeFd(btfLoad(PROBES[k](), { logLevel: 0 }).fd);
      f[k] = true;
    } catch {
      f[k] = false;
    }
  }
  features = f;
  return f;
}

/**
 * The object's BTF as bytes the kernel accepts: DATASECs fixed up from the ELF, externs
 * allocated, unknown kinds sanitised for `feat` (default: what the running kernel supports).
 */
export function kernelBtfBytes(spec: ObjectSpec, elfBytes: Uint8Array | undefined, feat: BtfFeatures = kernelBtfFeatures()): Uint8Array {
  const raw = new RawBtf(spec.btf!.raw);
  const elf = elfBytes ? readElf(elfBytes) : undefined;
  fixupObjectBtf(raw, (name) => (elf ? sectionLayout(elf, name) : undefined), elf ? hiddenFunctions(elf) : undefined);
  sanitizeBtf(raw, feat);
  return raw.toBytes();
}

/** BPF_BTF_LOAD of the object's BTF; the fd, or undefined when the object has none */
export function loadObjectBtf(spec: ObjectSpec, elfBytes: Uint8Array | undefined): number | undefined {
  if (!spec.btf) return undefined;
  return btfLoad(kernelBtfBytes(spec, elfBytes)).fd;
}
