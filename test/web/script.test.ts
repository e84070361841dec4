/**
 * Tracing-language scripts in the playground (src/web/script.ts): compiled by the language's
 * compile(), each probe a playground program with the script's lines beside its instructions,
 * verified per probe, and BEGIN/END run on the emulator through the language's own runner — whose
 * output is compared byte for byte with the installed bpftrace running the same script on the kernel.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { compileScript, runInPage } from '../../src/web/script.js';
import { verifyProgram } from '../../src/web/playground.js';
import { DebugSession } from '../../src/web/session.js';
import { kernelSkipReason } from '../bpf_helpers/kernel.js';
import { BpfError } from '../../src/isa/errors.js';
import { TRACEPOINT_FORMATS } from '../../src/web/tracepoint_formats.js';
import { parseTracepointFormat } from '../../src/kernel/tracefs.js';

const haveBpftrace = spawnSync('bpftrace', ['--version'], { encoding: 'utf8' }).status === 0;
const skipBpftrace = kernelSkipReason() || (!haveBpftrace ? 'bpftrace is not installed (apt-get install bpftrace)' : process.getuid?.() !== 0 ? 'bpftrace needs root' : false);

/** BEGIN/END scripts: everything a page can run (no kernel events), over the language's features */
const SCRIPTS = [
  'BEGIN { printf("%5d|%-5s|%x|%X|%o|%c|%%\\n", 42, "ab", 255, 255, 8, 65); exit(); }',
  'BEGIN { @c[1, "a"] = count(); @c[2, "b"] = count(); @c[2, "b"] = count(); @s = sum(10); @s = sum(-3); exit(); }',
  'BEGIN { @h = hist(0); @h = hist(1); @h = hist(1000); @h = hist(1 << 20); @l = lhist(7, 0, 10, 2); @l = lhist(11, 0, 10, 2); exit(); }',
  'BEGIN { @st = stats(5); @st = stats(15); @a = avg(4); @a = avg(9); @mn = min(3); @mn = min(-2); @mx = max(8); exit(); }',
  'BEGIN { $i = 0; while ($i < 5) { @sq[$i] = $i * $i; $i++; } if (@sq[3] == 9) { printf("nine\\n"); } else { printf("no\\n"); } exit(); }',
  'BEGIN { @x = (uint8)300; @neg = -7; @t = (1, "ab", -3); @str = "hello"; exit(); }',
  'BEGIN { @a[1] = 1; @a[2] = 2; print(@a); clear(@a); @b = 5; delete(@b); exit(); } END { printf("end\\n"); }',
  'BEGIN { printf("%s %d\\n", "x" == "x" ? "same" : "diff", 7 % 3); @q = 1 + 2 * 3 - (8 >> 1); exit(); }',
  'BEGIN { @m["k1"] = 5; @m["k2"] = 3; @m["k3"] = 9; print(@m, 2); exit(); }',
  'BEGIN { @n = 1; unroll(3) { @n = @n * 2; } printf("%d\\n", @n); exit(); } END { @done = 1; }',
];

test('a script compiles to one playground program per probe, with its lines beside the instructions, each verified', () => {
  const src = 'BEGIN { @start = 1; }\ntracepoint:syscalls:sys_enter_read /pid > 1/ { @reads[comm] = count(); }\nEND { printf("%d\\n", @start); }';
  const v = compileScript(src);
  assert.deepEqual(v.probes.map((p) => [p.name, p.progType, p.runsInPage, p.refusal]), [
    ['BEGIN', 'RAW_TRACEPOINT', true, null], ['tracepoint:syscalls:sys_enter_read', 'TRACEPOINT', false, null], ['END', 'RAW_TRACEPOINT', true, null],
  ]);
  assert.deepEqual(v.object.programs.map((p) => p.name), v.probes.map((p) => p.name));
  assert.ok(v.object.maps.some((m) => m.name === '@reads'), 'the script\'s maps');
  const tp = v.object.programs[1]!;
  const view = verifyProgram(v.object, tp);
  assert.equal(view.result.accepted, true, view.result.log);
  // the instructions of the predicate and of the action carry line 2 of the script
  assert.ok(view.rows.some((r) => r.source?.startsWith('2: tracepoint:syscalls:sys_enter_read /pid > 1/')));
  assert.ok(view.rows.every((r) => !r.source || r.source.startsWith('2: ')));
  assert.equal(view.rows.length, v.probes[1]!.insns);
});

test('a script error is bpftrace\'s text (file:line:col, the line, the span underlined)', () => {
  assert.throws(() => compileScript('BEGIN { @x = $y; }'), (e: BpfError & { formatted?: string }) => {
    assert.ok(e instanceof BpfError);
    assert.match(e.formatted ?? '', /^stdin:1:14-16: ERROR: Undefined or undeclared variable: \$y\nBEGIN \{ @x = \$y; \}\n {13}~~\n?$/);
    return true;
  });
});

test('BEGIN and END run in the page: printf lines and the maps at exit', async () => {
  const out = await runInPage(compileScript(SCRIPTS[1]!));
  assert.equal(out, 'Attaching 1 probe...\n\n\n@c[1, a]: 1\n@c[2, b]: 2\n@s: 7\n');
  const json = await runInPage(compileScript('BEGIN { printf("hi\\n"); @n = count(); exit(); }'), 'json');
  assert.match(json, /^\{"type": "attached_probes", "data": \{"probes": 1\}\}\n\{"type": "printf", "data": "hi\\n"\}\n/m);
});

test('the page\'s run of BEGIN/END scripts prints what bpftrace prints on the kernel, byte for byte', { skip: skipBpftrace }, async () => {
  for (const s of SCRIPTS) {
    const theirs = spawnSync('bpftrace', ['-e', s], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(theirs.status, 0, `bpftrace on ${s}: ${theirs.stderr}`);
    assert.equal(await runInPage(compileScript(s)), theirs.stdout, s);
  }
});

test('the tracepoint formats the page bundles parse, with the fields scripts read', () => {
  assert.ok(Object.keys(TRACEPOINT_FORMATS).length >= 30);
  for (const [ev, text] of Object.entries(TRACEPOINT_FORMATS)) {
    const [cat, name] = ev.split(':');
    const f = parseTracepointFormat(text, cat, name);
    assert.ok(f.fields.some((x) => x.name === 'common_pid'), ev);
  }
  const read = parseTracepointFormat(TRACEPOINT_FORMATS['syscalls:sys_exit_read']!, 'syscalls', 'sys_exit_read');
  assert.ok(read.fields.some((x) => x.name === 'ret'));
});

test('the debugger says in a sentence that a script\'s probes do not run in it', () => {
  const v = compileScript('tracepoint:syscalls:sys_enter_read { @n = count(); }');
  assert.throws(() => new DebugSession(v.object, v.object.programs[0]!, {}), (e: BpfError) => e.errno === 'EOPNOTSUPP' && /the Script view runs BEGIN and END, tsbpf trace the rest/.test(e.message));
});
