/**
 * The live dashboard on the running kernel: examples/read_sizes.bpf.o attached to its tracepoints
 * (tsbpf ui --attach, and tsbpf attach --ui), a workload of known reads (4096-byte reads of /dev/zero) and an execve, and the page's
 * histogram and record table showing them. Needs root, bpf() and chromium; skips saying which is
 * missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserSkip, openBrowser, screenshot, EXAMPLES } from './browser.js';
import { kernelSkipReason } from '../bpf_helpers/kernel.js';
import { startUiServer } from '../../src/web/server.js';
import { attachForDashboard } from '../../src/web/kernel_feed.js';

const skip = browserSkip || kernelSkipReason() || false;
const BIN = join(EXAMPLES, '../bin/tsbpf.js');

/** 3000 reads of exactly 4096 bytes by a fresh node process (its execve is a record of `execs`) */
function workload(): void {
  // node, not dd: other test files count dd's syscalls and run at the same time
  const script = "const fs=require('fs');const fd=fs.openSync('/dev/zero','r');const b=Buffer.alloc(4096);for(let i=0;i<3000;i++)fs.readSync(fd,b,0,4096,null);";
  const w = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(w.status, 0, w.stderr);
}

/** the count of the histogram's [4K, 8K) bucket as the page draws it (one read of the page) */
const bucket4k = (): number => {
  const t = [...document.querySelectorAll('table')].find((x) => x.caption?.textContent === 'read_sizes: histogram');
  const row = [...(t?.querySelectorAll('tbody tr') ?? [])].find((r) => r.firstElementChild?.textContent === '[4K, 8K)');
  return row ? Number(row.children[1]!.textContent) : -1;
};

/** the page's histogram moves by the workload's 3000 reads and its execve shows in the record table */
async function seesWorkload(p: Page): Promise<void> {
  const hist = p.getByRole('table', { name: 'read_sizes: histogram' });
  await hist.waitFor({ timeout: 30_000 });
  const before = Math.max(0, await p.evaluate(bucket4k));
  workload();
  // poll the drawn page with a deadline: the dashboard redraws every 250 ms
  await p.waitForFunction(`(${bucket4k.toString()})() >= ${before + 3000}`, null, { timeout: 15_000 });
  const search = p.getByRole('searchbox', { name: 'Filter records of execs' });
  // at sys_enter_execve the comm is still the parent's; the file is the new program's path
  await search.fill(process.execPath);
  await p.getByRole('table', { name: /execs: newest [1-9]/ }).waitFor({ timeout: 10_000 });
  assert.ok((await p.getByRole('table', { name: /execs: newest/ }).innerText()).includes(process.execPath));
}

test('the dashboard on the kernel: the read-size histogram moves with a workload of 4 KiB reads, execs appear as records', { skip }, async () => {
  const source = await attachForDashboard(join(EXAMPLES, 'read_sizes.bpf.o'));
  const ui = await startUiServer({ source });
  const s = await openBrowser();
  try {
    await s.page.goto(`${ui.url}#dashboard`);
    await seesWorkload(s.page);
    await screenshot(s.page, 'dashboard-kernel');
    assert.deepEqual(s.errors, []);
  } finally {
    await s.close();
    await ui.close();
  }
});

test('tsbpf attach OBJ --ui PORT: the same dashboard from the attach runner, which still prints every record', { skip }, async () => {
  const cli = spawn(process.execPath, [BIN, 'attach', join(EXAMPLES, 'read_sizes.bpf.o'), '--ui', '127.0.0.1:0', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  cli.stdout.on('data', (d: Buffer) => { out += d; });
  cli.stderr.on('data', (d: Buffer) => { err += d; });
  const exited = once(cli, 'exit');
  const s = await openBrowser();
  try {
    const deadline = Date.now() + 30_000;
    let url: string | undefined;
    while (!(url = /dashboard on (http:\S+)/.exec(err)?.[1]) && Date.now() < deadline && cli.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    assert.ok(url, `the URL is printed on stderr: ${err}`);
    await s.page.goto(url);
    await seesWorkload(s.page);
    // the playground has the object too
    await s.page.getByRole('tab', { name: 'Playground' }).click();
    await s.page.getByRole('status').filter({ hasText: /accepted/ }).waitFor({ timeout: 30_000 });
    await screenshot(s.page, 'attach-ui');
    assert.deepEqual(s.errors, []);
  } finally {
    await s.close();
    cli.kill('SIGINT');
    await exited;
  }
  assert.equal(cli.exitCode, 0, err);
  const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { attached?: string[]; event?: string; data?: { file?: string }; maps?: Record<string, unknown> });
  assert.deepEqual(lines[0]!.attached?.sort(), ['read_exit', 'exec_enter'].sort());
  assert.ok(lines.some((l) => l.event === 'execs' && l.data?.file === process.execPath), 'the runner printed the record the page showed');
  assert.ok(lines[lines.length - 1]!.maps?.['read_sizes'], 'the maps at exit');
});
