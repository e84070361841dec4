/**
 * tracefs: the kernel's list of tracepoints and the layout of each one's record, as
 * kernel/trace/trace_events.c writes them under /sys/kernel/tracing (or the older
 * /sys/kernel/debug/tracing): `available_events` (`category:name` per line) and
 * `events/CAT/NAME/format`:
 *
 *   name: sched_process_exec
 *   ID: 365
 *   format:
 *   	field:unsigned short common_type;	offset:0;	size:2;	signed:0;
 *   	...
 *   	field:__data_loc char[] filename;	offset:8;	size:4;	signed:0;
 *
 * The `ID` is what perf_event_open(PERF_TYPE_TRACEPOINT) takes as `config`; the fields are the
 * bytes a BPF_PROG_TYPE_TRACEPOINT program sees at its context pointer (common fields first).
 * Node-only (reads files synchronously: one small read per tracepoint).
 */
import { nodeFs } from './system.js';
import { BpfError } from '../isa/errors.js';

const ROOTS = ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'];
let root: string | undefined;

/** the tracefs mount that has an `events` directory; ENOENT with the mount command when none */
export function tracefsRoot(): string {
  if (root) return root;
  for (const r of ROOTS) {
    if (nodeFs().existsSync(`${r}/events`)) return (root = r);
  }
  throw new BpfError('ENOENT', 'tracefs is not mounted (no /sys/kernel/tracing/events): mount it with `mount -t tracefs nodev /sys/kernel/tracing`');
}

/** whether tracefs is reachable (for tests that skip without it) */
export function tracefsAvailable(): { ok: true } | { ok: false; reason: string } {
  try {
    tracefsRoot();
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

/** one field of a tracepoint record */
export interface TracepointField {
  /** the C declaration's type, without the name: `const char *`, `char[16]`, `__data_loc char[]` */
  type: string;
  name: string;
  offset: number;
  size: number;
  signed: boolean;
  /** `char comm[16]`: the element count */
  arrayLen?: number;
  /** `__data_loc`: the field is (len << 16 | offset) of a string inside the record */
  dataLoc: boolean;
  /** a common_* field (present in every record, not shown by bpftrace -lv) */
  common: boolean;
}

export interface TracepointFormat {
  category: string;
  name: string;
  /** the tracepoint id (PERF_TYPE_TRACEPOINT config) */
  id: number;
  fields: TracepointField[];
}

/** parse the text of an events/CAT/NAME/format file */
export function parseTracepointFormat(text: string, category = '', name = ''): TracepointFormat {
  let id = -1;
  const fields: TracepointField[] = [];
  let common = true;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('name:') && !name) name = line.slice(5).trim();
    else if (line.startsWith('ID:')) id = Number(line.slice(3).trim());
    else if (line === '' && fields.length) common = false;
    else if (line.startsWith('field:')) {
      const m = line.match(/^field:(.*?);\s*offset:(\d+);\s*size:(\d+);\s*signed:(\d+);/);
      if (!m) continue;
      const decl = m[1]!.trim();
      const f = parseDecl(decl);
      fields.push({ ...f, offset: Number(m[2]), size: Number(m[3]), signed: m[4] === '1', common: common || f.name.startsWith('common_') });
    }
  }
  return { category, name, id, fields };
}

/** `const char * filename` → type `const char *`, name `filename`; `char comm[16]` → `char[16]` */
function parseDecl(decl: string): { type: string; name: string; arrayLen?: number; dataLoc: boolean } {
  const dataLoc = decl.startsWith('__data_loc');
  let arrayLen: number | undefined;
  let d = decl;
  const arr = d.match(/\[(\d*)\]\s*$/);
  // `__data_loc char[] name`: the brackets belong to the type
  if (dataLoc) {
    const m = d.match(/^(.*?)\s*(\w+)$/)!;
    return { type: m[1]!.trim(), name: m[2]!, dataLoc };
  }
  if (arr) {
    arrayLen = arr[1] ? Number(arr[1]) : 0;
    d = d.slice(0, arr.index).trim();
  }
  const m = d.match(/^(.*?)\s*(\w+)$/);
  if (!m) return { type: decl, name: decl, dataLoc };
  let type = m[1]!.trim();
  if (arrayLen !== undefined) type += `[${arrayLen || ''}]`;
  return { type, name: m[2]!, arrayLen, dataLoc };
}

