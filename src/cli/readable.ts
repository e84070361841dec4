/**
 * Results for people, the same in every command that prints them (`run`, `prog run`): ring-buffer
 * and perf records decoded through the object's BTF (format.ts recordTypeOf/formatValue, the rule the
 * live kernel's readers use for events), map entries with addresses, CIDR keys and per-CPU values
 * with their sum (typed_map.ts readableEntries).
 */
import { bytesToHex } from '../isa/instruction.js';
import { formatValue, readableText, recordTypeOf, type JsValue, type ReadableEntry, type TypeDesc } from '../runtime/format.js';
import type { BpfObject } from '../runtime/object.js';

/** --event-type, as `run`, `prog run` and `attach` take it */
export const EVENT_TYPE_OPTION = { type: 'string', arg: 'TYPE', help: 'the BTF struct of ring-buffer/perf records (default: the one struct of the record\'s size)' } as const;

/** the BTF type of each ring-buffer/perf map's records (format.ts recordTypeOf), found once per size */
export class RecordTypes {
  private readonly bySize = new Map<number, TypeDesc | undefined>();
  private readonly named: TypeDesc | undefined;
  constructor(private readonly obj: BpfObject, name: string | undefined) {
    this.named = name !== undefined ? recordTypeOf(obj.spec.btf, { name }) : undefined;
  }
  decode(data: Uint8Array): JsValue | undefined {
    let t = this.named;
    if (!t) {
      if (!this.bySize.has(data.length)) this.bySize.set(data.length, recordTypeOf(this.obj.spec.btf, { size: data.length }));
      t = this.bySize.get(data.length);
    }
    return t && data.length >= t.size ? formatValue(t, data) : undefined;
  }
  /** the record as one line: decoded, else hex */
  text(data: Uint8Array): string {
    const v = this.decode(data);
    return v !== undefined ? readableText(v) : bytesToHex(data);
  }
}

/** `KEY: VALUE`; a per-CPU entry `KEY: cpu0 V, cpu1 V  (sum S)` */
export function entryText(e: ReadableEntry): string {
  if (e.values === undefined) return `${readableText(e.key)}: ${readableText(e.value)}`;
  return `${readableText(e.key)}: ${e.values.map((v, c) => `cpu${c} ${readableText(v)}`).join(', ')}${e.sum !== undefined ? `  (sum ${readableText(e.sum)})` : ''}`;
}
