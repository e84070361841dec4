/**
 * What `--help` prints, walked the way a user walks it (`tsbpf --help`, then each command's and each
 * verb's `--help`, through main() as the binary runs it), against docs/cli-reference.md: every
 * command and verb has its section, every option a help screen lists is in that section, and
 * every docs/ page a help text names exists. cli_reference.test.ts checks that the reference is
 * what the option tables say; this checks the screens users read, so neither can drift.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** run `tsbpf ARGV` in this process and return what it wrote to stdout */
async function helpOf(argv: string[]): Promise<{ code: number; out: string }> {
  const write = process.stdout.write;
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array): boolean => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    const code = await main(argv);
    return { code, out };
  } finally {
    process.stdout.write = write;
  }
}

/** the names a group's usage lists: `  name  summary` lines after the usage line */
const listed = (help: string): string[] => [...help.matchAll(/^ {2}([a-z][\w-]*) {2,}\S/gm)].map((m) => m[1]!);

/** the options of a help screen's "options:" block (not the global ones) */
function optionsOf(help: string): string[] {
  const block = /\noptions:\n([\s\S]*?)(\n\n|$)/.exec(help)?.[1] ?? '';
  const out: string[] = [];
  for (const line of block.split('\n')) {
    const m = /^\s+(?:(-[a-zA-Z0-9]), )?(--[a-z0-9][\w-]*)/.exec(line);
    if (m) out.push(m[2]!, ...(m[1] ? [m[1]] : []));
  }
  return out;
}

/** the reference's section of one command: from `## tsbpf NAME` to the next `## ` */
function section(ref: string, name: string): string | undefined {
  const at = ref.indexOf(`\n## tsbpf ${name}\n`);
  if (at < 0) return undefined;
  const end = ref.indexOf('\n## ', at + 5);
  return ref.slice(at, end < 0 ? undefined : end);
}

test('every command, verb and option `--help` prints is in docs/cli-reference.md; every docs page a help names exists', async () => {
  const ref = readFileSync(root + 'docs/cli-reference.md', 'utf8');
  const top = await helpOf(['--help']);
  assert.equal(top.code, 0);
  const commands = listed(top.out);
  assert.ok(commands.length >= 10 && commands.includes('prog') && commands.includes('map'), top.out);
  const leaves: string[] = [];
  const screens: string[] = [top.out];
  const walk = async (words: string[]): Promise<void> => {
    const h = await helpOf([...words, '--help']);
    assert.equal(h.code, 0, `tsbpf ${words.join(' ')} --help exits 0`);
    screens.push(h.out);
    if (h.out.startsWith(`usage: tsbpf ${words.join(' ')} {VERB}`)) {
      const verbs = listed(h.out);
      assert.ok(verbs.length > 0, `tsbpf ${words.join(' ')} --help lists its verbs`);
      for (const v of verbs) await walk([...words, v]);
      return;
    }
    const name = words.join(' ');
    leaves.push(name);
    const s = section(ref, name);
    assert.ok(s, `docs/cli-reference.md has a section "## tsbpf ${name}"`);
    for (const o of optionsOf(h.out)) {
      assert.ok(s!.includes(`\`${o}`) || s!.includes(`${o}, `) || s!.includes(` ${o}`), `docs/cli-reference.md "tsbpf ${name}" lists ${o}`);
    }
  };
  for (const c of commands) await walk([c]);
  // the map and prog verbs bpftool users type (docs/cli-reference.md lists the ones tsbpf lacks)
  for (const v of ['prog show', 'prog list', 'prog dump', 'prog load', 'prog loadall', 'prog pin', 'map show', 'map list', 'map dump', 'map lookup', 'map update', 'map delete', 'map getnext', 'map pin', 'map create', 'link show', 'link list', 'feature probe']) {
    assert.ok(leaves.includes(v), `tsbpf ${v} exists`);
  }
  // and the reference has no section for a command that does not exist
  for (const m of ref.matchAll(/^## tsbpf (.+)$/gm)) assert.ok(leaves.includes(m[1]!), `docs/cli-reference.md: "${m[1]}" is a command`);
  for (const s of screens) {
    for (const m of s.matchAll(/docs\/[\w.-]+\.md/g)) assert.ok(existsSync(root + m[0]), `a help text names ${m[0]}, which does not exist`);
  }
});
