/**
 * What the attach tests share: the skip reason (root, bpf(), tools), network namespaces joined by
 * a veth pair (named with the branch prefix `kattach`, removed afterwards), a cgroup v2 directory,
 * a bpffs mount, and a C program compiled on the spot for uprobes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kernelAvailable } from '../../src/hooks/kernel/index.js';

export function has(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

const avail = kernelAvailable();
/** false, or why the live-kernel tests cannot run here */
export const kernelSkip: string | false = !avail.ok ? `bpf() unavailable: ${avail.reason}` : process.getuid?.() !== 0 ? 'needs root (attaching programs)' : false;
export const netSkip: string | false = kernelSkip || (!has('ip') ? 'needs iproute2 (ip)' : !has('ping') ? 'needs iputils-ping' : false);

const sh = (cmd: string[]): string => execFileSync(cmd[0]!, cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

export interface VethPair {
  /** namespace names (ip netns) */
  nsA: string;
  nsB: string;
  ifA: string;
  ifB: string;
  ipA: string;
  ipB: string;
  cleanup(): void;
}

let pairs = 0;
/** two namespaces A and B joined by a veth pair, IPv4 only, with static neighbours (no ARP) */
export function vethPair(tag: string): VethPair {
  const n = `${process.pid % 10000}${pairs++}`;
  const nsA = `kattach-${tag}-a${n}`;
  const nsB = `kattach-${tag}-b${n}`;
  const ifA = `kat${n}a`;
  const ifB = `kat${n}b`;
  const net = 10 + (process.pid % 200);
  const sub = pairs % 250;
  const ipA = `10.${net}.${sub}.1`;
  const ipB = `10.${net}.${sub}.2`;
  const cleanup = () => {
    spawnSync('ip', ['netns', 'del', nsA]);
    spawnSync('ip', ['netns', 'del', nsB]);
  };
  cleanup();
  try {
    sh(['ip', 'netns', 'add', nsA]);
    sh(['ip', 'netns', 'add', nsB]);
    sh(['ip', 'link', 'add', ifA, 'netns', nsA, 'type', 'veth', 'peer', 'name', ifB, 'netns', nsB]);
    for (const [ns, ifc, ip] of [[nsA, ifA, ipA], [nsB, ifB, ipB]] as const) {
      sh(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
      sh(['ip', 'netns', 'exec', ns, 'sysctl', '-qw', `net.ipv6.conf.all.disable_ipv6=1`]);
      sh(['ip', '-n', ns, 'addr', 'add', `${ip}/24`, 'dev', ifc]);
      sh(['ip', '-n', ns, 'link', 'set', ifc, 'up']);
    }
    const mac = (ns: string, ifc: string) => /link\/ether ([0-9a-f:]+)/.exec(sh(['ip', '-n', ns, 'link', 'show', ifc]))![1]!;
    sh(['ip', '-n', nsA, 'neigh', 'replace', ipB, 'lladdr', mac(nsB, ifB), 'dev', ifA, 'nud', 'permanent']);
    sh(['ip', '-n', nsB, 'neigh', 'replace', ipA, 'lladdr', mac(nsA, ifA), 'dev', ifB, 'nud', 'permanent']);
  } catch (e) {
    cleanup();
    throw e;
  }
  return { nsA, nsB, ifA, ifB, ipA, ipB, cleanup };
}

/** ping from a namespace: how many replies came back */
export function ping(ns: string, ip: string, count: number): number {
  const r = spawnSync('ip', ['netns', 'exec', ns, 'ping', '-n', '-q', '-c', String(count), '-i', '0.01', '-W', '1', ip]);
  const m = /(\d+) received/.exec(r.stdout.toString());
  return m ? Number(m[1]) : 0;
}

const BPFFS_MAGIC = 0xcafe4a11;
/** a directory on a bpffs mount: /sys/fs/bpf (mounted there if nothing is) */
export function bpffsDir(): string {
  const root = '/sys/fs/bpf';
  if (statfsSync(root).type !== BPFFS_MAGIC) sh(['mount', '-t', 'bpf', 'bpf', root]);
  // a test process killed by a timeout (no 'exit' handler runs) leaves its directory behind:
  // remove those of processes that are gone (rmdir: only when empty, so no pin is lost)
  for (const d of readdirSync(root)) {
    const pid = /^kattach-test-(\d+)$/.exec(d)?.[1];
    if (pid && Number(pid) !== process.pid && !existsSync(`/proc/${pid}`)) {
      try {
        rmdirSync(join(root, d));
      } catch {
        // not empty, or removed meanwhile: left for whoever owns the pins
      }
    }
  }
  const dir = join(root, `kattach-test-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** a cgroup v2 directory for the test (under the unified hierarchy), or undefined */
export function cgroupDir(): string | undefined {
  for (const root of ['/sys/fs/cgroup/unified', '/sys/fs/cgroup']) {
    if (existsSync(join(root, 'cgroup.procs')) && statfsSync(root).type === 0x63677270 /* CGROUP2_SUPER_MAGIC */) {
      const d = join(root, `kattach-test-${process.pid}`);
      mkdirSync(d, { recursive: true });
      return d;
    }
  }
  return undefined;
}

/** compile a C program with a function to probe; returns the binary's path */
export function compileTarget(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kattach-'));
  writeFileSync(join(dir, 'target.c'), source);
  const out = join(dir, 'target');
  // frame pointers: bpf_get_stackid walks user stacks by them
  sh([has('gcc') ? 'gcc' : 'clang-19', '-O1', '-g', '-fno-omit-frame-pointer', '-o', out, join(dir, 'target.c')]);
  return out;
}

export function rmrf(p: string): void {
  rmSync(p, { recursive: true, force: true });
}
