/**
 * src/kernel/elf_symbols.ts reads the function symbols of user binaries (uprobe targets) through
 * pread of their symbol tables only. Checked against binutils' readelf on the system's own
 * binaries and libraries: the same function symbols (defined, non-zero address, versions
 * stripped, first of .dynsym/.symtab kept) with the same addresses and sizes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findUserSymbol, resolveBinary, userSymbols } from '../../src/kernel/elf_symbols.js';
import { BpfError } from '../../src/isa/errors.js';

const haveReadelf = spawnSync('readelf', ['--version']).status === 0;

function candidates(): string[] {
  const out: string[] = [];
  for (const lib of ['libc', 'libcrypto', 'libssl', 'libpthread', 'libm', 'libz']) {
    try {
      out.push(resolveBinary(lib));
    } catch {
      /* not installed */
    }
  }
  for (const p of ['/bin/bash', '/usr/bin/ls', '/usr/bin/tcpdump', '/usr/sbin/bpftool', '/usr/bin/clang-19']) if (existsSync(p)) out.push(p);
  return out;
}

/** readelf -sW: name -> [value, size] of the first defined FUNC/IFUNC entry of each name */
function readelfFunctions(path: string): Map<string, [number, number]> {
  const r = spawnSync('readelf', ['-sW', path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  const out = new Map<string, [number, number]>();
  for (const line of r.stdout.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8 || !/^\d+:$/.test(f[0]!)) continue;
    const [, value, size, type, , , ndx, name] = f;
    if (type !== 'FUNC' && type !== 'IFUNC') continue;
    if (ndx === 'UND' || ndx === 'ABS' || !/^\d+$/.test(ndx!)) continue;
    const v = parseInt(value!, 16);
    if (!v || !name) continue;
    const bare = name.replace(/@.*$/, '');
    if (!bare || out.has(bare)) continue;
    out.set(bare, [v, size!.startsWith('0x') ? parseInt(size!, 16) : Number(size)]);
  }
  return out;
}

test('function symbols equal readelf\'s for the system\'s binaries and libraries', { skip: !haveReadelf ? 'readelf (binutils) is not installed' : process.platform !== 'linux' ? 'Linux only' : false }, () => {
  const files = candidates();
  assert.ok(files.length >= 2, `binaries to read: ${files.join(', ')}`);
  for (const file of files) {
    const ours = userSymbols(file);
    const theirs = readelfFunctions(file);
    assert.equal(ours.length, theirs.size, `${file}: as many function symbols as readelf lists`);
    for (const s of ours) assert.deepEqual([s.addr, s.size], theirs.get(s.name), `${file}: ${s.name}`);
    for (let i = 1; i < ours.length; i++) assert.ok(ours[i - 1]!.addr <= ours[i]!.addr, 'sorted by address');
  }
});

test('findUserSymbol (one name, without decoding the whole table) finds what userSymbols lists: every kind of name, suffixes of others, versions, misses', { skip: !haveReadelf ? 'readelf (binutils) is not installed' : process.platform !== 'linux' ? 'Linux only' : false }, () => {
  let asked = 0;
  for (const file of candidates()) {
    const names = [...readelfFunctions(file).keys()];
    // ~150 names spread over the table, and names that are not symbols: a suffix of one (string
    // tables share suffixes), a prefix, one with its version, an empty one
    const picked = names.filter((_, i) => i % Math.max(1, Math.floor(names.length / 150)) === 0);
    const probes = [...picked, ...picked.slice(0, 20).flatMap((n) => [n.slice(1), n.slice(0, -1), `${n}@@GLIBC_2.2.5`, `${n}x`]), '', 'tsbpf_no_such_function'];
    // the fast path first: userSymbols' cache of this file is still empty
    const fast = probes.map((n) => findUserSymbol(file, n));
    const all = userSymbols(file);
    probes.forEach((n, i) => {
      assert.deepEqual(fast[i], all.find((s) => s.name === n), `${file}: ${JSON.stringify(n)}`);
      asked++;
    });
    assert.ok(fast.slice(0, picked.length).every((x) => x !== undefined), `${file}: every listed function found`);
  }
  assert.ok(asked > 100, `${asked} names asked`);
});

test('a library name resolves as ldconfig -p lists it (bcc and bpftrace look in /etc/ld.so.cache): this machine\'s architecture, the first name `LIB.so.N`', { skip: process.arch !== 'x64' ? 'the x86-64 entries of ld.so.cache' : spawnSync('ldconfig', ['-p']).status !== 0 ? 'no ldconfig -p' : false }, () => {
  const lines = spawnSync('ldconfig', ['-p'], { encoding: 'utf8' }).stdout.split('\n');
  let compared = 0;
  for (const lib of ['libc', 'libcrypto', 'libssl', 'libpthread', 'libm', 'libz', 'libstdc++', 'libgcc_s']) {
    const entries = lines.map((l) => /^\s+(\S+) \(([^)]*)\) => (\S+)$/.exec(l)).filter((m): m is RegExpExecArray => !!m && m[2] === 'libc6,x86-64' && m[1]!.startsWith(`${lib}.so.`));
    if (!entries.length) continue;
    const want = entries.sort((a, b) => (a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : 0))[0]![3]!;
    assert.equal(resolveBinary(lib), want, lib);
    compared++;
  }
  assert.ok(compared >= 3, `${compared} libraries compared`);
});

test('a file that is not ELF, or is missing, is an error naming it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-elfsym-'));
  try {
    const text = join(dir, 'script.sh');
    writeFileSync(text, '#!/bin/sh\necho not an ELF file\n');
    assert.throws(() => userSymbols(text), (e: unknown) => e instanceof BpfError && e.errno === 'ENOEXEC' && /not an ELF file/.test(e.message) && e.message.includes(text));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.throws(() => userSymbols('/no/such/binary'), (e: unknown) => e instanceof BpfError && e.errno === 'ENOENT' && e.message.includes('/no/such/binary'));
});
