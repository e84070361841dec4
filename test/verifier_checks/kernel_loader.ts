/**
 * The kernel's verdict on each program of an object, through libbpf (kernel_loader.c, built here
 * with the host C compiler on first use): loaded or not, errno, the verifier log, and the return
 * value of one BPF_PROG_TEST_RUN on a 64-byte packet. Returns the reason instead when the kernel
 * or the compiler or libbpf is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kernelAvailable } from '../../src/hooks/kernel/index.js';
import { tempDir } from '../temp_dir.js';

export interface KernelVerdict {
  name: string;
  loaded: boolean;
  errno: number;
  /** the kernel verifier's processed-instruction count (programs it loaded) */
  processed?: number;
  retval?: number;
  log: string;
}

const SRC = fileURLToPath(new URL('../../../test/verifier_checks/kernel_loader.c', import.meta.url));
let built: string | { reason: string } | undefined;

/** the path of the built loader, or why there is none */
export function kernelLoader(): string | { reason: string } {
  if (built) return built;
  const k = kernelAvailable();
  if (!k.ok) return (built = { reason: `the kernel is unavailable: ${k.reason}` });
  if (!existsSync('/usr/include/bpf/libbpf.h')) return (built = { reason: 'libbpf headers (libbpf-dev) are not installed' });
  const out = join(tempDir('tsbpf-vloader-'), 'kernel_loader');
  for (const cc of ['cc', 'gcc', 'clang-19', 'clang']) {
    const r = spawnSync(cc, ['-O1', '-o', out, SRC, '-lbpf'], { encoding: 'utf8' });
    if (r.status === 0) return (built = out);
  }
  return (built = { reason: 'no host C compiler could build kernel_loader.c against libbpf' });
}

/** load each program of the object in the kernel on its own */
export function kernelVerdicts(objPath: string, o: { each?: boolean; loader?: string } = {}): Map<string, KernelVerdict> {
  const l = o.loader ?? kernelLoader();
  if (typeof l !== 'string') throw new Error(l.reason);
  const r = spawnSync(l, o.each ? [objPath, '--each'] : [objPath], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`kernel_loader ${objPath}: ${r.stderr}`);
  const m = new Map<string, KernelVerdict>();
  for (const line of r.stdout.split('\n')) if (line.trim()) {
    const v = JSON.parse(line) as KernelVerdict;
    m.set(v.name, v);
  }
  return m;
}

/**
 * libbpf appends a program's exception callback (`__exception_cb`, bpf_prog_assign_exc_cb) since
 * 1.3; an older one (Debian 12 has 1.1) loads such a program without it and the kernel refuses it
 * before verifying, so those programs are not comparable with the loader built here
 */
export function libbpfAppendsExceptionCb(): boolean {
  try {
    const h = readFileSync('/usr/include/bpf/libbpf_version.h', 'utf8');
    const major = Number(/LIBBPF_MAJOR_VERSION\s+(\d+)/.exec(h)?.[1] ?? 0);
    const minor = Number(/LIBBPF_MINOR_VERSION\s+(\d+)/.exec(h)?.[1] ?? 0);
    return major > 1 || (major === 1 && minor >= 3);
  } catch {
    return false;
  }
}
