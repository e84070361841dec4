/**
 * The web page's speed (docs/web.md), measured in Debian's chromium through playwright-core:
 *
 *   - first paint of the playground and the time until the bundled example is verified and drawn;
 *   - a 10,000-instruction program opened through the file input (three times, the median): time
 *     until its verifier states are on screen, against verify() of the same program in Node (the
 *     same work without a page), and the frame time while its state grid scrolls from top to bottom;
 *   - the dashboard with the emulator producing 10,000 packets per second (plus ring-buffer records):
 *     updates drawn per second against snapshots the server sent, events and records reaching the page;
 *   - the Script view: the example bpftrace script compiled and its probes verified in the page.
 *
 *   node dist/bench/web.js [--json]     (needs /usr/bin/chromium and npm run build:web)
 */
import { writeFileSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserSkip, openBrowser, EXAMPLES } from '../test/web/browser.js';
import { startUiServer } from '../src/web/server.js';
import { EmulatorSource } from '../src/web/feed.js';
import { loadObject } from '../src/runtime/object.js';
import { parseCapture } from '../src/hooks/pcap/decoder.js';
import { assembleElf } from '../src/asm/object.js';
import { openObject, verifyProgram } from '../src/web/playground.js';
import { verify } from '../src/verifier/verify.js';

/**
 * An XDP program of `n` instructions shaped like clang's output: a bounds check, then blocks of
 * packet loads, ALU and stack stores with a branch every 16 blocks (joining again, so states prune).
 */
export function bigProgram(n = 10_000): string {
  const lines = ['r2 = *(u32 *)(r1 + 0)', 'r3 = *(u32 *)(r1 + 4)', 'r0 = 0', 'r4 = r2', 'r4 += 64', 'if r4 > r3 goto out'];
  for (let k = 0; lines.length < n - 3; k++) {
    if (k % 16 === 0) lines.push(`r5 = *(u8 *)(r2 + ${k % 64})`, 'if r5 > 3 goto +1', 'r6 = r5', 'r0 += 1');
    else lines.push(`r5 = *(u8 *)(r2 + ${k % 64})`, 'r5 &= 7', 'r0 += r5', `*(u64 *)(r10 - ${8 + 8 * (k % 8)}) = r0`);
  }
  lines.push('r0 &= 3', 'out:', 'exit');
  return ['.section "xdp","ax"', '.globl big', 'big:', ...lines].join('\n') + '\n';
}

export interface WebBench {
  firstPaintMs: number;
  readyMs: number;
  bigInsns: number;
  bigStatesMs: number;
  /** the first of the three opens (the verifier's code not yet optimised for a program this long) */
  bigFirstMs: number;
  /** the page's own clock: verifyProgram and the first rows drawn (no playwright round trips) */
  bigInPageMs: number;
  /** the page's own clock, from the file input's change to the first frame painted with the states: [first, median] */
  bigOpenMs: [number, number];
  bigVerifyNodeMs: number;
  bigVerifyNoJsonMs: number;
  /** verify() formatting every step's state (json: true), what the compact trace replaces */
  bigVerifyEagerMs: number;
  scriptMs: number;
  scrollFrameMs: { mean: number; max: number; frames: number };
  dashboard: { seconds: number; sent: number; received: number; drawn: number; events: number; records: number };
}

