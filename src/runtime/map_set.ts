/**
 * `MAP:KEY=VALUE` map assignments (the CLI's `--map-set` and the web playground's map editor): KEY
 * and VALUE are hex bytes (`0x0a000001` or `0a 00 00 01`), a decimal integer (stored little-endian
 * in the key/value size, as the program's integers are), or an IPv4 address (network byte order,
 * as in packet headers).
 */
import { BpfError } from '../isa/errors.js';
import { hexToBytes } from '../isa/instruction.js';
import { MapType } from '../isa/bpf_types.js';
import type { BpfObject, ObjectMap } from './object.js';

export function mapSet(obj: BpfObject, spec: string): void {
  const m = /^([^:]+):([^=]+)=(.*)$/.exec(spec);
  if (!m) throw new BpfError('EINVAL', `--map-set wants MAP:KEY=VALUE, got '${spec}'`);
  const map = obj.map(m[1]!);
  map.set(bytesOf(m[2]!.trim(), map.map.keySize, 'key'), bytesOf(m[3]!.trim(), map.map.valueSize * (map.map.ncpus && isPercpu(map) ? map.map.ncpus : 1), 'value'));
}

function isPercpu(m: ObjectMap): boolean {
  return m.type === MapType.PERCPU_ARRAY || m.type === MapType.PERCPU_HASH || m.type === MapType.LRU_PERCPU_HASH;
}

function bytesOf(text: string, size: number, what: string): Uint8Array {
  let b: Uint8Array;
  const ip = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (ip) b = new Uint8Array(ip.slice(1).map((x) => Number(x) & 0xff));
  else if (/^0x[0-9a-f]+$/i.test(text) || /^[0-9a-f]{2}( [0-9a-f]{2})+$/i.test(text)) b = hexToBytes(text);
  else if (/^-?\d+$/.test(text)) {
    b = new Uint8Array(size);
    let v = BigInt.asUintN(size * 8, BigInt(text));
    for (let i = 0; i < size; i++, v >>= 8n) b[i] = Number(v & 0xffn);
  } else throw new BpfError('EINVAL', `cannot read ${what} '${text}': use hex bytes (0x0a000001), an integer or an IPv4 address`);
  if (b.length !== size) throw new BpfError('EINVAL', `${what} '${text}' is ${b.length} bytes; the map's ${what} size is ${size}`);
  return b;
}
