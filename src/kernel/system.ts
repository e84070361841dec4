/**
 * What the running kernel tells about itself, read once per process: its BTF (/sys/kernel/btf/vmlinux
 * and the modules' split BTF beside it), its configuration (/proc/config.gz or /boot/config-$(uname -r),
 * as libbpf's bpf_object__read_kconfig_file), its symbols (/proc/kallsyms, as libbpf's
 * kallsyms_cb) and the BTF object ids of modules (BPF_BTF_GET_NEXT_ID), which kfunc calls and
 * typed ksyms in modules need as fds.
 */
import { BpfError } from '../isa/errors.js';
import { parseBtf, type Btf } from '../btf/btf.js';
import { btfFromBytes } from '../btf/load.js';
import { btfBytes, btfInfo, closeFd, getFdById, getNextId } from '../hooks/kernel/bpf.js';
import { BPF_BTF_GET_FD_BY_ID, BPF_BTF_GET_NEXT_ID } from '../hooks/kernel/uapi.js';

interface NodeFs {
  readFileSync(p: string): Uint8Array;
  readFileSync(p: string, enc: 'utf8'): string;
  readdirSync(p: string): string[];
  existsSync(p: string): boolean;
}
interface NodeZlib {
  gunzipSync(b: Uint8Array): Uint8Array;
}
interface NodeOs {
  release(): string;
}

function builtin<T>(name: string): T {
  const p = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process;
  const m = p?.getBuiltinModule?.(name);
  if (!m) throw new BpfError('ENOSYS', `${name} is unavailable (the live kernel needs Node.js >= 20.16)`);
  return m as T;
}
const fs = (): NodeFs => builtin<NodeFs>('node:fs');

/** node:fs, loaded when first called (the live-kernel modules stay importable in a browser) */
export const nodeFs = (): typeof import('node:fs') => builtin<typeof import('node:fs')>('node:fs');

export const BTF_VMLINUX = '/sys/kernel/btf/vmlinux';

let vmlinux: Btf | undefined;
/** the kernel's BTF (ENOENT with the config option when the kernel has none) */
export function vmlinuxBtf(): Btf {
  if (vmlinux) return vmlinux;
  let bytes: Uint8Array;
  try {
    bytes = fs().readFileSync(BTF_VMLINUX);
  } catch {
    throw new BpfError('ENOENT', `${BTF_VMLINUX} does not exist: the kernel was built without CONFIG_DEBUG_INFO_BTF, so CO-RE relocations, kfuncs, typed ksyms and tp_btf/fentry programs cannot be resolved`);
  }
  vmlinux = parseBtf(bytes, { file: BTF_VMLINUX });
  return vmlinux;
}

const btfFiles = new Map<string, Btf>();
/**
 * Kernel BTF from a file the user names (`--btf-vmlinux FILE`: a raw BTF blob such as a copy of
 * another machine's /sys/kernel/btf/vmlinux, or an ELF vmlinux with a .BTF section), or the
 * running kernel's when no file is given
 */
export function kernelBtfFile(path?: string): Btf {
  if (!path || path === BTF_VMLINUX) return vmlinuxBtf();
  let b = btfFiles.get(path);
  if (b) return b;
  let bytes: Uint8Array;
  try {
    bytes = fs().readFileSync(path);
  } catch {
    throw new BpfError('ENOENT', `kernel BTF file ${path} does not exist or cannot be read`);
  }
  b = btfFromBytes(bytes, { file: path });
  btfFiles.set(path, b);
  return b;
}

export interface KernelBtfModule {
  name: string;
  btf: Btf;
}

let modules: KernelBtfModule[] | undefined;
/** the split BTF of every loaded module (/sys/kernel/btf/<module>), on vmlinux's */
export function moduleBtfs(): KernelBtfModule[] {
  if (modules) return modules;
  const base = vmlinuxBtf();
  const out: KernelBtfModule[] = [];
  let names: string[] = [];
  try {
    names = fs().readdirSync('/sys/kernel/btf').filter((n) => n !== 'vmlinux');
  } catch {
    names = [];
  }
  for (const name of names) {
    try {
      out.push({ name, btf: parseBtf(fs().readFileSync(`/sys/kernel/btf/${name}`), { file: `/sys/kernel/btf/${name}`, base }) });
    } catch {
      // a module unloaded meanwhile, or BTF this parser refuses: its kfuncs stay unresolved
    }
  }
  modules = out;
  return out;
}

