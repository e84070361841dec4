/**
 * Running a compiled script the way bpftrace runs one (src/main.cpp, src/bpftrace.cpp run()):
 * create the maps, load every program, run BEGIN, attach the probes and say how many, start the
 * `-c` command, then turn ring-buffer records into output until exit(), the command's end, the
 * -p process's end or SIGINT; then run END, and print every map (sorted by name, after two
 * newlines) unless the script cleared it. The kernel side is a Backend, so this file holds only
 * the orchestration and stays free of system calls.
 */
import type { Compiled, CompiledProbe } from './compile.js';
import type { EventDef, MapDef } from './layout.js';
import { type OutputFormat, type Resolver, type MapEntry, formatMap, attachedLine, jsonMessage, valueStr, printfArg, strftime } from './output.js';
import { formatPrintf, parseFull } from './printf.js';
import { sizeOf } from './types.js';
import type { Loc } from './ast.js';
import { BpfError } from '../../isa/errors.js';

/** what running needs from the kernel */
export interface Backend {
  createMap(def: MapDef): number;
  /** load a program with map indexes already replaced by fds; returns the program fd */
  loadProgram(p: CompiledProbe, insns: CompiledProbe['insns']): number;
  /** the error to report for a program the kernel refused (tsbpf's verifier places it in the script) */
  explainRefusal?(c: Compiled, p: CompiledProbe, err: unknown): Promise<unknown>;
  /** attach a loaded program to its target; the returned function detaches */
  attach(p: CompiledProbe, progFd: number, opts: { pid?: number }): Detach;
  /** run a loaded program once (BEGIN/END) */
  runOnce(progFd: number): void;
  /** wait up to `ms` for ring-buffer records and hand each to `cb` */
  openRing(fd: number): { poll(ms: number, cb: (rec: Uint8Array) => void): number; close(): void };
  readMap(def: MapDef, fd: number): MapEntry[];
  clearMap(def: MapDef, fd: number, zero: boolean): void;
  closeFd(fd: number): void;
  resolver(c: Compiled, fds: number[]): Resolver;
  /** cat(): a file's contents (throws an Error whose message is the C library's text) */
  readFile?(path: string): Uint8Array;
  /** system(): run a shell command, its standard output */
  runCommand?(cmd: string): string;
}

/**
 * Detaches one probe. `concurrent`, where present, detaches it without blocking the thread, so
 * that several detach at once: a uprobe's detach waits for RCU grace periods in the kernel
 * (uprobe_unregister_sync), and waits that overlap share their grace periods.
 */
export type Detach = (() => void) & { concurrent?: () => Promise<void> };

export interface RunOptions {
  format: OutputFormat;
  write: (s: string) => void;
  quiet?: boolean;
  pid?: number;
  /** started after attaching; the run ends when it exits */
  child?: { start(): void; alive(): boolean; wait(): Promise<number> };
  signal?: AbortSignal;
  /**
   * called once every probe is attached, before BEGIN runs; the CLI installs its SIGINT/SIGTERM
   * handlers here, so a Ctrl-C while programs load or attach takes the signal's default action:
   * the process ends at once, even inside a BPF_PROG_LOAD the kernel is verifying, and closing its
   * fds frees every map, program and link it made (see trace_bt.ts)
   */
  attached?: () => void;
  /** end as soon as BEGIN has run and its records are printed (the page's run: no events will come) */
  untilBegin?: boolean;
  /** -k/-kk: a helper failure, printed with the script's line and carets (default: a plain WARNING line on stderr) */
  warnAt?: (message: string, loc: Loc) => void;
  /** error lines of asynchronous functions (cat of a missing file); default: stderr */
  error?: (s: string) => void;
}

/** rewrite lddw map references (imm = map index) to the maps' fds, as libbpf's relocation does */
function relocate(insns: CompiledProbe['insns'], fds: number[]): CompiledProbe['insns'] {
  return insns.map((i) => (i.code === 0x18 && i.src === 1 ? { ...i, imm: fds[i.imm]! } : i));
}

