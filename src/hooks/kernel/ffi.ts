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

type NativeFn = ((...args: unknown[]) => unknown) & { async(...args: unknown[]): void };

/** __NR_bpf per architecture (arch/x86/entry/syscalls/syscall_64.tbl, include/uapi/asm-generic/unistd.h) */
const NR_BPF: Record<string, number> = { x64: 321, arm64: 280, riscv64: 280, loong64: 280, ia32: 357, arm: 386 };
/** __NR_perf_event_open, from the same tables */
const NR_PERF_EVENT_OPEN: Record<string, number> = { x64: 298, arm64: 241, riscv64: 241, loong64: 241, ia32: 336, arm: 364 };

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
  /** the other system calls the live-kernel layer (src/kernel/) needs, bound on first use */
  sys(): Sys;
}

/** a result of a libc call: the return value and, when it is negative, errno */
export interface SysResult {
  ret: number;
  errno: number;
}

/**
 * mmap, epoll, eventfd, ioctl, read/write and the generic syscall(2), each returning
 * `{ret, errno}` as bpf() does. Addresses are bigints: native buffers (Native.alloc) and
 * mappings (mmap) never move, so the kernel is handed their address.
 */
export interface Sys {
  /** mmap(NULL, length, prot, flags, fd, offset): the mapping, its address and bytes (live, not a copy) */
  mmap(length: number, prot: number, flags: number, fd: number, offset: number): { addr: bigint; bytes: Uint8Array; unmap(): void } | { errno: number };
  /** syscall(nr, a1..a5) with integer/address arguments (perf_event_open, ...) */
  syscall(nr: number, a1: bigint | number, a2: bigint | number, a3: bigint | number, a4: bigint | number, a5: bigint | number): SysResult;
  ioctl(fd: number, request: number, arg: bigint | number): SysResult;
  epollCreate(): SysResult;
  /** epoll_ctl(epfd, op, fd, &{events, data = u64}) */
  epollCtl(epfd: number, op: number, fd: number, events: number, data: number): SysResult;
  /** epoll_wait into `buf` (struct epoll_event[max], 12 bytes each on x86-64, 16 elsewhere): blocks up to timeoutMs */
  epollWait(epfd: number, buf: NativeBuffer, max: number, timeoutMs: number): SysResult;
  /** the same on a worker thread (koffi's async call), so the event loop keeps running */
  epollWaitAsync(epfd: number, buf: NativeBuffer, max: number, timeoutMs: number): Promise<number>;
  /** sizeof(struct epoll_event): packed (12) on x86-64, 16 on the other 64-bit ABIs */
  readonly epollEventSize: number;
  eventfd(flags: number): SysResult;
  read(fd: number, buf: NativeBuffer, len: number): SysResult;
  write(fd: number, buf: NativeBuffer, len: number): SysResult;
  close(fd: number): number;
  /** __NR_perf_event_open for this architecture */
  readonly nrPerfEventOpen: number;
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
  dlopen?: (module: { exports: unknown }, filename: string) => void;
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
  const fs = proc.getBuiltinModule('node:fs') as NodeFs;
  let koffi: Koffi;
  try {
    // in the CommonJS bundle (bin/tsbpf.js) __filename is the bundle's path: its directory
    // without node:url's pathToFileURL and a URL parse, which the bundler makes of
    // import.meta.url (~0.7 ms of a cold start); the ES modules have no __filename
    const here = typeof __filename === 'string' ? __filename.slice(0, __filename.lastIndexOf('/') + 1) : decodeURIComponent(new URL('.', import.meta.url).pathname);
    koffi = koffiNative(proc, fs, here) ?? defaultOf(mod.createRequire(import.meta.url)('koffi') as Koffi & { default?: Koffi });
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
    sys() {
      sysCache ??= bindSys(koffi, libc, proc.arch, closeFn);
      return sysCache;
    },
  };
  let sysCache: Sys | undefined;
  return { ok: true, native };
}

type NodeFs = { readFileSync(p: string, enc: 'utf8'): string; existsSync(p: string): boolean };
const defaultOf = (m: Koffi & { default?: Koffi }): Koffi => m.default ?? m;

/**
 * koffi's native module, opened straight from its platform package, or undefined to take the
 * ordinary `require('koffi')`. What koffi's index.cjs does before it opens the same file (resolve
 * the package through its exports, find the platform package, read the node binary's ELF headers
 * to tell glibc from musl, wrap deprecated aliases tsbpf does not call) costs ~7 ms of CPU, a
 * tenth of a `tsbpf trace` start-up past Node's own. The lookup is Node's for `require('koffi')`
 * from `fromDir` (node_modules of each ancestor) and then, from koffi's directory, for its
 * dependency @koromix/koffi-linux-ARCH (nested first, then hoisted). Only glibc's build is tried:
 * where it does not open (musl) or is not koffi's version, koffi's own loader decides.
 */