/** a BTF object the kernel holds, by id (BPF_BTF_GET_FD_BY_ID), parsed; its fd is closed before this returns */
export function btfById(id: number): Btf {
  const fd = getFdById(BPF_BTF_GET_FD_BY_ID, id);
  try {
    return parseBtf(btfBytes(fd));
  } finally {
    closeFd(fd);
  }
}

/** an fd for the kernel BTF object of a module (BPF_BTF_GET_NEXT_ID, matched by name); the caller closes it */
export function moduleBtfFd(name: string): number {
  for (let id = getNextId(BPF_BTF_GET_NEXT_ID, 0); id !== undefined; id = getNextId(BPF_BTF_GET_NEXT_ID, id)) {
    let fd: number;
    try {
      fd = getFdById(BPF_BTF_GET_FD_BY_ID, id);
    } catch {
      continue;
    }
    const info = btfInfo(fd);
    if (info.kernelBtf && info.name === name) return fd;
    closeFd(fd);
  }
  throw new BpfError('ENOENT', `no kernel BTF object for module ${name}`);
}

/** `uname -r` */
export function kernelRelease(): string {
  return builtin<NodeOs>('node:os').release();
}

/** LINUX_VERSION_CODE of the running kernel: KERNEL_VERSION(a, b, c), c capped at 255 */
export function linuxVersionCode(): number {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(kernelRelease());
  if (!m) return 0;
  return (Number(m[1]) << 16) + (Number(m[2]) << 8) + Math.min(255, Number(m[3] ?? 0));
}

let kconfig: Record<string, string> | undefined;
/**
 * The kernel's configuration: CONFIG_* -> its value as Kconfig writes it ('y', 'm', a number, a
 * quoted string); options that are "is not set" are absent. Empty when neither file exists.
 */
export function kernelConfig(): Record<string, string> {
  if (kconfig) return kconfig;
  let text = '';
  try {
    text = new TextDecoder().decode(builtin<NodeZlib>('node:zlib').gunzipSync(fs().readFileSync('/proc/config.gz')));
  } catch {
    try {
      text = fs().readFileSync(`/boot/config-${kernelRelease()}`, 'utf8');
    } catch {
      text = '';
    }
  }
  kconfig = parseKconfig(text);
  return kconfig;
}

