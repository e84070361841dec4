/**
 * Options that stand in for the running kernel when loading or verifying: its BTF
 * (`--btf-vmlinux FILE`, for kfunc prototypes, tracing programs' typed arguments and BTF
 * pointers) and its configuration (`--kconfig FILE`, for `__kconfig` externs and the helpers its
 * build offers; `--all-helpers` for a fully configured kernel without lockdown). Shared by
 * prog verify, prog load, prog run and run.
 */
import type { OptionTable } from '../command.js';
import type { LoadObjectOptions } from '../../runtime/object.js';

export const KERNEL_INFO_OPTIONS = {
  'btf-vmlinux': { type: 'string', arg: 'FILE', help: 'the kernel\'s BTF for kfuncs, tp_btf/fentry arguments and BTF pointers (default /sys/kernel/btf/vmlinux)' },
  kconfig: { type: 'string', arg: 'FILE', help: 'kernel config for __kconfig externs and the helpers the kernel is built with (default /proc/config.gz or /boot/config-$(uname -r))' },
  'all-helpers': { type: 'boolean', help: 'verify against every helper of a fully configured kernel without lockdown, not the running kernel\'s set' },
} as const satisfies OptionTable;

export interface KernelInfoValues { 'btf-vmlinux'?: string; kconfig?: string; 'all-helpers'?: boolean }

/** the loadObject options of --btf-vmlinux, --kconfig and --all-helpers */
export function kernelInfoLoadOptions(v: KernelInfoValues): Partial<LoadObjectOptions> {
  return {
    ...(v['btf-vmlinux'] ? { btfVmlinux: v['btf-vmlinux'] } : {}), ...(v.kconfig ? { kconfigFile: v.kconfig } : {}),
    ...(v['all-helpers'] ? { kernelProfile: 'all' as const } : {}),
  };
}
