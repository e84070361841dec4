/**
 * `prog run` for tracing programs (docs/tracing-emulator.md): a context given as JSON fields by name —
 * {"fields": {...}, "args": [...], "task": {"pid", "tgid", "uid", "gid", "comm", "cgroup_id",
 * "fields": {...}}} — built into the program type's context (progtypes/trace_ctx.ts), the
 * tracepoint's record laid out from its format (tracefs, or --tp-format FILE), the simulated current
 * task's task_struct from the running kernel's BTF; after the run, the printk lines and the maps.
 */
import { readFileSync } from 'node:fs';
import { BpfError, systemError } from '../isa/errors.js';
import { BPF_PROG_TYPE as PT } from '../progtypes/prog_types.js';
import { parseTracepointFormat, traceContext, type TpFormat, type TraceInput } from '../progtypes/trace_ctx.js';
import { taskEnv, type SimTask } from '../runtime/trace_task.js';
import type { BpfObject } from '../runtime/object.js';
import type { BpfProgram } from '../runtime/program.js';
import type { ProgramRunOptions } from '../runtime/program.js';
import { RingBuf } from '../maps/ringbuf.js';
import { vmlinuxBtf } from '../kernel/system.js';
import { entryText, type RecordTypes } from './readable.js';

export const TRACING_TYPES: ReadonlySet<number> = new Set([PT.KPROBE, PT.TRACEPOINT, PT.RAW_TRACEPOINT, PT.RAW_TRACEPOINT_WRITABLE, PT.PERF_EVENT, PT.TRACING]);

const TRACEFS = ['/sys/kernel/tracing/events/', '/sys/kernel/debug/tracing/events/'];

/** the tracepoint a program's section names ("tracepoint/syscalls/sys_enter_execve", "tp/sched/sched_process_exec") */
function tracepointOf(section: string): string | undefined {
  const m = /^(?:tracepoint|tp)\/([^/]+)\/([^/]+)$/.exec(section);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw systemError(e, path, 'cannot read') ?? e;
  }
}

/** the format of the program's tracepoint: `formatPath`, else tracefs */
export function tracepointFormat(prog: BpfProgram, formatPath?: string): TpFormat {
  if (formatPath) return parseTracepointFormat(readText(formatPath), formatPath);
  const tp = tracepointOf(prog.section);
  if (!tp) throw new BpfError('EINVAL', `program ${prog.name} (section ${prog.section}) names no tracepoint: give its format with --tp-format FILE`);
  for (const dir of TRACEFS) {
    try {
      return parseTracepointFormat(readFileSync(`${dir}${tp}/format`, 'utf8'), `${dir}${tp}/format`);
    } catch (e) {
      if (e instanceof BpfError) throw e;
    }
  }
  throw new BpfError('ENOENT', `the format of tracepoint ${tp} is not in tracefs (${TRACEFS.map((d) => d + tp + '/format').join(', ')}): give it with --tp-format FILE`);
}

/** run options of a tracing program from a JSON context file */
export function tracingRunOptions(prog: BpfProgram, json: Uint8Array, what: string, formatPath?: string): Pick<ProgramRunOptions, 'ctx' | 'userMem' | 'env'> {
  let spec: TraceInput & { task?: SimTask };
  try {
    spec = JSON.parse(new TextDecoder().decode(json)) as TraceInput & { task?: SimTask };
  } catch (e) {
    throw new BpfError('EINVAL', `${what}: not JSON (${(e as Error).message})`);
  }
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw new BpfError('EINVAL', `${what}: expected an object {"fields": …, "args": […], "task": …}`);
  // a field name at the top ({"filename": …}) would be ignored without a word: it belongs in "fields"
  const stray = Object.keys(spec).filter((k) => k !== 'fields' && k !== 'args' && k !== 'task');
  if (stray.length) throw new BpfError('EINVAL', `${what}: unknown key${stray.length > 1 ? 's' : ''} ${stray.map((k) => `'${k}'`).join(', ')}: the context is {"fields": {NAME: VALUE…}, "args": […], "task": {…}}`);
  const fmt = prog.progType === PT.TRACEPOINT ? tracepointFormat(prog, formatPath) : undefined;
  const c = traceContext(prog.progType, spec, fmt);
  let btf;
  try {
    btf = vmlinuxBtf();
  } catch {
    btf = undefined; // no kernel BTF: the task helpers still answer, task_struct reads see zeros
  }
  const env = taskEnv(spec.task ?? {}, btf);
  return { ctx: c.ctx, ...(c.user.length ? { userMem: { user: c.user, relocs: c.relocs } } : {}), env };
}

/** is a --ctx-in file a JSON description rather than the context's bytes */
export function isJsonContext(path: string, bytes: Uint8Array): boolean {
  return path.endsWith('.json') || (bytes.length > 0 && bytes[0] === 0x7b /* { */);
}

/**
 * The object's maps after a run, one line per entry (`NAME[KEY]: VALUE`, decoded from BTF, per-CPU
 * values per CPU and summed); ring buffers: their records, drained, decoded as `run` decodes them.
 */
export function mapLines(obj: BpfObject, records: RecordTypes): string[] {
  const out: string[] = [];
  for (const [name, m] of obj.maps) {
    if (name.startsWith('.') || name.endsWith('.rodata') || name.endsWith('.bss') || name.endsWith('.data')) continue;
    if (m.map instanceof RingBuf) {
      m.map.consume((r) => out.push(`${name}: record ${records.text(r)}`));
      continue;
    }
    try {
      for (const e of m.readableEntries()) out.push(`${name}[${entryText(e).replace(/: /, ']: ')}`);
    } catch {
      // maps without entries to list (prog arrays, perf event arrays)
    }
  }
  return out;
}
