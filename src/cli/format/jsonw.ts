/**
 * bpftool's json_writer in pretty mode (tools/bpf/bpftool/json_writer.c), for the plain-text map
 * dump of a map with BTF: bpftool prints those entries through btf_dumper with a pretty json_writer
 * (map.c dump_map_elem → do_dump_btf), which gives its own layout — four spaces per level, `[{`
 * and `},{` run together, a value after its name on the same line:
 *
 *     [{
 *             "key": 0,
 *             "value": {
 *                 "packets": 0,
 *             …
 *         },{
 *     …
 *     ]
 *
 * The writer's state is the separator to print before the next element (`,` or none) and the depth,
 * as jsonw_eor/jsonw_eol/jsonw_begin/jsonw_end keep them.
 */
import { toJson } from '../../runtime/format.js';

export class JsonWriter {
  private out = '';
  private depth = 0;
  private sep = '';

  private eor(): void {
    if (this.sep) this.out += this.sep;
    this.sep = ',';
  }
  private eol(): void {
    this.out += '\n' + '    '.repeat(this.depth);
  }
  private begin(c: string): void {
    this.eor();
    this.out += c;
    this.depth++;
    this.sep = '';
  }
  private end(c: string): void {
    this.depth--;
    if (this.sep) this.eol();
    this.out += c;
    this.sep = ',';
  }
  name(n: string): void {
    this.eor();
    this.eol();
    this.sep = '';
    this.out += `${JSON.stringify(n)}: `;
  }
  startArray(): void {
    this.begin('[');
  }
  endArray(): void {
    this.end(']');
  }
  startObject(): void {
    this.begin('{');
  }
  endObject(): void {
    this.end('}');
  }
  /** a decoded value (format.ts decode: numbers, bigints, strings, arrays, objects) */
  value(v: unknown): void {
    if (Array.isArray(v)) {
      this.startArray();
      for (const x of v) this.value(x);
      this.endArray();
    } else if (v !== null && typeof v === 'object') {
      this.startObject();
      for (const [k, x] of Object.entries(v)) {
        this.name(k);
        this.value(x);
      }
      this.endObject();
    } else {
      this.eor();
      this.out += toJson(v);
    }
  }
  /** everything written, with the newline jsonw_destroy ends it with */
  done(): string {
    return this.out + '\n';
  }
}