export async function benchWeb(): Promise<WebBench> {
  const obj = await loadObject(join(EXAMPLES, 'pkt_sizes.bpf.o'));
  const packets = parseCapture(new Uint8Array(readFileSync(join(EXAMPLES, 'traffic.pcap')))).packets;
  const ui = await startUiServer({ source: new EmulatorSource(obj, obj.program('pkt_sizes'), packets, { rate: 10_000, label: 'pkt_sizes at 10,000 packets/s' }) });
  const s = await openBrowser();
  const dir = mkdtempSync(join(tmpdir(), 'web-bench-'));
  try {
    const p = s.page;
    await p.goto(ui.url);
    await p.waitForSelector('body[data-ready=true]', { timeout: 60_000 });
    const firstPaintMs = await p.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1);
    const readyMs = Number(await p.evaluate(() => document.body.dataset['readyMs']));

    // the big program: through the page, and verify() in Node as the baseline
    const elf = assembleElf(bigProgram());
    const o = openObject(elf, 'big.bpf.o');
    const bigInsns = o.programs[0]!.insns.length;
    // baselines in this process: the verifier with its JSON states (what the page asks for), and without
    verifyProgram(o, o.programs[0]!);
    let t = performance.now();
    verifyProgram(o, o.programs[0]!);
    const bigVerifyNodeMs = performance.now() - t;
    t = performance.now();
    verify(o.programs[0]!.insns, { progType: 'xdp', logLevel: 0 });
    const bigVerifyNoJsonMs = performance.now() - t;
    t = performance.now();
    verify(o.programs[0]!.insns, { progType: 'xdp', logLevel: 0, json: true });
    const bigVerifyEagerMs = performance.now() - t;
    const opens: { total: number; inPage: number; open: number }[] = [];
    for (let k = 0; k < 3; k++) {
      // a new name each time: the file input fires only on a change
      const f = join(dir, `big${k}.bpf.o`);
      writeFileSync(f, elf);
      const t0 = await p.evaluate(() => { delete document.body.dataset['openMs']; return performance.now(); });
      await p.getByLabel('Open an ELF object').setInputFiles(f);
      await p.getByRole('status').filter({ hasText: `accepted: ${bigInsns} instructions` }).waitFor({ timeout: 60_000 });
      await p.waitForFunction((name) => document.getElementById('status')?.textContent === `opened ${name}`, `big${k}.bpf.o`, { timeout: 60_000 });
      const t1 = await p.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now()))));
      await p.waitForFunction(() => document.body.dataset['openMs'] !== undefined, null, { timeout: 60_000 });
      opens.push({
        total: t1 - t0,
        inPage: Number(await p.evaluate(() => document.getElementById('p-verify')!.dataset['ms'])),
        open: Number(await p.evaluate(() => document.body.dataset['openMs'])),
      });
    }
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]!;
    const scrollFrameMs = await p.evaluate(async () => {
      const body = document.querySelector<HTMLElement>('#p-verify .vbody')!;
      const times: number[] = [];
      let last = performance.now();
      for (let y = 0; y < body.scrollHeight; y += body.clientHeight * 2) {
        body.scrollTop = y;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        times.push(now - last);
        last = now;
      }
      return { mean: times.reduce((a, b) => a + b, 0) / times.length, max: Math.max(...times), frames: times.length };
    });

    // the Script view: compile the example script and verify its probes in the page
    await p.getByRole('tab', { name: 'Script' }).click();
    const s0 = await p.evaluate(() => performance.now());
    await p.getByRole('button', { name: 'Compile and verify' }).click();
    await p.locator('#script-summary').waitFor({ timeout: 60_000 });
    const scriptMs = (await p.evaluate(() => performance.now())) - s0;

    // the dashboard at 10,000 packets per second
    await p.getByRole('tab', { name: 'Dashboard' }).click();
    await p.getByRole('table', { name: 'sizes: histogram' }).waitFor();
    type C = { snapshots: number; renders: number; events: number; records: number };
    const read = (): Promise<C> => p.evaluate(() => ({ ...(window as unknown as { tsbpfDashboard: { counters: C } }).tsbpfDashboard.counters }));
    const a = await read();
    const sentA = ui.stats.snapshots;
    t = performance.now();
    await p.waitForTimeout(5000);
    const b = await read();
    const seconds = (performance.now() - t) / 1000;
    return {
      firstPaintMs, readyMs, bigInsns, bigFirstMs: opens[0]!.total, bigStatesMs: median(opens.map((o) => o.total)), bigInPageMs: median(opens.map((o) => o.inPage)), bigOpenMs: [opens[0]!.open, median(opens.map((o) => o.open))], bigVerifyNodeMs, bigVerifyNoJsonMs, bigVerifyEagerMs, scriptMs, scrollFrameMs,
      dashboard: { seconds, sent: ui.stats.snapshots - sentA, received: b.snapshots - a.snapshots, drawn: b.renders - a.renders, events: b.events - a.events, records: b.records - a.records },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await s.close();
    await ui.close();
  }
}

