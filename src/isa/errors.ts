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
  EINVAL: 22,
  ENFILE: 23,
  EMFILE: 24,
  ENOSPC: 28,
  ERANGE: 34,
  EDEADLK: 35,
  ENOSYS: 38,
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