const formats = new Map<string, TracepointFormat>();
/** format texts given instead of tracefs (useTracepointFormats), by `category:name` */
let given: Map<string, string> | null = null;

/**
 * Answer from these format files instead of tracefs: a web page has no tracefs, and the tracing
 * language needs a tracepoint's format to type `args` (src/web/script.ts bundles a few).
 */
export function useTracepointFormats(texts: Readonly<Record<string, string>>): void {
  given = new Map(Object.entries(texts));
  formats.clear();
  events = [...given.keys()];
}

/** the format of tracepoint CAT:NAME; ENOENT naming it when there is none */
export function tracepointFormat(category: string, name: string): TracepointFormat {
  const key = `${category}:${name}`;
  const hit = formats.get(key);
  if (hit) return hit;
  let text: string;
  if (given) {
    text = given.get(key) ?? '';
    if (!text) throw new BpfError('ENOENT', `tracepoint not found: ${category}:${name}`);
    const f = parseTracepointFormat(text, category, name);
    formats.set(key, f);
    return f;
  }
  const path = `${tracefsRoot()}/events/${category}/${name}/format`;
  try {
    text = nodeFs().readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new BpfError(code, `cannot read ${path}: run as root`);
    throw new BpfError('ENOENT', `tracepoint not found: ${category}:${name}`);
  }
  const f = parseTracepointFormat(text, category, name);
  formats.set(key, f);
  return f;
}

let events: string[] | undefined;

/** every tracepoint as `category:name`, in tracefs's order */
export function listTracepoints(): string[] {
  if (events) return events;
  const r = tracefsRoot();
  let text = '';
  try {
    text = nodeFs().readFileSync(`${r}/available_events`, 'utf8');
  } catch {
    throw new BpfError('EACCES', `cannot read ${r}/available_events: run as root`);
  }
  events = text.split('\n').filter((l) => l.includes(':'));
  return events;
}

/** a glob (`*`, `?`, `[...]`, as bpftrace and the shell match probe names) as a RegExp */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const j = glob.indexOf(']', i);
      if (j < 0) re += '\\[';
      else {
        re += '[' + glob.slice(i + 1, j).replace(/\\/g, '\\\\') + ']';
        i = j;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** tracepoints matching `cat` and `name` globs, sorted as bpftrace lists them */
export function matchTracepoints(cat: string, name: string): Array<{ category: string; name: string }> {
  if (!/[*?[]/.test(cat + name)) {
    if (given) return given.has(`${cat}:${name}`) ? [{ category: cat, name }] : [];
    if (!nodeFs().existsSync(`${tracefsRoot()}/events/${cat}/${name}`)) return [];
    return [{ category: cat, name }];
  }
  const c = globToRegExp(cat);
  const n = globToRegExp(name);
  const out: Array<{ category: string; name: string }> = [];
  for (const ev of listTracepoints()) {
    const i = ev.indexOf(':');
    const category = ev.slice(0, i);
    const nm = ev.slice(i + 1);
    if (c.test(category) && n.test(nm)) out.push({ category, name: nm });
  }
  return out.sort((a, b) => (a.category === b.category ? (a.name < b.name ? -1 : 1) : a.category < b.category ? -1 : 1));
}

/** whether this kernel has kprobes (a kprobe PMU or tracefs kprobe_events): CONFIG_KPROBES */
export function haveKprobes(): boolean {
  if (nodeFs().existsSync('/sys/bus/event_source/devices/kprobe/type')) return true;
  try {
    return nodeFs().statSync(`${tracefsRoot()}/kprobe_events`).isFile();
  } catch {
    return false;
  }
}

/** the PMU type number of a dynamic PMU (`uprobe`, `kprobe`): /sys/bus/event_source/devices/NAME/type */
export function pmuType(name: string): number | undefined {
  try {
    return Number(nodeFs().readFileSync(`/sys/bus/event_source/devices/${name}/type`, 'utf8').trim());
  } catch {
    return undefined;
  }
}