export function webTable(r: WebBench): { columns: string[]; rows: (string | number)[][] } {
  const d = r.dashboard;
  return {
    columns: ['measure', 'value', 'baseline', 'ratio'],
    rows: [
      ['first contentful paint (ms)', r.firstPaintMs.toFixed(0), '-', '-'],
      ['bundled example verified and drawn (ms since navigation)', r.readyMs.toFixed(0), '-', '-'],
      [`${r.bigInsns}-instruction program: states on screen, median of 3 opens (ms) / verifyProgram() in Node`, r.bigStatesMs.toFixed(0), r.bigVerifyNodeMs.toFixed(0), (r.bigStatesMs / r.bigVerifyNodeMs).toFixed(2)],
      ['  the page\'s own clock, file chosen to states painted: first / median (ms)', `${r.bigOpenMs[0].toFixed(0)} / ${r.bigOpenMs[1].toFixed(0)}`, r.bigVerifyNodeMs.toFixed(0), (r.bigOpenMs[0] / r.bigVerifyNodeMs).toFixed(2)],
      ['  the first of the three opens (ms)', r.bigFirstMs.toFixed(0), r.bigVerifyNodeMs.toFixed(0), (r.bigFirstMs / r.bigVerifyNodeMs).toFixed(2)],
      ['  of which verified and drawn, the page\'s own clock (ms)', r.bigInPageMs.toFixed(0), r.bigVerifyNodeMs.toFixed(0), (r.bigInPageMs / r.bigVerifyNodeMs).toFixed(2)],
      ['  verify() in Node without the JSON states (ms)', r.bigVerifyNoJsonMs.toFixed(0), r.bigVerifyNodeMs.toFixed(0), (r.bigVerifyNoJsonMs / r.bigVerifyNodeMs).toFixed(2)],
      ['  verify() in Node formatting every step (json: true) (ms)', r.bigVerifyEagerMs.toFixed(0), r.bigVerifyNodeMs.toFixed(0), (r.bigVerifyEagerMs / r.bigVerifyNodeMs).toFixed(2)],
      ['  state grid scrolling: mean / max frame (ms)', `${r.scrollFrameMs.mean.toFixed(1)} / ${r.scrollFrameMs.max.toFixed(1)}`, `${r.scrollFrameMs.frames} frames`, '-'],
      ['dashboard at 10,000 packets/s: updates drawn per s / snapshots sent per s', (d.drawn / d.seconds).toFixed(2), (d.sent / d.seconds).toFixed(2), (d.drawn / Math.max(1, d.sent)).toFixed(2)],
      ['  events per s seen by the page (program runs and records)', (d.events / d.seconds).toFixed(0), '-', '-'],
      ['  ring-buffer records per s drawn into the record table', (d.records / d.seconds).toFixed(0), '-', '-'],
      ['Script view: example script compiled, 3 probes verified (ms)', r.scriptMs.toFixed(0), '-', '-'],
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (browserSkip) {
    console.error(`bench/web: ${browserSkip}`);
    process.exit(0);
  }
  const r = await benchWeb();
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else {
    const t = webTable(r);
    const w = t.columns.map((c, i) => Math.max(c.length, ...t.rows.map((row) => String(row[i]).length)));
    for (const row of [t.columns, ...t.rows]) console.log(row.map((c, i) => String(c).padEnd(w[i]!)).join('  '));
  }
}
