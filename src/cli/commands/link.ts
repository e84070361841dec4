/** `tsbpf link VERB`: bpftool's link object (the running kernel's bpf_links). */
import { CommandGroup } from '../registry.js';

export const linkVerbs = new CommandGroup('link', 'link objects of the running kernel (bpftool link grammar)');

linkVerbs.register('show', 'links in the running kernel, as bpftool link show', async () => (await import('./kernel_show.js')).linkShowCommand);
linkVerbs.register('list', 'the same as show', async () => (await import('./kernel_show.js')).linkListCommand);
linkVerbs.register('pin', 'pin a link to a bpffs path', async () => (await import('./kernel_show.js')).linkPinCommand);
linkVerbs.register('detach', 'detach a link now (BPF_LINK_DETACH)', async () => (await import('./kernel_show.js')).linkDetachCommand);
