/**
 * The page in a real browser (Debian's chromium through playwright-core), found by the roles and
 * accessible names a screen reader would use: the bundled example verified with its states,
 * stepped, run over the capture; a refused object opened through the file input; a capture dropped
 * on the drop zone; keyboard navigation; the live dashboard's histogram moving while the emulator
 * runs. Screenshots go to test-artifacts/web/. Any page error or console error fails the test.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { browserSkip, openBrowser, screenshot, EXAMPLES, type Session } from './browser.js';
import { startUiServer, type UiServer } from '../../src/web/server.js';
import { EmulatorSource } from '../../src/web/feed.js';
import { loadObject } from '../../src/runtime/object.js';
import { parseCapture } from '../../src/hooks/pcap/decoder.js';
import { openObject } from '../../src/web/playground.js';
import { runOverCapture } from '../../src/web/session.js';
import { compileScript, runInPage, SCRIPT_EXAMPLE } from '../../src/web/script.js';

const skip = browserSkip;
let ui: UiServer;
let s: Session;

before(async () => {
  if (skip) return;
  const obj = await loadObject(join(EXAMPLES, 'pkt_sizes.bpf.o'));
  const packets = parseCapture(new Uint8Array(readFileSync(join(EXAMPLES, 'traffic.pcap')))).packets;
  ui = await startUiServer({ source: new EmulatorSource(obj, obj.program('pkt_sizes'), packets, { rate: 2000, label: 'pkt_sizes.bpf.o over traffic.pcap (test)' }) });
  s = await openBrowser();
  await s.page.goto(ui.url);
  await s.page.waitForSelector('body[data-ready=true]', { timeout: 60_000 });
});

after(async () => {
  await s?.close();
  await ui?.close();
});

test('the bundled example: accepted, with per-instruction states and C source', { skip }, async () => {
  const p = s.page;
  await p.getByRole('status').filter({ hasText: /accepted/ }).waitFor();
  const grid = p.getByRole('grid', { name: 'Instructions and verifier states' });
  assert.ok(await grid.getByRole('row').count() > 20, 'rows of the virtualised grid');
  await assert.doesNotReject(grid.getByRole('gridcell', { name: /void \*data = / }).first().waitFor());
  // the state at insn 0: r1 is the context
  const regs = p.getByRole('region', { name: 'State at the selected instruction' }).getByRole('table', { name: 'Registers' });
  assert.equal(await regs.getByRole('row', { name: /r1 ctx\(\)/ }).count(), 1);
  // keyboard: down twice selects insn 2, whose state knows r6 is a packet pointer
  await grid.focus();
  await p.keyboard.press('ArrowDown');
  await p.keyboard.press('ArrowDown');
  await p.getByRole('heading', { name: /^insn 2:/ }).waitFor();
  assert.match(await regs.innerText(), /r6\s+pkt\(/);
  await screenshot(p, 'verify-accepted');
});

test('step a few instructions and see the registers change', { skip }, async () => {
  const p = s.page;
  await p.getByRole('tab', { name: 'Debug' }).click();
  const regs = p.getByRole('table', { name: 'Registers' }).last();
  const before = await regs.innerText();
  for (let i = 0; i < 3; i++) await p.getByRole('button', { name: 'Step', exact: true }).click();
  await p.getByText(/stopped before insn 3 .*3 instructions executed/).waitFor();
  const after3 = await regs.innerText();
  assert.notEqual(after3, before);
  assert.match(after3, /r7\s+0x\w+ \(\d+\)\s+changed/, 'r7 = r1 at insn 2 is marked');
  // Continue runs to the exit: XDP_DROP (1) for the first packet, from the blocklisted 203.0.113.7
  await p.getByRole('button', { name: 'Continue' }).click();
  await p.getByText(/exited: r0 = 1;/).waitFor();
  assert.match(await p.getByRole('table', { name: 'Map blocklist' }).innerText(), /124846283: 1/);
  await screenshot(p, 'debug-stepped');
});

test('run the bundled capture: the verdict counts', { skip }, async () => {
  const p = s.page;
  await p.getByRole('tab', { name: 'Run over capture' }).click();
  await p.getByRole('button', { name: 'Run over capture' }).click();
  const table = p.getByRole('table', { name: 'Verdicts' });
  await table.waitFor();
  // the same run computed here, outside the page
  const o = openObject(new Uint8Array(readFileSync(join(EXAMPLES, 'xdp_firewall.bpf.o'))));
  const want = await runOverCapture(o, o.programs[0]!, new Uint8Array(readFileSync(join(EXAMPLES, 'traffic.pcap'))), { mapSets: ['blocklist:203.0.113.7=0', 'blocklist:198.51.100.23=0'] });
  for (const [action, n] of want.counts) assert.equal(await table.getByRole('row', { name: `${action} ${n}` }).count(), 1, `${action} ${n}`);
  await screenshot(p, 'capture-verdicts');
});

test('a program the verifier refuses, opened through the file input: the failing instruction and the explanation', { skip }, async () => {
  const p = s.page;
  await p.getByLabel('Open an ELF object').setInputFiles(join(EXAMPLES, 'refused/xdp_unchecked.bpf.o'));
  await p.getByRole('tab', { name: 'Verify' }).click();
  await p.getByRole('status').filter({ hasText: /rejected \(EACCES\) at insn 6/ }).waitFor();
  assert.match(await p.getByLabel('Explanation').innerText(), /compare data \+ N against data_end/);
  const failing = p.locator('.vrow.failing');
  assert.equal(await failing.count(), 1);
  assert.match(await failing.innerText(), /ip->protocol/);
  assert.ok(await p.locator('.vrow.onpath').count() >= 5, 'the path to the failure is highlighted');
  // the kernel-format log (level 1) is made when opened: the states at the branches, then the error
  await p.getByText('Verifier log (kernel format)').click();
  const log = p.getByLabel('Verifier log');
  await log.filter({ hasText: /invalid access to packet/ }).waitFor();
  assert.match(await log.innerText(), /^5: \(2d\) if r3 > r2 goto pc\+4$/m);
  await screenshot(p, 'verify-refused');
});

test('a capture dropped on the drop zone replaces the bundled one; classic vs extended agree', { skip }, async () => {
  const p = s.page;
  const bytes = [...readFileSync(join(EXAMPLES, 'traffic.pcap'))].slice(0, 24 + 3 * 16 + 60 + 63 + 68);
  const dt = await p.evaluateHandle((b) => {
    const d = new DataTransfer();
    d.items.add(new File([new Uint8Array(b)], 'three.pcap'));
    return d;
  }, bytes);
  await p.getByRole('region', { name: /Drop zone/ }).dispatchEvent('drop', { dataTransfer: dt });
  await p.getByText('capture: three.pcap, 3 packets').waitFor();
  await p.getByRole('tab', { name: 'Classic vs extended' }).click();
  await p.getByLabel('tcpdump expression').fill('udp');
  await p.getByRole('button', { name: 'Compile filter' }).click();
  await p.getByRole('heading', { name: 'Selected packets: 1 of 3' }).waitFor();
  assert.match(await p.getByLabel('Classic BPF listing').innerText(), /\(000\) ldh\s+\[12\]/);
  assert.match(await p.getByLabel('Converted eBPF listing').innerText(), /skb/);
  await screenshot(p, 'classic-extended');
});

test('a tracing-language script: its probes compiled and verified, their states beside the script, BEGIN and END run', { skip }, async () => {
  const p = s.page;
  await p.getByRole('tab', { name: 'Script' }).click();
  await p.getByRole('button', { name: 'Compile and verify' }).click();
  const probes = p.getByRole('table', { name: 'Probes' });
  await probes.waitFor();
  await p.getByRole('status').filter({ hasText: '3 probes, all accepted by the verifier' }).waitFor();
  assert.equal(await probes.getByRole('row', { name: /^tracepoint:syscalls:sys_exit_read TRACEPOINT \d+ accepted needs the kernel/ }).count(), 1);
  assert.equal(await probes.getByRole('row', { name: /^BEGIN RAW_TRACEPOINT \d+ accepted runs$/ }).count(), 1);
  // the probes are the playground's programs: the Verify view shows the first with the script's lines
  await p.getByRole('tab', { name: 'Verify' }).click();
  const grid = p.getByRole('grid', { name: 'Instructions and verifier states' });
  await grid.getByRole('gridcell', { name: /^2: tracepoint:syscalls:sys_exit_read/ }).first().waitFor();
  await screenshot(p, 'script-verify');
  // BEGIN and END on the emulator: the same text as the runner gives outside the page
  await p.getByRole('tab', { name: 'Script' }).click();
  await p.getByRole('button', { name: 'Run BEGIN and END' }).click();
  const out = p.getByLabel('Script output');
  await out.waitFor();
  const want = await runInPage(compileScript(SCRIPT_EXAMPLE));
  assert.match(want, /^Attaching 3 probes\.\.\.\ntracing reads\.\.\. Ctrl-C to end\n13 size classes\n\n\n(@bytes: ?)?\n*@sizes: \n\[1\]/);
  assert.equal(await out.evaluate((e) => e.textContent), want);
  await screenshot(p, 'script-run');
  // a script error, as bpftrace prints it
  const editor = p.getByLabel('Script (bpftrace language)');
  await editor.click();
  await p.keyboard.press('Control+A');
  await p.keyboard.type('BEGIN { @x = $y; }');
  await p.getByRole('button', { name: 'Compile and verify' }).click();
  await p.getByRole('alert').filter({ hasText: 'stdin:1:14-16: ERROR: Undefined or undeclared variable: $y' }).waitFor();
  assert.deepEqual(s.errors, []);
});

test('every control has an accessible name; tabs move with the arrow keys', { skip }, async () => {
  const p = s.page;
  const unnamed = await p.evaluate(() => {
    const bad: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, input, select, textarea, [role=tab], [role=grid]')) {
      const labels = (el as HTMLInputElement).labels;
      const name = el.getAttribute('aria-label') || (labels && labels.length ? labels[0]!.textContent : '') || (el.tagName === 'BUTTON' || el.getAttribute('role') === 'tab' ? el.textContent : '') || el.getAttribute('title');
      if (!name || !name.trim()) bad.push(el.outerHTML.slice(0, 80));
    }
    return bad;
  });
  assert.deepEqual(unnamed, []);
  await p.getByRole('tab', { name: 'Verify' }).focus();
  await p.keyboard.press('ArrowRight');
  assert.equal(await p.getByRole('tab', { name: 'Debug' }).getAttribute('aria-selected'), 'true');
  assert.equal(await p.getByRole('tabpanel', { name: 'Debug' }).isVisible(), true);
});

test('the live dashboard: the histogram updates while the emulator runs', { skip }, async () => {
  const p = s.page;
  await p.getByRole('tab', { name: 'Dashboard' }).click();
  const hist = p.getByRole('table', { name: 'sizes: histogram' });
  await hist.waitFor();
  const total = async (): Promise<number> => {
    const cells = await hist.locator('tbody td:nth-child(2)').allInnerTexts();
    return cells.reduce((n, c) => n + Number(c), 0);
  };
  const first = await total();
  // poll with a deadline (a loaded CI machine draws late; a fixed wait would read too early)
  await p.waitForFunction((n) => {
    const t = [...document.querySelectorAll('table')].find((x) => x.caption?.textContent === 'sizes: histogram');
    return t ? [...t.querySelectorAll('tbody td:nth-child(2)')].reduce((a, c) => a + Number(c.textContent), 0) > n : false;
  }, first, { timeout: 15_000 });
  assert.match(await hist.innerText(), /\[64, 128\)/);
  // records decoded from BTF, filtered by a field
  await p.getByRole('searchbox', { name: 'Filter records of flows' }).fill('dport=53');
  // the table is redrawn on every snapshot: read the rendered one, cell by cell, until the filter shows
  // (a slow CI browser read a table between two draws once); it must show within 10 s or the test fails
  const filtered = await p.waitForFunction(() => {
    const t = [...document.querySelectorAll('table')].find((x) => x.caption?.textContent?.startsWith('flows: newest') && x.checkVisibility());
    if (!t) return null;
    const col = [...t.tHead!.rows[0]!.cells].findIndex((c) => c.textContent === 'dport');
    const rows = [...t.tBodies[0]!.rows];
    const dports = rows.map((r) => r.cells[col]?.textContent);
    return col >= 0 && dports.length > 0 && dports.every((d) => d === '53') ? dports : null;
  }, null, { timeout: 10_000 }).then((h) => h.jsonValue() as Promise<string[]>);
  assert.ok(filtered.length > 0);
  assert.deepEqual([...new Set(filtered)], ['53']);
  // pause freezes the drawing: three more snapshots arrive, the histogram stays as it was
  await p.getByRole('button', { name: 'Pause' }).click();
  const frozen = await total();
  const snaps = await p.evaluate(() => (window as unknown as { tsbpfDashboard: { counters: { snapshots: number } } }).tsbpfDashboard.counters.snapshots);
  await p.waitForFunction((n) => (window as unknown as { tsbpfDashboard: { counters: { snapshots: number } } }).tsbpfDashboard.counters.snapshots >= n + 3, snaps, { timeout: 15_000 });
  assert.equal(await total(), frozen);
  await p.getByRole('button', { name: 'Resume' }).click();
  await screenshot(p, 'dashboard');
  assert.deepEqual(s.errors, [], 'no page or console errors');
});
