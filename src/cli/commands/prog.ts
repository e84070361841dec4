/**
 * `tsbpf prog VERB`: bpftool's prog object. Each verb is its own module with its own option
 * table, registered here in one line (`progVerbs.register(name, summary, load)`).
 */
import { CommandGroup } from '../registry.js';

export const progVerbs = new CommandGroup('prog', 'program objects (bpftool prog grammar)');

progVerbs.register('dump', 'dump jited|xlated FILE: the JIT\'s WebAssembly as WAT, or the instructions as bpftool prints them', async () => (await import('./prog_dump.js')).command);
progVerbs.register('load', 'load an object file: list programs and maps; --pinmaps DIR pins its maps', async () => (await import('./prog_load.js')).command);
progVerbs.register('run', 'run a program on input (BPF_PROG_TEST_RUN): OBJ, --raw P.bin, or --batch CASES.jsonl', async () => (await import('./prog_run.js')).command);
progVerbs.register('verify', 'run the verifier on a program: the kernel log, then tsbpf\'s explanation', async () => (await import('./prog_verify.js')).command);
progVerbs.register('show', 'programs loaded in the running kernel (bpftool prog show): id ID | pinned PATH | tag TAG | name NAME', async () => (await import('./kernel_show.js')).progShowCommand);
progVerbs.register('list', 'the same as show', async () => (await import('./kernel_show.js')).progListCommand);
progVerbs.register('loadall', 'load an object into the running kernel, every program pinned at PATH/NAME (bpftool prog loadall)', async () => (await import('./prog_load.js')).loadallCommand);
progVerbs.register('pin', 'pin a program of the running kernel to a bpffs path', async () => (await import('./kernel_show.js')).progPinCommand);
