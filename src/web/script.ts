/**
 * Tracing-language scripts in the playground (browser-safe): a bpftrace script compiled by the
 * language's public entry point (src/lang/bpftrace/compile.ts `compile`), each probe's generated
 * program shown as a playground program (so the Verify, Debug and JIT views work on it, with the
 * script's text beside each instruction from the compiler's spans), tsbpf's verifier's verdict per
 * probe placed at the script's line:column, and a run of what can run without a kernel.
 *
 * What runs in a page: bpftrace runs BEGIN and END through BPF_PROG_TEST_RUN of raw-tracepoint
 * programs (src/bpftrace.cpp), which the emulator does the same way — so a script's BEGIN, its END
 * and the maps printed at exit are bpftrace's output, produced by the language's own runner
 * (run.ts runScript) over an emulator backend (maps, programs and test runs through the runtime's
 * bpf()-shaped API, runtime/bpf.ts). Probes on kernel events (tracepoints, uprobes, profile…)
 * have no events in a page: they are compiled and verified, listed as not attached, and never
 * fire; `tsbpf trace` runs them on the kernel.
 */
import { BpfError } from '../isa/errors.js';
import { MapType, ProgType } from '../isa/bpf_types.js';
import { compile, verifierMaps, type Compiled, type CompiledProbe } from '../lang/bpftrace/compile.js';
import { ScriptError, formatScriptError } from '../lang/bpftrace/errors.js';
import { verifyProbe } from '../lang/bpftrace/verify_programs.js';
import { runScript, type Backend } from '../lang/bpftrace/run.js';
import type { MapDef } from '../lang/bpftrace/layout.js';
import type { MapEntry } from '../lang/bpftrace/output.js';
import { Bpf } from '../runtime/bpf.js';
import { RingBuf } from '../maps/ringbuf.js';
import { progTypeName } from '../progtypes/prog_types.js';
import type { PlaygroundObject, PlaygroundProgram } from './playground.js';

/** the script the page opens with: a probe for the kernel and BEGIN/END that run in the page */
export const SCRIPT_EXAMPLE = `// read sizes by process (tracepoint: compiled and verified here, runs on the kernel: tsbpf trace)
tracepoint:syscalls:sys_exit_read /args->ret > 0/ { @bytes[comm] = hist(args->ret); }

// BEGIN and END run in the page, on the emulator
BEGIN {
  printf("tracing reads... Ctrl-C to end\\n");
  $i = 1;
  while ($i <= 4096) { @sizes = hist($i); $i = $i * 2; }
  @start = nsecs;
}
END { printf("%d size classes\\n", 13); delete(@start); }
`;

/** one probe of a compiled script as the page lists it */
export interface ScriptProbe {
  /** the concrete attach point (`tracepoint:syscalls:sys_enter_read`, `BEGIN`) */
  name: string;
  progType: string;
  insns: number;
  /** tsbpf's verifier: null when accepted, else the refusal as bpftrace prints errors (file:line:col, the line, ~~~) */
  refusal: string | null;
  /** BEGIN and END run in the page; the rest need the kernel's events */
  runsInPage: boolean;
}

export interface ScriptView {
  compiled: Compiled;
  /** the probes' programs as a playground object: one program per probe, script text beside each instruction */
  object: PlaygroundObject;
  probes: ScriptProbe[];
}

const inPage = (p: CompiledProbe): boolean => p.target.kind === 'BEGIN' || p.target.kind === 'END';

/**
 * compile a script (file names its errors, as bpftrace's `stdin:1:5-8: ERROR: …`); a script error
 * is thrown as the BpfError it is, with `formatted` giving bpftrace's three-line text
 */
