/**
 * The FFI under the kernel backend: `syscall(__NR_bpf, cmd, attr, size)` and `close(fd)` from libc,
 * called through koffi (an optional dependency that ships prebuilt binaries). Loaded lazily and
 * synchronously through `process.getBuiltinModule`, so this module imports nothing from Node at
 * load time: a browser bundle that includes it still loads, and `kernelAvailable()` answers
 * `{ok: false, reason}` there, on machines without koffi, and where bpf() is not permitted.
 */

/** the slice of koffi's API used here (and by src/kernel, which declares further libc functions) */
export interface Koffi {
  load(path: string): { func(signature: string): (...args: unknown[]) => unknown };
  alloc(type: string, length: number): unknown;
  free(ptr: unknown): void;
  view(ptr: unknown, length: number): ArrayBuffer;
  address(ptr: unknown): bigint;
  errno(): number;
}

/** __NR_bpf per architecture (arch/x86/entry/syscalls/syscall_64.tbl, include/uapi/asm-generic/unistd.h) */
const NR_BPF: Record<string, number> = { x64: 321, arm64: 280, riscv64: 280, loong64: 280, ia32: 357, arm: 386 };

export interface Native {
  /** bpf(cmd, attr, size): the raw return value (-1 on failure) and errno */
  bpf(cmd: number, attrAddr: bigint, size: number): { ret: number; errno: number };
  close(fd: number): number;
  /** native memory that never moves: the kernel is handed its address */
  alloc(size: number): NativeBuffer;
  /** the `process` of Node, for the callers that read /sys */
  readFile(path: string): string | undefined;
  /** koffi and the loaded libc, for the callers that declare more libc functions (src/kernel) */
  readonly koffi: Koffi;
  readonly libc: { func(signature: string): (...args: unknown[]) => unknown };
}

export interface NativeBuffer {
  readonly addr: bigint;
  readonly bytes: Uint8Array;
  readonly size: number;
  free(): void;
}

type Loaded = { ok: true; native: Native } | { ok: false; reason: string };
let loaded: Loaded | undefined;

interface NodeProcess {
  platform: string;
  arch: string;
  env: Record<string, string | undefined>;
  getBuiltinModule?: (name: string) => unknown;
}

function nodeProcess(): NodeProcess | undefined {
  const p = (globalThis as { process?: NodeProcess }).process;
  return p && typeof p.platform === 'string' ? p : undefined;
}

/** load koffi and libc once; the reason says why not when that fails */
export function loadNative(): Loaded {
  if (loaded) return loaded;
  loaded = tryLoad();
  return loaded;
}

function tryLoad(): Loaded {
  const proc = nodeProcess();
  if (!proc) return { ok: false, reason: 'not running in Node.js (no bpf() in a browser)' };
  if (proc.platform !== 'linux') return { ok: false, reason: `bpf() is Linux-only (this is ${proc.platform})` };
  const nr = NR_BPF[proc.arch];
  if (nr === undefined) return { ok: false, reason: `no bpf() syscall number known for architecture ${proc.arch}` };
  if (typeof proc.getBuiltinModule !== 'function') return { ok: false, reason: 'Node.js >= 20.16 is needed to load koffi lazily' };
  const mod = proc.getBuiltinModule('node:module') as { createRequire(url: string): (id: string) => unknown };
  const fs = proc.getBuiltinModule('node:fs') as { readFileSync(p: string, enc: 'utf8'): string };
  let koffi: Koffi;
  try {
    const req = mod.createRequire(import.meta.url);
    const m = req('koffi') as Koffi & { default?: Koffi };
    koffi = m.default ?? m;
  } catch (e) {
    return { ok: false, reason: `koffi is not installed or does not load (${(e as Error).message.split('\n')[0]}); run npm install` };
  }
  let syscall: (nr: number, cmd: number, attr: bigint, size: number) => number | bigint;
  let closeFn: (fd: number) => number;
  let libc: Native['libc'];
  try {
    libc = koffi.load('libc.so.6');
    // syscall(2) is variadic; on the 64-bit Linux ABIs integer arguments travel in the same
    // registers either way, and the fixed prototype keeps each call cheap.
    syscall = libc.func('long syscall(long nr, long cmd, uintptr_t attr, unsigned long size)') as typeof syscall;
    closeFn = libc.func('int close(int fd)') as typeof closeFn;
  } catch (e) {
    return { ok: false, reason: `libc.so.6 does not load through koffi (${(e as Error).message})` };
  }
  const native: Native = {
    koffi,
    libc,
    bpf(cmd, attrAddr, size) {
      const ret = Number(syscall(nr, cmd, attrAddr, size));
      return { ret, errno: ret < 0 ? koffi.errno() : 0 };
    },
    close(fd) {
      return closeFn(fd);
    },
    alloc(size) {
      const n = Math.max(8, size);
      const ptr = koffi.alloc('uint8_t', n);
      const bytes = new Uint8Array(koffi.view(ptr, n));
      bytes.fill(0);
      let live = true;
      return {
        addr: koffi.address(ptr),
        bytes,
        size: n,
        free() {
          if (live) koffi.free(ptr);
          live = false;
        },
      };
    },
    readFile(path) {
      try {
        return fs.readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
  return { ok: true, native };
}