/** a .config file's CONFIG_NAME=value lines (libbpf bpf_object__read_kconfig_file); "is not set" lines are absent */
export function parseKconfig(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^(CONFIG_\w+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** a kconfig file the user names (`--kconfig FILE`, plain or gzip-compressed like /proc/config.gz) */
export function kconfigFile(path: string): Record<string, string> {
  let bytes: Uint8Array;
  try {
    bytes = fs().readFileSync(path);
  } catch {
    throw new BpfError('ENOENT', `kconfig file ${path} does not exist or cannot be read`);
  }
  const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const text = new TextDecoder().decode(gz ? builtin<NodeZlib>('node:zlib').gunzipSync(bytes) : bytes);
  const out = parseKconfig(text);
  if (!Object.keys(out).length) throw new BpfError('EINVAL', `kconfig file ${path} has no CONFIG_NAME=value lines`);
  return out;
}

/**
 * The lockdown LSM's level: /sys/kernel/security/lockdown (`none [integrity] confidentiality`) when
 * securityfs shows it; else what the boot gave it (security/lockdown/lockdown.c lockdown_lsm_init:
 * CONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY/CONFIDENTIALITY, raised by `lockdown=` on the command
 * line) when the kernel has the lockdown LSM enabled (CONFIG_LSM or `lsm=`, or
 * CONFIG_SECURITY_LOCKDOWN_LSM_EARLY); `config` is that kernel's .config (the running one's by default).
 */
export function kernelLockdown(config: Record<string, string> = kernelConfig(), cmdline?: string): 'none' | 'integrity' | 'confidentiality' {
  if (cmdline === undefined) {
    try {
      const m = /\[(none|integrity|confidentiality)\]/.exec(fs().readFileSync('/sys/kernel/security/lockdown', 'utf8'));
      if (m) return m[1] as 'none' | 'integrity' | 'confidentiality';
    } catch { /* securityfs not mounted: derive it from the config and the command line */ }
    try {
      cmdline = fs().readFileSync('/proc/cmdline', 'utf8');
    } catch {
      cmdline = '';
    }
  }
  if (config.CONFIG_SECURITY_LOCKDOWN_LSM !== 'y') return 'none';
  const arg = (name: string): string | undefined => new RegExp(`(?:^|\\s)${name}=(\\S*)`).exec(cmdline!.split(' -- ')[0]!)?.[1];
  const lsms = arg('lsm') ?? JSON.parse(config.CONFIG_LSM ?? '""') as string;
  if (!lsms.split(',').includes('lockdown') && config.CONFIG_SECURITY_LOCKDOWN_LSM_EARLY !== 'y') return 'none';
  const levels = ['none', 'integrity', 'confidentiality'] as const;
  let level = config.CONFIG_LOCK_DOWN_KERNEL_FORCE_CONFIDENTIALITY === 'y' ? 2 : config.CONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY === 'y' ? 1 : 0;
  const asked = levels.indexOf(arg('lockdown') as typeof levels[number]);
  if (asked > level) level = asked;
  return levels[level]!;
}

/**
 * The verifier's KernelProfile (progtypes/func_proto.ts) of the running kernel — or of the kernel
 * whose .config `file` is (`--kconfig FILE`: its options, its forced lockdown level) — or undefined
 * when there is no configuration to read (then every helper is offered)
 */
export function kernelProfile(file?: string): { lockdown: 'none' | 'integrity' | 'confidentiality'; config?: ReadonlySet<string> } | undefined {
  const config = file ? kconfigFile(file) : kernelConfig();
  const lockdown = file ? kernelLockdown(config, '') : kernelLockdown(config);
  if (!Object.keys(config).length) return lockdown === 'none' ? undefined : { lockdown };
  return { lockdown, config: new Set(Object.keys(config)) };
}

/**
 * Values for an object's kconfig externs: the kernel's CONFIG_* (strings unquoted) and libbpf's
 * own LINUX_KERNEL_VERSION, LINUX_HAS_BPF_COOKIE and LINUX_HAS_SYSCALL_WRAPPER.
 */
export function kconfigValues(file?: string): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(file ? kconfigFile(file) : kernelConfig())) out[k] = v.startsWith('"') && v.endsWith('"') ? JSON.parse(v) as string : v;
  out.LINUX_KERNEL_VERSION = linuxVersionCode();
  // bpf_get_attach_cookie exists since 5.15; the syscall wrappers (__x64_sys_*) since 4.17
  out.LINUX_HAS_BPF_COOKIE = linuxVersionCode() >= (5 << 16) + (15 << 8);
  out.LINUX_HAS_SYSCALL_WRAPPER = true;
  return out;
}

let kallsyms: Map<string, bigint> | undefined;
/** /proc/kallsyms: name -> address (addresses read as 0 without CAP_SYSLOG, as the kernel hides them) */
export function kernelSymbols(): Map<string, bigint> {
  if (kallsyms) return kallsyms;
  const m = new Map<string, bigint>();
  let text = '';
  try {
    text = fs().readFileSync('/proc/kallsyms', 'utf8');
  } catch {
    text = '';
  }
  for (const line of text.split('\n')) {
    const sp1 = line.indexOf(' ');
    const sp2 = line.indexOf(' ', sp1 + 1);
    if (sp1 < 0 || sp2 < 0) continue;
    let end = line.indexOf('\t', sp2 + 1);
    if (end < 0) end = line.length;
    const name = line.slice(sp2 + 1, end);
    if (!m.has(name)) m.set(name, BigInt('0x' + line.slice(0, sp1)));
  }
  kallsyms = m;
  return m;
}

/** whether a path exists (tracefs, bpffs, ...) */
export function pathExists(p: string): boolean {
  try {
    return fs().existsSync(p);
  } catch {
    return false;
  }
}
