/**
 * `MAP:KEY=VALUE` map assignments (the CLI's `--map-set` and the web playground's map editor).
 */
import { BpfError } from '../isa/errors.js';
import { hexToBytes } from '../isa/instruction.js';
import { MapType } from '../isa/bpf_types.js';
import { fitInt, parseCidrKey, parseIpv4, parseIpv6, type JsValue, type TypeDesc } from './format.js';
import type { BpfObject } from './object.js';

/**
 * `--map-set MAP:KEY=VALUE`: KEY and VALUE are hex bytes (`0x0a000001` or `0a 00 00 01`), a decimal
 * integer (stored little-endian in the key/value size, as the program's integers are), an IPv4 or
 * IPv6 address (network byte order, as in packet headers), CIDR for an LPM trie key (prefixlen,
 * then the address: struct bpf_lpm_trie_key_u8), or JSON encoded through the map's BTF type
 * (`{"ifindex": 3}`). A per-CPU map gets the value on every CPU, as bpftool does.
 */
export function mapSet(obj: BpfObject, spec: string): void {
  try {
    mapSetOne(obj, spec);
  } catch (e) {
    // say which assignment: a command may have several --map-set
    if (e instanceof BpfError && !e.message.includes(spec)) throw new BpfError(e.errno, `--map-set '${spec}': ${e.reason}`, e.where);
    throw e;
  }
}

function mapSetOne(obj: BpfObject, spec: string): void {
  const m = /^([^:]+):([^=]+)=(.*)$/s.exec(spec);
  if (!m) throw new BpfError('EINVAL', `--map-set wants MAP:KEY=VALUE, got '${spec}'`);
  const map = obj.map(m[1]!);
  const key = textBytes(m[2]!.trim(), map.keySize, 'key', map.keyType, (v) => map.keyBytes(v), map.type === MapType.LPM_TRIE);
  let value = textBytes(m[3]!.trim(), map.valueSize, 'value', map.valueType, (v) => map.valueBytes(v), false);
  if (map.isPercpu && value.length === map.valueSize) {
    const all = new Uint8Array(map.userValueSize);
    for (let c = 0; c < map.shape.ncpus; c++) all.set(value, c * map.percpuStride);
    value = all;
  }
  map.set(key, value);
}

function textBytes(text: string, size: number, what: string, type: TypeDesc | undefined, viaBtf: (v: JsValue) => Uint8Array, lpm: boolean): Uint8Array {
  let b: Uint8Array | undefined;
  if (lpm) b = parseCidrKey(text);
  if (!b && /^[[{"]/.test(text)) {
    if (!type) throw new BpfError('EINVAL', `${what} '${text}': JSON needs the map's BTF ${what} type, and this map has none`);
    let v: JsValue;
    try {
      v = JSON.parse(text) as JsValue;
    } catch {
      throw new BpfError('EINVAL', `${what} '${text}' is not JSON`);
    }
    b = viaBtf(v);
  }
  b ??= parseIpv4(text) ?? parseIpv6(text);
  if (!b) {
    if (/^0x[0-9a-f]+$/i.test(text) || /^[0-9a-f]{2}( [0-9a-f]{2})+$/i.test(text)) b = hexToBytes(text);
    else if (/^-?\d+$/.test(text)) {
      b = new Uint8Array(size);
      let v = BigInt.asUintN(size * 8, fitInt(BigInt(text), size, what));
      for (let i = 0; i < size; i++, v >>= 8n) b[i] = Number(v & 0xffn);
    } else throw new BpfError('EINVAL', `cannot read ${what} '${text}': use hex bytes (0x0a000001), an integer, an IP address${lpm ? ', CIDR (10.0.0.0/8)' : ''} or JSON`);
  }
  if (b.length !== size && !(what === 'value' && b.length > size)) throw new BpfError('EINVAL', `${what} '${text}' is ${b.length} bytes; the map's ${what} size is ${size}`);
  return b;
}

