/**
 * The `-c CMD` child, started before the probes attach but held until they are (bpftrace forks,
 * the child waits on a pipe, then execs): a shell reads one line from fd 3 and then execs the
 * command, so the pid the script sees as `cpid` is the command's own. A tracer that dies before attaching
 * closes the pipe unwritten: the shell's read fails and the command never runs untraced. The command line is split
 * on whitespace as bpftrace splits it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BpfError } from '../../isa/errors.js';

export class Child {
  private exitCode: Promise<number>;
  private done = false;
  /** Child.later: spawns on start() */
  private startFn: (() => void) | undefined;
  private constructor(private proc: ChildProcess | undefined) {
    this.exitCode = new Promise((res) => {
      proc!.on('exit', (code, sig) => {
        this.done = true;
        res(code ?? (sig ? 128 : 0));
      });
    });
  }

  /** a command spawned only when start() is called (its pid is not needed before) */
  static later(cmd: string): Child {
    const argv = cmd.trim().split(/\s+/).filter(Boolean);
    if (!argv.length) throw new BpfError('EINVAL', '-c needs a command');
    const c = Object.create(Child.prototype) as Child;
    let resolveExit: (n: number) => void = () => {};
    const st = c as unknown as { exitCode: Promise<number>; done: boolean; proc: ChildProcess | undefined; startFn: () => void };
    st.exitCode = new Promise((res) => {
      resolveExit = res;
    });
    st.done = false;
    st.startFn = () => {
      const proc = spawn(argv[0]!, argv.slice(1), { stdio: 'inherit' });
      st.proc = proc;
      proc.on('error', () => {
        st.done = true;
        resolveExit(127);
      });
      proc.on('exit', (code, sig) => {
        st.done = true;
        resolveExit(code ?? (sig ? 128 : 0));
      });
    };
    return c;
  }

  static spawnPaused(cmd: string): Child {
    const argv = cmd.trim().split(/\s+/).filter(Boolean);
    if (!argv.length) throw new BpfError('EINVAL', '-c needs a command');
    const proc = spawn('/bin/sh', ['-c', 'read _ <&3 || exit 1; exec 3<&-; exec "$0" "$@"', ...argv], { stdio: ['inherit', 'inherit', 'inherit', 'pipe'] });
    if (proc.pid === undefined) throw new BpfError('ENOENT', `failed to start '${cmd}'`);
    return new Child(proc);
  }

  get pid(): number {
    return this.proc?.pid ?? 0;
  }
  /** let the command run (it execs now) */
  start(): void {
    if (this.startFn) return this.startFn();
    const pipe = this.proc!.stdio[3] as NodeJS.WritableStream | null;
    pipe?.write('\n');
    pipe?.end();
  }
  /** false once the command has exited: a zombie not yet reaped (Node sees the exit only from its event loop) counts as exited */
  alive(): boolean {
    if (this.done) return false;
    const pid = this.proc?.pid;
    if (!pid) return !this.done;
    try {
      // /proc/PID/stat: "PID (COMM) STATE ...", COMM may hold spaces and parentheses
      const st = readFileSync(`/proc/${pid}/stat`, 'latin1');
      return st[st.lastIndexOf(')') + 2] !== 'Z';
    } catch {
      return false;
    }
  }
  wait(): Promise<number> {
    return this.exitCode;
  }
  kill(): void {
    if (!this.done) this.proc?.kill('SIGTERM');
  }
}
