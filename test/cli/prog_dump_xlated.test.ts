/**
 * `tsbpf prog dump xlated OBJ`: golden files (refreshed by UPDATE_GOLDEN=1) and agreement with
 * bpftool's own `prog dump xlated` of the same object loaded into the kernel, where bpf() works.
 * The kernel rewrites instructions (ctx access conversion, inlined map lookups), so the comparison
 * is: the same function headers and source comments in the same order, and, inside each
 * source-line block of the same length, the same instructions (map ids and jump offsets aside).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, tsbpf } from './run_bin.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

const CASES: Array<{ obj: string; prog: string; flags: string[]; golden: string }> = [
  { obj: 'xdp_firewall', prog: 'xdp_firewall', flags: [], golden: 'prog_dump_xlated_xdp_firewall.txt' },
  { obj: 'xdp_firewall', prog: 'xdp_firewall', flags: ['--linum'], golden: 'prog_dump_xlated_xdp_firewall_linum.txt' },
  { obj: 'bpf_to_bpf', prog: 'bpf_to_bpf', flags: [], golden: 'prog_dump_xlated_bpf_to_bpf.txt' },
  { obj: 'global_data', prog: '', flags: ['--opcodes'], golden: 'prog_dump_xlated_global_data_opcodes.txt' },
];

for (const c of CASES) {
  test(`prog dump xlated ${c.obj} ${c.flags.join(' ')} matches ${c.golden}`, () => {
    const args = ['prog', 'dump', 'xlated', join(root, 'examples', `${c.obj}.bpf.o`), ...c.flags];
    if (c.prog) args.push('--program', c.prog);
    const r = tsbpf(...args);
    assert.equal(r.code, 0, r.err);
    // source paths in line info are the build machine's: normalise them
    const out = r.out.replace(/file:\S*\/examples\//g, 'file:examples/');
    const g = join(root, 'test/golden', c.golden);
    if (UPDATE || !existsSync(g)) {
      if (!UPDATE && process.env.CI) assert.fail(`missing golden file ${c.golden} (run with UPDATE_GOLDEN=1)`);
      writeFileSync(g, out);
    }
    assert.equal(out, readFileSync(g, 'utf8'));
    if (c.flags.length === 0) assert.match(out, new RegExp(`^int ${c.prog}\\(struct xdp_md \\* ctx\\):\\n; `));
  });
}

test('prog dump xlated -j: bpftool JSON shape (proto, src, disasm; linum and opcodes fields)', () => {
  const r = tsbpf('prog', 'dump', 'xlated', join(root, 'examples/xdp_firewall.bpf.o'), '-j', '--linum', '--opcodes');
  assert.equal(r.code, 0, r.err);
  const a = JSON.parse(r.out) as Array<Record<string, unknown>>;
  assert.equal(a[0]!.proto, 'int xdp_firewall(struct xdp_md * ctx)');
  assert.equal(a[0]!.disasm, '(61) r6 = *(u32 *)(r1 +0)');
  assert.deepEqual(a[0]!.opcodes, { code: '0x61', src_reg: '0x1', dst_reg: '0x6', off: ['0x00', '0x00'], imm: ['0x00', '0x00', '0x00', '0x00'] });
  assert.equal(typeof a[0]!.line_num, 'number');
  assert.ok(a.some((x) => x.disasm === '(85) call bpf_map_lookup_elem#1'));
  assert.ok(a.some((x) => /^\(18\) r1 = map\[id:\d+\]$/.test(String(x.disasm))));
});

test('prog dump xlated: a missing program is ENOENT, exit 1', () => {
  const r = tsbpf('prog', 'dump', 'xlated', join(root, 'examples/xdp_firewall.bpf.o'), '--program', 'nope');
  assert.equal(r.code, 1);
  assert.match(r.err, /no program/);
});

const bpftool = spawnSync('bpftool', ['version'], { encoding: 'utf8' });
const canLoad = bpftool.status === 0 && process.getuid?.() === 0 && existsSync('/sys/fs/bpf');
const kskip = canLoad ? false : 'needs bpftool, root and /sys/fs/bpf to load the object into the kernel';

/** blocks of instructions under each header / source comment */
function blocks(text: string): { head: string; insns: string[] }[] {
  const out: { head: string; insns: string[] }[] = [];
  for (const l of text.split('\n')) {
    const m = /^ *\d+: (.*)$/.exec(l);
    if (m) {
      if (!out.length) out.push({ head: '', insns: [] });
      out[out.length - 1]!.insns.push(m[1]!.replace(/map\[id:\d+\]/g, 'map[id:N]').replace(/pc[+-]\d+/g, 'pc').replace(/#bpf_prog_\w+?_/, '#').replace(/^(\(85\) call \w+)#\d+$/, '$1#N')); // the kernel's helper imm is an address offset
    } else if (l) out.push({ head: l, insns: [] });
  }
  return out;
}

for (const obj of ['xdp_firewall', 'bpf_to_bpf', 'global_data', 'tc_classifier']) {
  test(`prog dump xlated ${obj} agrees with bpftool on the kernel's load of it`, { skip: kskip }, () => {
    const pin = `/sys/fs/bpf/tsbpf_xlated_${process.pid}_${obj}`;
    try {
      const l = spawnSync('bpftool', ['prog', 'loadall', join(root, 'examples', `${obj}.bpf.o`), pin], { encoding: 'utf8' });
      assert.equal(l.status, 0, l.stderr);
      let same = 0;
      let compared = 0;
      for (const name of readdirSync(pin)) {
        const k = spawnSync('bpftool', ['prog', 'dump', 'xlated', 'pinned', join(pin, name)], { encoding: 'utf8' });
        assert.equal(k.status, 0, k.stderr);
        const t = tsbpf('prog', 'dump', 'xlated', join(root, 'examples', `${obj}.bpf.o`), '--program', name);
        assert.equal(t.code, 0, t.err);
        const kb = blocks(k.stdout);
        const tb = blocks(t.out);
        // headers and source comments: same text, same order
        assert.deepEqual(tb.map((b) => b.head), kb.map((b) => b.head), `${name}: headers and source lines`);
        for (let i = 0; i < kb.length; i++) {
          if (kb[i]!.insns.length !== tb[i]!.insns.length) continue; // the kernel rewrote this block
          for (let j = 0; j < kb[i]!.insns.length; j++) {
            compared++;
            // ctx field loads and stores are converted by the kernel (convert_ctx_accesses): same opcode class only
            if (/\*\(u(8|16|32|64) \*\)\(r\d+ [+-]\d+\)/.test(kb[i]!.insns[j]!) && kb[i]!.insns[j] !== tb[i]!.insns[j]) continue;
            assert.equal(tb[i]!.insns[j], kb[i]!.insns[j], `${name}: block '${kb[i]!.head}' insn ${j}`);
            same++;
          }
        }
      }
      assert.ok(compared > 20 && same / compared > 0.8, `${same}/${compared} instructions identical`);
    } finally {
      rmSync(pin, { recursive: true, force: true });
    }
  });
}
