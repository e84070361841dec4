/**
 * The live dashboard on the running kernel: examples/read_sizes.bpf.o attached to its tracepoints
 * (tsbpf ui --attach), a workload of known reads (4096-byte reads of /dev/zero) and an execve, and the page's
 * histogram and record table showing them. Needs root, bpf() and chromium; skips saying which is
 * missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { browserSkip, openBrowser, screenshot, EXAMPLES } from './browser.js';
import { kernelSkipReason } from '../bpf_helpers/kernel.js';
import { startUiServer } from '../../src/web/server.js';
import { attachForDashboard } from '../../src/web/kernel_feed.js';

const skip = browserSkip || kernelSkipReason() || false;

test('the dashboard on the kernel: the read-size histogram moves with a workload of 4 KiB reads, execs appear as records', { skip }, async () => {
  const source = await attachForDashboard(join(EXAMPLES, 'read_sizes.bpf.o'));
  const ui = await startUiServer({ source });
  const s = await openBrowser();
  try {
    const p = s.page;
    await p.goto(`${ui.url}#dashboard`);
    const hist = p.getByRole('table', { name: 'read_sizes: histogram' });
    await hist.waitFor({ timeout: 30_000 });
    const bucket = async (label: string): Promise<number> => {
      const row = hist.getByRole('row').filter({ has: p.getByRole('cell', { name: label, exact: true }) });
      return (await row.count()) ? Number(await row.getByRole('cell').nth(1).innerText()) : 0;
    };
    const before = await bucket('[4K, 8K)');
    // 3000 reads of exactly 4096 bytes, by a process whose execve the other probe records (node,
    // not dd: other test files count dd's syscalls and run at the same time)
    const script = "const fs=require('fs');const fd=fs.openSync('/dev/zero','r');const b=Buffer.alloc(4096);for(let i=0;i<3000;i++)fs.readSync(fd,b,0,4096,null);";
    const w = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(w.status, 0, w.stderr);
    await p.waitForFunction(([b]) => {
      const t = [...document.querySelectorAll('table')].find((x) => x.caption?.textContent === 'read_sizes: histogram');
      const row = [...(t?.querySelectorAll('tbody tr') ?? [])].find((r) => r.firstElementChild?.textContent === '[4K, 8K)');
      return row ? Number(row.children[1]!.textContent) >= b! + 3000 : false;
    }, [before], { timeout: 15_000 });
    assert.ok(await bucket('[4K, 8K)') >= before + 3000);
    const search = p.getByRole('searchbox', { name: 'Filter records of execs' });
    // at sys_enter_execve the comm is still the parent's; the file is the new program's path
    await search.fill(process.execPath);
    await p.getByRole('table', { name: /execs: newest [1-9]/ }).waitFor({ timeout: 10_000 });
    assert.ok((await p.getByRole('table', { name: /execs: newest/ }).innerText()).includes(process.execPath));
    await screenshot(p, 'dashboard-kernel');
    assert.deepEqual(s.errors, []);
  } finally {
    await s.close();
    await ui.close();
  }
});
