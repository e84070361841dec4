/**
 * Typed errors carrying the kernel's errno names (include/uapi/asm-generic/errno-base.h,
 * include/linux/errno.h), so a user's knowledge of `bpf()` failures carries over.
 */
export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  EIO: 5,
  ENXIO: 6,
  E2BIG: 7,
  ENOEXEC: 8,
  EBADF: 9,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  EXDEV: 18,
  ENODEV: 19,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  ENFILE: 23,
  EMFILE: 24,
  ENOSPC: 28,
  EROFS: 30,
  EPIPE: 32,
  ERANGE: 34,
  EDEADLK: 35,
  ENAMETOOLONG: 36,
  ENOSYS: 38,
  ENOTEMPTY: 39,
  ELOOP: 40,
  ENOMSG: 42,
  ENODATA: 61,
  EOVERFLOW: 75,
  EBADMSG: 74,
  EOPNOTSUPP: 95,
  ETIMEDOUT: 110,
  ENOTSUPP: 524,
} as const;

export type ErrnoName = keyof typeof ERRNO;

/** Where an error happened, as precisely as the layer that raised it knows. */
export interface ErrorLocation {
  file?: string;
  section?: string;
  /** instruction index (in 8-byte slots, as the kernel counts) */
  insn?: number;
  line?: number;
  column?: number;
  offset?: number;
}

export class BpfError extends Error {
  readonly errno: ErrnoName;
  readonly where: ErrorLocation;
  constructor(errno: ErrnoName, message: string, where: ErrorLocation = {}) {
    super(`${errno}: ${message}${formatWhere(where)}`);
    this.name = 'BpfError';
    this.errno = errno;
    this.where = where;
  }
  /** the positive errno number (the kernel returns its negation) */
  get code(): number {
    return ERRNO[this.errno];
  }
  /** the message without the errno prefix and location suffix */
  get reason(): string {
    const m = this.message.slice(this.errno.length + 2);
    const w = formatWhere(this.where);
    return w && m.endsWith(w) ? m.slice(0, m.length - w.length) : m;
  }
}

function formatWhere(w: ErrorLocation): string {
  const parts: string[] = [];
  if (w.file !== undefined) parts.push(w.file);
  if (w.section !== undefined) parts.push(`section ${w.section}`);
  if (w.insn !== undefined) parts.push(`insn ${w.insn}`);
  if (w.line !== undefined) parts.push(w.column !== undefined ? `line ${w.line}:${w.column}` : `line ${w.line}`);
  else if (w.column !== undefined) parts.push(`column ${w.column}`);
  if (w.offset !== undefined) parts.push(`byte offset ${w.offset}`);
  return parts.length ? ` (at ${parts.join(', ')})` : '';
}

export function isBpfError(e: unknown): e is BpfError {
  return e instanceof BpfError;
}

/**
 * A system error from a file operation (Node's `ENOENT: no such file or directory, open '/x'`) as
 * a BpfError that keeps its errno name (ENOENT, EISDIR, EACCES, ENOTDIR…; EIO when it has none
 * we know) and says which path: `ENOENT: cannot open /x: no such file or directory`. Anything
 * that is not a system error is returned undefined, for the caller to rethrow.
 */
export function systemError(e: unknown, path?: string, verb?: string): BpfError | undefined {
  const x = e as { code?: unknown; message?: unknown; path?: unknown; syscall?: unknown };
  // Node refuses a path with a NUL byte before any system call
  if (x && typeof x === 'object' && x.code === 'ERR_INVALID_ARG_VALUE' && /null bytes/.test(String(x.message))) {
    return new BpfError('EINVAL', `${path !== undefined ? JSON.stringify(path) : 'a path'}: a path cannot contain a NUL byte`);
  }
  if (!x || typeof x !== 'object' || typeof x.code !== 'string' || !/^E[A-Z0-9]+$/.test(x.code)) return undefined;
  const errno: ErrnoName = x.code in ERRNO ? (x.code as ErrnoName) : 'EIO';
  const what = /^[A-Z0-9]+: ([^,]+)/.exec(String(x.message))?.[1] ?? String(x.message);
  const p = path ?? (typeof x.path === 'string' ? x.path : undefined);
  const v = verb ?? (x.syscall === undefined || x.syscall === 'open' ? 'cannot open' : `cannot ${String(x.syscall)}`);
  return new BpfError(errno, p !== undefined ? `${v} ${p}: ${what}` : `${v}: ${what}`);
}