export function compileScript(source: string, file = 'stdin'): ScriptView {
  let compiled: Compiled;
  try {
    compiled = compile(source, { file });
  } catch (e) {
    if (e instanceof ScriptError) throw Object.assign(e, { formatted: formatScriptError(e, source, file) });
    throw e;
  }
  const lines = source.split('\n');
  const maps = verifierMaps(compiled.layout);
  const programs: PlaygroundProgram[] = compiled.probes.map((p) => {
    // the script text of each instruction's span, once per run of instructions from the same span
    const text = new Map<number, string>();
    let last = '';
    p.slotLocs.forEach((loc, slot) => {
      if (!loc) return;
      const t = `${loc.line}: ${(lines[loc.line - 1] ?? '').trim()}`;
      if (t !== last) text.set(slot, t);
      last = t;
    });
    const type = ProgType[p.progType];
    return { name: p.target.name, section: p.target.name, type, typeName: progTypeName(type), insns: p.insns, lines: text };
  });
  const probes = compiled.probes.map((p): ScriptProbe => {
    let refusal: string | null = null;
    try {
      verifyProbe(compiled, p);
    } catch (e) {
      if (!(e instanceof ScriptError)) throw e;
      refusal = formatScriptError(e, source, file);
    }
    return { name: p.target.name, progType: p.progType, insns: p.insns.length, refusal, runsInPage: inPage(p) };
  });
  const object: PlaygroundObject = {
    name: `${file === 'stdin' ? 'script' : file}.bt`, programs, btfC: '', verifierMaps: maps,
    maps: compiled.layout.maps.map((m) => ({ name: m.name, type: `BPF_MAP_TYPE_${m.mapType}`, keySize: m.keySize, valueSize: m.valueSize, maxEntries: m.maxEntries })),
  };
  return { compiled, object, probes };
}

/** bpftrace's output of the script's run in the page: BEGIN, END, and the maps at exit (text or JSON lines) */
export async function runInPage(v: ScriptView, format: 'text' | 'json' = 'text'): Promise<string> {
  let out = '';
  // the run ends as soon as BEGIN has run and its records are printed: no kernel events will come
  // (not an aborted signal: since Ctrl-C during loading is reported, that reads as an interruption)
  await runScript(v.compiled, emulatorBackend(), { format, write: (s) => { out += s; }, untilBegin: true });
  return out;
}

/**
 * The language runner's backend on the emulator: BPF_MAP_CREATE, BPF_PROG_LOAD (tsbpf's verifier),
 * BPF_PROG_TEST_RUN and the map commands of runtime/bpf.ts; one emulated CPU. Probes on kernel
 * events are not attached (a page has none): attach does nothing and they never run.
 */
export function emulatorBackend(bpf = new Bpf()): Backend {
  const percpu = (def: MapDef): boolean => def.mapType === 'PERCPU_HASH' || def.mapType === 'PERCPU_ARRAY';
  const stride = (def: MapDef): number => (def.valueSize + 7) & ~7;
  const be: Backend = {
    createMap: (def) => bpf.mapCreate({ mapType: MapType[def.mapType], keySize: def.keySize, valueSize: def.valueSize, maxEntries: def.maxEntries }),
    loadProgram: (p, insns) => bpf.progLoad({ progType: ProgType[p.progType], insns, license: 'GPL', name: p.target.name }).fd,
    async explainRefusal(c, p, err) {
      try {
        verifyProbe(c, p, 200_000);
      } catch (ours) {
        return ours;
      }
      return err;
    },
    attach: () => () => {},
    runOnce: (fd) => { bpf.progTestRun(fd, { ctx: new Uint8Array(8) }); },
    openRing(fd) {
      const rb = bpf.map(fd);
      if (!(rb instanceof RingBuf)) throw new BpfError('EINVAL', `fd ${fd} is not a ring buffer`);
      return { poll: (_ms, cb) => rb.consume(cb), close: () => {} };
    },
    readMap(def, fd) {
      const out: MapEntry[] = [];
      let key: Uint8Array | null = null;
      for (let n = 0; n <= def.maxEntries; n++) {
        try {
          key = bpf.mapGetNextKey(fd, key);
        } catch (e) {
          if (e instanceof BpfError && e.errno === 'ENOENT') break;
          throw e;
        }
        const v = bpf.mapLookupElem(fd, key);
        const values = percpu(def) ? Array.from({ length: bpf.ncpus }, (_, i) => v.subarray(i * stride(def), i * stride(def) + def.valueSize)) : [v];
        out.push({ key, values });
      }
      return out;
    },
    clearMap(def, fd, zero) {
      for (const { key } of be.readMap(def, fd)) {
        if (zero) bpf.mapUpdateElem(fd, key, new Uint8Array(percpu(def) ? stride(def) * bpf.ncpus : def.valueSize));
        else bpf.mapDeleteElem(fd, key);
      }
    },
    closeFd: (fd) => bpf.close(fd),
    // no kernel symbols, processes or users in a page: addresses in hex, ids as numbers
    resolver: (c) => ({
      probeName: (id) => c.probeNames[id] ?? '',
      ksym: (a) => `0x${a.toString(16)}`,
      usym: (a) => `0x${a.toString(16)}`,
      stack: () => [],
      username: (uid) => String(uid),
    }),
  };
  return be;
}
