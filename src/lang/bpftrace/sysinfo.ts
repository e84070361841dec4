/**
 * Facts about the running system that bpftrace's functions resolve in user space (Node only):
 * cgroup ids (cgroupid(), at compile time) and cgroup paths (cgroup_path(), when printed), errno
 * texts (strerror()) and the offset that turns nanoseconds since boot into wall-clock time
 * (strftime()).
 */
import { statSync, statfsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** statfs f_type of cgroup v1 and v2 (include/uapi/linux/magic.h) */
const CGROUP_SUPER_MAGIC = 0x27e0eb;
const CGROUP2_SUPER_MAGIC = 0x63677270;

/** glibc's texts of the errnos these functions can meet (strerror(3)) */
const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'No such file or directory', EACCES: 'Permission denied', ENOTDIR: 'Not a directory',
  EOVERFLOW: 'Value too large for defined data type', ELOOP: 'Too many levels of symbolic links', EPERM: 'Operation not permitted',
};

class SysError extends Error {
  constructor(readonly code: string) {
    super(ERRNO_TEXT[code] ?? code);
  }
}

/**
 * The id of the cgroup at `path`: on kernfs (cgroup v1 and v2) the 64-bit kernfs node id, which
 * is the directory's inode number on 64-bit kernels (fs/kernfs/mount.c kernfs_encode_fh) and what
 * bpf_get_current_cgroup_id returns. bpftrace asks name_to_handle_at for an 8-byte handle; a file
 * system whose handles are longer (tmpfs, as /sys/fs/cgroup is on a cgroup v1 system) fails with
 * EOVERFLOW there, and so it does here.
 */
export function cgroupId(path: string): bigint {
  let ino: bigint;
  try {
    ino = statSync(path, { bigint: true }).ino;
  } catch (e) {
    throw new SysError((e as { code?: string }).code ?? 'ENOENT');
  }
  const type = Number(statfsSync(path).type);
  if (type !== CGROUP_SUPER_MAGIC && type !== CGROUP2_SUPER_MAGIC) throw new SysError('EOVERFLOW');
  return ino;
}

interface Hierarchy {
  /** `unified` for cgroup v2 (bpftrace names it so wherever it is mounted), else the mount's directory name */
  name: string;
  mount: string;
}

/** the cgroup hierarchies mounted at /sys/fs/cgroup (or under it), from /proc/self/mountinfo */
function hierarchies(): Hierarchy[] {
  let info = '';
  try {
    info = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const v1: Hierarchy[] = [];
  let v2: Hierarchy | undefined;
  for (const line of info.split('\n')) {
    const f = line.split(' ');
    const dash = f.indexOf('-');
    if (dash < 0) continue;
    const mount = f[4]!;
    const fstype = f[dash + 1];
    if (mount !== '/sys/fs/cgroup' && !mount.startsWith('/sys/fs/cgroup/')) continue;
    if (fstype === 'cgroup2') v2 ??= { name: 'unified', mount };
    else if (fstype === 'cgroup') v1.push({ name: mount.slice(mount.lastIndexOf('/') + 1), mount });
  }
  v1.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return v2 ? [v2, ...v1] : v1;
}

/** the directory under `root` whose inode is `id` (depth-first), as a path relative to root */
function findCgroup(root: string, id: bigint, rel = ''): string | undefined {
  try {
    if (statSync(join(root, rel), { bigint: true }).ino === id) return rel || '/';
  } catch {
    return undefined;
  }
  let entries: string[] = [];
  try {
    entries = readdirSync(join(root, rel), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return undefined;
  }
  for (const d of entries) {
    const hit = findCgroup(root, id, `${rel}/${d}`);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * cgroup_path(id, filter) as bpftrace 0.17 prints it (src/utils.cpp get_cgroup_paths):
 * `hierarchy:path` for every mounted hierarchy (cgroup v2 first, as `unified`, then v1 by name)
 * whose name matches the wildcard filter and that has a cgroup with this id, joined by commas.
 */
export function cgroupPaths(id: bigint, filter: string): string {
  const re = new RegExp('^' + filter.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  const out: string[] = [];
  for (const h of hierarchies()) {
    if (!re.test(h.name)) continue;
    const p = findCgroup(h.mount, id);
    if (p) out.push(`${h.name}:${p}`);
  }
  return out.join(',');
}