export function koffiNative(proc: NodeProcess, fs: NodeFs, fromDir: string): Koffi | undefined {
  if (proc.platform !== 'linux' || typeof proc.dlopen !== 'function') return undefined;
  try {
    for (let dir = fromDir.replace(/\/+$/, ''); ; dir = dir.slice(0, dir.lastIndexOf('/'))) {
      const koffiDir = `${dir}/node_modules/koffi`;
      if (fs.existsSync(`${koffiDir}/package.json`)) {
        const { version } = JSON.parse(fs.readFileSync(`${koffiDir}/package.json`, 'utf8')) as { version?: string };
        for (const base of [`${koffiDir}/node_modules`, `${dir}/node_modules`]) {
          const file = `${base}/@koromix/koffi-linux-${proc.arch}/linux_${proc.arch}/koffi.node`;
          if (!fs.existsSync(file)) continue;
          const m = { exports: {} as Koffi & { version?: string } };
          proc.dlopen(m, file);
          return version !== undefined && m.exports.version === version ? m.exports : undefined;
        }
        return undefined;
      }
      if (!dir) return undefined;
    }
  } catch {
    return undefined;
  }
}

function bindSys(koffi: Koffi, libc: ReturnType<Koffi['load']>, arch: string, closeFn: (fd: number) => number): Sys {
  const f = (sig: string) => libc.func(sig) as NativeFn;
  const mmap = f('void *mmap(void *addr, size_t length, int prot, int flags, int fd, long offset)');
  const munmap = f('int munmap(void *addr, size_t length)');
  // syscall(2) and ioctl(2) are variadic: fixed prototypes are safe on the 64-bit Linux ABIs (see above)
  const syscall6 = f('long syscall(long nr, uintptr_t a1, long a2, long a3, long a4, unsigned long a5)');
  const ioctl = f('int ioctl(int fd, unsigned long request, uintptr_t arg)');
  const epollCreate1 = f('int epoll_create1(int flags)');
  const epollCtl = f('int epoll_ctl(int epfd, int op, int fd, uintptr_t event)');
  const epollWait = f('int epoll_wait(int epfd, uintptr_t events, int maxevents, int timeout)');
  const eventfd = f('int eventfd(unsigned int initval, int flags)');
  const read = f('long read(int fd, uintptr_t buf, size_t count)');
  const write = f('long write(int fd, uintptr_t buf, size_t count)');
  const res = (v: unknown): SysResult => {
    const ret = Number(v);
    return { ret, errno: ret < 0 ? koffi.errno() : 0 };
  };
  // include/uapi/linux/eventpoll.h: struct epoll_event is __attribute__((packed)) on x86-64 only
  const epollEventSize = arch === 'x64' ? 12 : 16;
  const ev = koffi.alloc('uint8_t', 16);
  const evView = new DataView(koffi.view(ev, 16));
  const evAddr = koffi.address(ev);
  const MAP_FAILED = (1n << 64n) - 1n;
  return {
    epollEventSize,
    nrPerfEventOpen: NR_PERF_EVENT_OPEN[arch] ?? -1,
    mmap(length, prot, flags, fd, offset) {
      const ptr = mmap(null, length, prot, flags, fd, offset);
      const addr = ptr === null ? 0n : koffi.address(ptr);
      if (addr === 0n || addr === MAP_FAILED) return { errno: koffi.errno() };
      let live = true;
      return {
        addr,
        bytes: new Uint8Array(koffi.view(ptr, length)),
        unmap() {
          if (live) munmap(ptr, length);
          live = false;
        },
      };
    },
    syscall: (nr, a1, a2, a3, a4, a5) => res(syscall6(nr, a1, a2, a3, a4, a5)),
    ioctl: (fd, request, arg) => res(ioctl(fd, request, arg)),
    epollCreate: () => res(epollCreate1(0o2000000 /* EPOLL_CLOEXEC */)),
    epollCtl(epfd, op, fd, events, data) {
      evView.setUint32(0, events >>> 0, true);
      // epoll_data_t starts right after events: offset 4 when packed, 8 otherwise
      const dataOff = epollEventSize === 12 ? 4 : 8;
      evView.setBigUint64(dataOff, BigInt(data), true);
      return res(epollCtl(epfd, op, fd, evAddr));
    },
    epollWait: (epfd, buf, max, timeoutMs) => res(epollWait(epfd, buf.addr, max, timeoutMs)),
    epollWaitAsync(epfd, buf, max, timeoutMs) {
      return new Promise((resolve, reject) => {
        epollWait.async(epfd, buf.addr, max, timeoutMs, (err: unknown, r: unknown) => (err ? reject(err as Error) : resolve(Number(r))));
      });
    },
    eventfd: (flags) => res(eventfd(0, flags)),
    read: (fd, buf, len) => res(read(fd, buf.addr, len)),
    write: (fd, buf, len) => res(write(fd, buf.addr, len)),
    close: (fd) => closeFn(fd),
  };
}