export async function runScript(c: Compiled, be: Backend, o: RunOptions): Promise<number> {
  const fds: number[] = [];
  const progFds: Array<{ p: CompiledProbe; fd: number }> = [];
  const detach: Detach[] = [];
  let ring: ReturnType<Backend['openRing']> | undefined;
  try {
    for (const m of c.layout.maps) fds.push(be.createMap(m));
    for (const p of c.probes) {
      let failure: unknown;
      try {
        progFds.push({ p, fd: be.loadProgram(p, relocate(p.insns, fds)) });
      } catch (e) {
        failure = e;
      }
      // a Ctrl-C while the kernel verified: its EAGAIN was retried (or became the refusal of a
      // half-verified program); the handler runs once the event loop turns — say it was an
      // interruption, not the verifier's verdict, and explain nothing
      await interruptible(o.signal, `loading ${p.target.name} (${progFds.length} of ${c.probes.length} programs loaded)`);
      if (failure === undefined) continue;
      const explained = be.explainRefusal ? await be.explainRefusal(c, p, failure) : failure;
      // tsbpf's verifier explaining a refusal runs without a turn of the event loop: a Ctrl-C during it is seen now
      await interruptible(o.signal, `loading ${p.target.name}`);
      throw explained;
    }
    const r = be.resolver(c, fds);
    const ringIdx = c.layout.maps.findIndex((m) => m.mapType === 'RINGBUF');
    if (ringIdx >= 0) ring = be.openRing(fds[ringIdx]!);
    let exiting = false;
    /** END runs: its records print even after exit() */
    let ending = false;
    const out = o.write;
    const mapIndex = (name: string): number => c.layout.maps.findIndex((m) => m.name === name);
    const onRecord = (rec: Uint8Array): void => {
      // after exit() bpftrace handles no further event (perf_event_printer returns once finalize_ is set)
      if (exiting && !ending) return;
      const dv = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
      const id = Number(dv.getBigUint64(0, true));
      const ev: EventDef | undefined = c.layout.events[id];
      if (!ev) return;
      switch (ev.kind) {
        case 'printf': {
          const specs = parseFull(ev.fmt).specs;
          const args = ev.args.map((t, i) => printfArg(t, rec.subarray(8 + ev.offsets[i]!), r, specs[i]?.conv));
          const text = formatPrintf(ev.fmt, args);
          out(o.format === 'json' ? jsonMessage('printf', text) : text);
          break;
        }
        case 'cat': {
          // bpftrace 0.17 (src/bpftrace.cpp, AsyncAction::cat): the file's bytes as they are; a
          // file it cannot read is an ERROR line on stderr and an empty message
          const path = formatPrintf(ev.fmt, ev.args.map((t, i) => printfArg(t, rec.subarray(8 + ev.offsets[i]!), r)));
          let text = '';
          try {
            if (!be.readFile) throw new Error('Function not implemented');
            text = Buffer.from(be.readFile(path)).toString('latin1');
          } catch (e) {
            (o.error ?? ((s: string) => process.stderr.write(s)))(`ERROR: failed to open file '${path}': ${(e as Error).message}\n`);
          }
          out(o.format === 'json' ? jsonMessage('cat', text) : text);
          break;
        }
        case 'system': {
          const cmd = formatPrintf(ev.fmt, ev.args.map((t, i) => printfArg(t, rec.subarray(8 + ev.offsets[i]!), r)));
          const text = be.runCommand ? be.runCommand(cmd) : '';
          // bpftrace 0.17 calls this message type "syscall" in JSON
          out(o.format === 'json' ? jsonMessage('syscall', text) : text);
          break;
        }
        case 'time': {
          const text = strftime(ev.fmt);
          out(o.format === 'json' ? jsonMessage('time', text) : text);
          break;
        }
        case 'join': {
          const parts: string[] = [];
          for (let i = 0; i < ev.n; i++) {
            const s = rec.subarray(8 + i * ev.strlen, 8 + (i + 1) * ev.strlen);
            const end = s.indexOf(0);
            if (end === 0) break;
            parts.push(Buffer.from(end < 0 ? s : s.subarray(0, end)).toString('latin1'));
          }
          const text = parts.join(ev.sep);
          out(o.format === 'json' ? jsonMessage('join', text) : text + '\n');
          break;
        }
        case 'print_value': {
          const v = valueStr(ev.ty, rec.subarray(8, 8 + Math.max(8, sizeOf(ev.ty))), r, o.format);
          out(o.format === 'json' ? `{"type": "value", "data": ${v}}\n` : v + '\n');
          break;
        }
        case 'print_map': {
          const i = mapIndex(ev.map);
          out(formatMap(c.layout.maps[i]!, be.readMap(c.layout.maps[i]!, fds[i]!), r, o.format, ev.top, ev.div));
          break;
        }
        case 'clear': case 'zero': {
          const i = mapIndex(ev.map);
          be.clearMap(c.layout.maps[i]!, fds[i]!, ev.kind === 'zero');
          break;
        }
        case 'exit': exiting = true; break;
        case 'helper_error': {
          // bpftrace 0.17 (src/bpftrace.cpp, AsyncAction::helper_error): JSON on the output, text as a
          // located WARNING on stderr
          const rc = Number(dv.getBigInt64(8, true));
          if (o.format === 'json') out(`{"type": "helper_error", "helper": "${ev.helper}", "retcode": ${rc}, "line": ${ev.loc.line}, "col": ${ev.loc.col}}\n`);
          else {
            const msg = `Failed to ${ev.helper}: ${rc < 0 && r.strerror ? `${r.strerror(-rc)} (${rc})` : rc}`;
            if (o.warnAt) o.warnAt(msg, ev.loc);
            else process.stderr.write(`WARNING: ${msg}\n`);
          }
          break;
        }
      }
    };
    const drain = (ms: number): number => ring?.poll(ms, onRecord) ?? 0;
    const begins = progFds.filter((x) => x.p.target.kind === 'BEGIN');
    const ends = progFds.filter((x) => x.p.target.kind === 'END');
    const attachable = progFds.filter((x) => x.p.target.kind !== 'BEGIN' && x.p.target.kind !== 'END');
    for (const x of attachable) {
      detach.push(be.attach(x.p, x.fd, { pid: o.pid }));
      if (detach.length % 32 === 0) await interruptible(o.signal, `attaching (${detach.length} of ${attachable.length} probes attached)`);
    }
    await interruptible(o.signal, 'attaching');
    o.attached?.();
    if (!o.quiet) out(attachedLine(progFds.length, o.format));
    for (const x of begins) be.runOnce(x.fd);
    drain(0);
    o.child?.start();
    const childDone = o.child ? o.child.wait().then(() => true) : undefined;
    let childExited = false;
    void childDone?.then(() => {
      childExited = true;
    });
    let waitedAfterExit = false;
    while (!exiting && !o.untilBegin && !o.signal?.aborted) {
      // as bpftrace 0.17's poll_perf_events: a wait of up to 100 ms that an event ends (a signal,
      // the child's SIGCHLD, restarts it), then the check that the -c child lives; so what probes
      // print up to 100 ms after the child's exit (an interval's) is printed, as bpftrace prints it
      const n = drain(100);
      if (childExited || (o.child && !o.child.alive())) {
        if (n === 0 && !waitedAfterExit) {
          waitedAfterExit = true;
          continue;
        }
        break;
      }
      if (o.pid !== undefined && !processAlive(o.pid)) break;
      // let the child's exit and signals be seen between polls
      await new Promise((res) => setImmediate(res));
    }
    await Promise.all(detach.splice(0).map(async (d) => (d.concurrent ? d.concurrent() : d())));
    drain(0);
    ending = true;
    for (const x of ends) be.runOnce(x.fd);
    drain(0);
    // bpftrace prints two newlines, then every map, at exit (BPFtrace::print_maps after the run)
    out('\n\n');
    c.layout.maps.forEach((m, i) => {
      // cleared maps print too (empty: their trailing newlines only), as bpftrace does
      if (!m.info) return;
      out(formatMap(m, be.readMap(m, fds[i]!), r, o.format));
    });
    return 0;
  } finally {
    for (const d of detach) d();
    ring?.close();
    for (const x of progFds) be.closeFd(x.fd);
    for (const fd of fds) be.closeFd(fd);
  }
}

/**
 * Ctrl-C (SIGINT) or SIGTERM before the probes run: the run ends with exit status 128 + the
 * signal's number and a sentence; everything created so far is closed by runScript's finally.
 */
export class Interrupted extends BpfError {
  constructor(readonly signalName: string, readonly exitCode: number, during: string) {
    super('EINTR', `interrupted by ${signalName} while ${during}: nothing was left loaded or attached`);
    this.name = 'Interrupted';
  }
}

/**
 * Linux's numbers of the signals a run stops on (signal(7)); a table, not node:os, so the
 * compiler and runner stay importable in the browser (test/browser_core.test.ts)
 */
const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15 };

/** let the event loop deliver a pending signal, then stop if one came */
async function interruptible(signal: AbortSignal | undefined, during: string): Promise<void> {
  if (!signal) return;
  await new Promise((res) => setImmediate(res));
  if (!signal.aborted) return;
  const name = typeof signal.reason === 'string' && /^SIG[A-Z]+$/.test(signal.reason) ? signal.reason : 'SIGINT';
  throw new Interrupted(name, 128 + (SIGNAL_NUMBERS[name] ?? 2), during);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
