/**
 * bpftrace one-liners written by others, for comparing `tsbpf trace` with bpftrace 0.17 on inputs
 * nobody here chose (bench/trace_oneliners.ts runs them; test/lang/bpftrace_oneliners.test.ts in
 * CI). Each is copied as its source prints it; where a script names something this machine lacks
 * (a test program, a library path, a process name, a pid) the only change is that name, written
 * down in `adapted`. Sources:
 * - tutorial: bpftrace's docs/tutorial_one_liners.md (Brendan Gregg, 2018; the current text, which
 *   writes `args.x` where 0.17's wrote `args->x`: both forms are here)
 * - reference: bpftrace's docs/reference_guide.md (iovisor/bpftrace, the 0.1x series)
 * - man: bpftrace(8) of bpftrace 0.17 (Debian's package)
 * - gregg: the one-liners of bpftrace's README and Brendan Gregg's bpftrace page
 *
 * Probe kinds this kernel has: tracepoint, rawtracepoint, uprobe/uretprobe, usdt, profile,
 * interval, software, BEGIN/END; scripts with kprobes are listed too (both tracers must refuse them
 * here, each saying why).
 */

export type Compare =
  /** the map, hist, stats and printf lines equal (maps as objects), after the pid and paths are named */
  | 'exact'
  /** equal once every number is masked: counts of timed probes, random values, times, addresses */
  | 'digits'
  /** the same kinds of output and map names only: kernel stacks, other processes, timing */
  | 'names';

export interface OneLiner {
  /** where it is from: tutorial, reference, man or gregg, and its section */
  src: string;
  /** the program; BIN is the workload binary (tick) and DIR its directory */
  prog: string;
  /** what was changed from the source (a path, a name), if anything */
  adapted?: string;
  /** how the outputs are compared (default exact) */
  compare?: Compare;
  /** positional parameters after the program */
  params?: string[];
  /** environment for both tracers */
  env?: Record<string, string>;
  /** other flags before -e */
  flags?: string[];
  /** not confined to the workload with `pid == cpid` (BEGIN/END/interval only, or the script filters itself) */
  noConfine?: boolean;
  /** why the output is what it is, when it says something about the comparison */
  note?: string;
  /** a verdict other than agreement that is expected, and why (test/lang/bpftrace_oneliners.test.ts holds to it) */
  expect?: { verdict: 'both fail' | 'bpftrace fails' | 'disagree'; why: string };
  /** not run in CI (a slow attach of every syscall tracepoint, one more kprobe refusal): the bench runs it */
  ci?: false;
}

const NO_KPROBES = { verdict: 'both fail', why: "no kprobes on this kernel: bpftrace says `Error attaching probe: 'kprobe:F'`, tsbpf why (CONFIG_KPROBES)" } as const;

export const ONE_LINERS: OneLiner[] = [
  // --- the one-liner tutorial
  { src: 'tutorial lesson 2', prog: 'BEGIN { printf("hello world\\n"); }' },
  { src: 'tutorial lesson 3', prog: 'tracepoint:syscalls:sys_enter_openat { printf("%s %s\\n", comm, str(args.filename)); }' },
  { src: 'tutorial lesson 3 (0.17 text)', prog: 'tracepoint:syscalls:sys_enter_openat { printf("%s %s\\n", comm, str(args->filename)); }' },
  { src: 'tutorial lesson 4', prog: 'tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }' },
  { src: 'tutorial lesson 5', prog: 'tracepoint:syscalls:sys_exit_read /pid == 18644/ { @bytes = hist(args.ret); }' },
  { src: 'tutorial lesson 5 (0.17 text)', prog: 'tracepoint:syscalls:sys_exit_read /pid == 18644/ { @bytes = hist(args->ret); }' },
  { src: 'tutorial lesson 5 (the workload)', prog: 'tracepoint:syscalls:sys_exit_read /pid == cpid/ { @bytes = hist(args->ret); }', adapted: 'pid 18644 -> cpid' },
  { src: 'tutorial lesson 6', prog: 'kretprobe:vfs_read { @bytes = lhist(retval, 0, 2000, 200); }', expect: NO_KPROBES },
  { src: 'tutorial lesson 7', prog: 'kprobe:vfs_read { @start[tid] = nsecs; } kretprobe:vfs_read /@start[tid]/ { @ns[comm] = hist(nsecs - @start[tid]); delete(@start[tid]); }', expect: NO_KPROBES, ci: false },
  { src: 'tutorial lesson 8', prog: 'tracepoint:sched:sched* { @[probe] = count(); } interval:s:5 { exit(); }', compare: 'names', note: 'the scheduler events of one run vary' },
  { src: 'tutorial lesson 9', prog: 'profile:hz:99 { @[kstack] = count(); }', compare: 'names', ci: false, note: 'a 99 Hz sample of a 20 ms workload: 0 or 1' },
  { src: 'tutorial lesson 10', prog: 'tracepoint:sched:sched_switch { @[kstack] = count(); }', compare: 'names' },
  { src: 'tutorial lesson 11', prog: 'tracepoint:block:block_rq_issue { @ = hist(args.bytes); }' },
  { src: 'tutorial lesson 11 (0.17 text)', prog: 'tracepoint:block:block_rq_issue { @ = hist(args->bytes); }' },
  { src: 'tutorial lesson 12', prog: 'kprobe:vfs_open { printf("open path: %s\\n", str(((struct path *)arg0)->dentry->d_name.name)); }', expect: NO_KPROBES, ci: false },

  // --- the reference guide
  { src: 'reference usage', prog: 'tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }' },
  { src: 'reference 1. hello world', prog: 'BEGIN { printf("Hello, World!\\n"); }' },
  { src: 'reference 2. one-liners', prog: 'tracepoint:syscalls:sys_enter_nanosleep { printf("%s is sleeping.\\n", comm); }' },
  { src: 'reference 3. program files (sleepers.bt)', prog: 'tracepoint:syscalls:sys_enter_nanosleep\n{\n  printf("%s is sleeping.\\n", comm);\n}\n' },
  { src: 'reference language 1. action blocks', prog: 'kprobe:do_sys_open { printf("opening: %s\\n", str(arg1)); }', expect: NO_KPROBES, ci: false },
  { src: 'reference language 4. struct navigation', prog: 'tracepoint:syscalls:sys_enter_openat { printf("%s %s\\n", comm, str(args->filename)); }' },
  { src: 'reference language 6. ternary', prog: 'tracepoint:syscalls:sys_exit_read { @error[args->ret < 0 ? - args->ret : 0] = count(); }' },
  { src: 'reference language 6. ternary (statements)', prog: 'BEGIN { pid & 1 ? printf("Odd\\n") : printf("Even\\n"); exit(); }', compare: 'names', note: "the tracer's own pid" },
  { src: 'reference language 7. if/else', prog: 'tracepoint:syscalls:sys_enter_read { @reads = count();\n    if (args->count > 1024) { @large = count(); } }' },
  { src: 'reference language 8. unroll', prog: 'kprobe:do_nanosleep { $i = 1; unroll(5) { printf("i: %d\\n", $i); $i = $i + 1; } }', expect: NO_KPROBES, ci: false },
  { src: 'reference language 8. unroll (on a tracepoint)', prog: 'tracepoint:syscalls:sys_enter_nanosleep { $i = 1; unroll(5) { printf("i: %d\\n", $i); $i = $i + 1; } }', adapted: 'kprobe:do_nanosleep -> tracepoint:syscalls:sys_enter_nanosleep' },
  { src: 'reference language 9. increment', prog: 'BEGIN { $x = 0; $x++; $x++; printf("x: %d\\n", $x); }' },
  { src: 'reference language 9. increment (map)', prog: 'tracepoint:syscalls:sys_enter_write { @++ }', adapted: 'k:vfs_read -> tracepoint:syscalls:sys_enter_write' },
  { src: 'reference language 9. increment (keyed)', prog: 't:syscalls:sys_enter_write { @[probe]++ }', adapted: 'k:vfs_read -> t:syscalls:sys_enter_write' },
  { src: 'reference language 10. array access', prog: 'struct MyStruct { int y[4]; } uprobe:BIN:test_struct {\n    $s = (struct MyStruct *) arg0; @x = $s->y[0]; exit(); }', adapted: './testprogs/array_access -> the workload' },
  { src: 'reference language 11. integer casts', prog: 'BEGIN { $x = 1<<16; printf("%d %d\\n", (uint16)$x, $x); }' },
  { src: 'reference language 12. while', prog: 'i:ms:100 { $i = 0; while ($i <= 100) { printf("%d ", $i); $i++} exit(); }' },
  { src: 'reference language 14. tuples', prog: 'BEGIN { $t = (1, 2, "string"); printf("%d %s\\n", $t.1, $t.2); }' },
  { src: 'reference probes 3. uretprobe', prog: 'uretprobe:/bin/bash:readline { printf("read a line\\n"); }' },
  { src: 'reference probes 3. uprobe offset', prog: 'uprobe:/bin/bash:main+4 { printf("in here\\n"); }', expect: { verdict: 'both fail', why: 'this bash exports no main: bpftrace 0.17 (built without offset checks) says it cannot check the place, tsbpf that the symbol is missing' } },
  { src: 'reference probes 4. uprobe arguments', prog: 'uprobe:/bin/bash:readline { printf("arg0: %d\\n", arg0); }' },
  { src: 'reference probes 4. fopen', prog: 'uprobe:libc:fopen { printf("fopen: %s\\n", str(arg0)); }', adapted: '/lib/x86_64-linux-gnu/libc-2.23.so -> libc' },
  { src: 'reference probes 4. readline retval', prog: 'uretprobe:/bin/bash:readline { printf("readline: \\"%s\\"\\n", str(retval)); }' },
  { src: 'reference probes 5. tracepoint', prog: 'tracepoint:block:block_rq_insert { printf("block I/O created by %d\\n", tid); }' },
  { src: 'reference probes 7. usdt', prog: 'usdt:BIN:loop { printf("hi\\n"); }', adapted: '/root/tick -> the workload (also named tick)' },
  { src: 'reference probes 7. usdt namespace', prog: 'usdt:BIN:tick:loop { printf("hi\\n"); }', adapted: '/root/tock -> the workload' },
  { src: 'reference probes 8. usdt arguments', prog: 'usdt:BIN:loop { printf("%s: %d\\n", str(arg0), arg1); }', adapted: '/root/tick -> the workload' },
  { src: 'reference probes 8. usdt predicate', prog: 'usdt:BIN:loop /arg1 > 2/ { printf("%s: %d\\n", str(arg0), arg1); }', adapted: '/root/tick -> the workload' },
  { src: 'reference probes 9. profile', prog: 'profile:hz:99 { @[tid] = count(); }', compare: 'names', ci: false, note: 'a 99 Hz sample of a 20 ms workload: 0 or 1' },
  { src: 'reference probes 10. interval', prog: 'tracepoint:raw_syscalls:sys_enter { @syscalls = count(); }\n    interval:s:1 { print(@syscalls); clear(@syscalls); }' },
  { src: 'reference probes 11. software', prog: 'software:faults:100 { @[comm] = count(); }', compare: 'names', note: 'a sample every 100 faults: a run has 0 or 1', ci: false },
  { src: 'reference probes 12. hardware', prog: 'hardware:cache-misses:1000000 { @[pid] = count(); }', compare: 'names', expect: { verdict: 'both fail', why: 'no hardware PMU events in this VM (perf_event_open ENOENT): bpftrace does not say why' } },
  { src: 'reference variables 2.1 global', prog: 'BEGIN { @start = nsecs; }\n    kprobe:do_nanosleep /@start != 0/ { printf("at %d ms: sleep\\n", (nsecs - @start) / 1000000); }', expect: NO_KPROBES, ci: false },
  { src: 'reference variables 2.1 global (on a tracepoint)', prog: 'BEGIN { @start = nsecs; }\n    tracepoint:syscalls:sys_enter_nanosleep /@start != 0/ { printf("at %d ms: sleep\\n", (nsecs - @start) / 1000000); }', adapted: 'kprobe:do_nanosleep -> tracepoint:syscalls:sys_enter_nanosleep', compare: 'digits' },
  { src: 'reference variables 2.2 per-thread (on tracepoints)', prog: 'tracepoint:syscalls:sys_enter_nanosleep { @start[tid] = nsecs; }\n    tracepoint:syscalls:sys_exit_nanosleep /@start[tid] != 0/ {\n        printf("slept for %d ms\\n", (nsecs - @start[tid]) / 1000000); delete(@start[tid]); }', adapted: 'k(ret)probe:do_nanosleep -> the nanosleep tracepoints', compare: 'digits', note: 'sleeps of 1 ms last 1-10 ms on a loaded machine' },
  { src: 'reference variables 2.3 scratch (on tracepoints)', prog: 'tracepoint:syscalls:sys_enter_nanosleep { @start[tid] = nsecs; }\n    tracepoint:syscalls:sys_exit_nanosleep /@start[tid] != 0/ { $delta = nsecs - @start[tid];\n        printf("slept for %d ms\\n", $delta / 1000000); delete(@start[tid]); }', adapted: 'k(ret)probe:do_nanosleep -> the nanosleep tracepoints', compare: 'digits', note: 'sleeps of 1 ms last 1-10 ms on a loaded machine' },
  { src: 'reference variables 3. associative arrays', prog: 'BEGIN { @[1,2] = 3; printf("%d\\n", @[1,2]); clear(@); }' },
  { src: 'reference variables 9. positional parameters', prog: 'BEGIN { printf("I got %d, %s (%d args)\\n", $1, str($2), $#); }', params: ['42', 'hello'] },
  { src: 'reference variables 9. bsize.bt', prog: 'BEGIN\n{\n\tprintf("Tracing block I/O sizes > %d bytes\\n", $1);\n}\n\ntracepoint:block:block_rq_issue\n/args->bytes > $1/\n{\n\t@ = hist(args->bytes);\n}\n', params: ['65536'] },
  { src: 'reference variables 9. bsize.bt without arguments', prog: 'BEGIN\n{\n\tprintf("Tracing block I/O sizes > %d bytes\\n", $1);\n}\n\ntracepoint:block:block_rq_issue\n/args->bytes > $1/\n{\n\t@ = hist(args->bytes);\n}\n' },
  { src: 'reference functions 2. printf', prog: 'tracepoint:syscalls:sys_enter_execve { printf("%s called %s\\n", comm, str(args->filename)); }' },
  { src: 'reference functions 4. join', prog: 'tracepoint:syscalls:sys_enter_execve { join(args->argv); }' },
  { src: 'reference functions 4. join with a delimiter', prog: 'tracepoint:syscalls:sys_enter_execve { join(args->argv, ","); }' },
  { src: 'reference functions 5. str with a length', prog: 'tracepoint:syscalls:sys_enter_write /pid == 23506/\n    { printf("<%s>\\n", str(args->buf, args->count)); }', env: { BPFTRACE_STRLEN: '200' } },
  { src: 'reference functions 5. str with a length (the workload)', prog: 'tracepoint:syscalls:sys_enter_write /pid == cpid/\n    { printf("<%s>\\n", str(args->buf, args->count)); }', env: { BPFTRACE_STRLEN: '200' }, adapted: 'pid 23506 -> cpid' },
  { src: 'reference functions 8. kaddr', prog: 'BEGIN { printf("%s\\n", str(*kaddr("usbcore_name"))); }' },
  { src: 'reference functions 9. uaddr', prog: 'uprobe:/bin/bash:readline { printf("PS1: %s\\n", str(*uaddr("ps1_prompt"))); }' },
  { src: 'reference functions 7. usym(reg("ip"))', prog: 'uprobe:/bin/bash:readline { printf("%s\\n", usym(reg("ip"))); }' },
  { src: 'reference functions 7. usym(reg("ip")) (the workload)', prog: 'uprobe:BIN:work { printf("%s\\n", usym(reg("ip"))); }', adapted: '/bin/bash:readline -> the workload\'s work()', compare: 'digits', note: 'an address: the process has exited when either tracer resolves it' },
  { src: 'reference functions 12. exit', prog: 'tracepoint:syscalls:sys_enter_openat { @opens = count(); } interval:s:1 { exit(); }', adapted: 'kprobe:do_sys_open -> tracepoint:syscalls:sys_enter_openat' },
  { src: 'reference functions 13. cgroupid', prog: 'tracepoint:syscalls:sys_enter_openat /cgroup == cgroupid("/sys/fs/cgroup/unified/mycg")/\n    { printf("%s\\n", str(args->filename)); }' },
  { src: 'reference functions 14. ntop', prog: 'BEGIN { printf("%s\\n", ntop(0x0100007f));}' },
  { src: 'reference functions 14. ntop with AF_INET', prog: '#include <linux/socket.h>\nBEGIN { printf("%s\\n", ntop(AF_INET, 0x0100007f));}', expect: { verdict: 'bpftrace fails', why: "bpftrace 0.17's clang finds no kernel headers here (Unknown identifier: 'AF_INET'); tsbpf knows AF_INET" } },
  { src: 'reference functions 14. ntop of a tracepoint field', prog: 'tracepoint:tcp:tcp_set_state { printf("%s\\n", ntop(args->daddr_v6)) }' },
  { src: 'reference functions 16. ustack(perf)', prog: 'uprobe:bash:readline { printf("%s\\n", ustack(perf)); }' },
  { src: 'reference functions 16. ustack(perf, 3)', prog: 'uprobe:bash:readline { printf("%s\\n", ustack(perf, 3)); }' },
  { src: 'reference functions 17. cat', prog: 't:syscalls:sys_enter_execve { printf("%s ", str(args->filename)); cat("/proc/loadavg"); }', compare: 'names', note: '/proc/loadavg changes' },
  { src: 'reference functions 17. cat with a format', prog: 'tracepoint:syscalls:sys_enter_sendmsg { printf("%s => ", comm);\n    cat("/proc/%d/cmdline", pid); printf("\\n") }', compare: 'names', note: 'cat() reads the file when its event is read: the process may have exited (bpftrace prints "")' },
  { src: 'reference functions 19. strncmp', prog: 't:syscalls:sys_enter_* /strncmp("mpv", comm, 3) == 0/ { @[comm, probe] = count() }' },
  { src: 'reference functions 19. strncmp (the workload)', prog: 't:syscalls:sys_enter_* /strncmp("tick", comm, 4) == 0/ { @[comm, probe] = count() }', adapted: '"mpv", 3 -> "tick", 4' },
  { src: 'reference functions 21. buf', prog: 'tracepoint:syscalls:sys_enter_sendto\n    { printf("Datagram bytes: %r\\n", buf(args->buff, args->len)); }' },
  { src: 'reference functions 22. sizeof struct', prog: 'struct Foo { int x; char c; } BEGIN { printf("%d\\n", sizeof(struct Foo)); }' },
  { src: 'reference functions 22. sizeof member', prog: 'struct Foo { int x; char c; } BEGIN { printf("%d\\n", sizeof(((struct Foo)0).c)); }' },
  { src: 'reference functions 22. sizeof expression', prog: 'BEGIN { printf("%d\\n", sizeof(1 == 1)); }' },
  { src: 'reference functions 22. sizeof BTF type', prog: 'BEGIN { printf("%d\\n", sizeof(struct task_struct)); }', flags: ['--btf'] },
  { src: 'reference functions 22. sizeof variable', prog: 'BEGIN { $x = 3; printf("%d\\n", sizeof($x)); }' },
  { src: 'reference functions 23. print', prog: 'BEGIN { $t = (1, "string"); print(123); print($t); print(comm) }', note: "comm in BEGIN is the tracer's own name", expect: { verdict: 'disagree', why: "comm in BEGIN is the tracer's own name: node for tsbpf, bpftrace for bpftrace" } },
  { src: 'reference functions 24. strftime', prog: 'i:s:1 { printf("%s\\n", strftime("%H:%M:%S", nsecs)); }', compare: 'digits' },
  { src: 'reference map functions 2. count', prog: 'tracepoint:syscalls:sys_enter_read { @reads[comm] = count(); }', adapted: 'kprobe:vfs_read -> tracepoint:syscalls:sys_enter_read' },
  { src: 'reference map functions 3. sum', prog: 'tracepoint:syscalls:sys_enter_read { @bytes[comm] = sum(args->count); }', adapted: 'kprobe:vfs_read, arg2 -> tracepoint:syscalls:sys_enter_read, args->count' },
  { src: 'reference map functions 3. sum of retval', prog: 'tracepoint:syscalls:sys_exit_read /args->ret > 0/ { @bytes[comm] = sum(args->ret); }', adapted: 'kretprobe:vfs_read, retval -> tracepoint:syscalls:sys_exit_read, args->ret' },
  { src: 'reference map functions 4-7. avg min max stats', prog: 'tracepoint:syscalls:sys_enter_read { @avg[comm] = avg(args->count); @min[comm] = min(args->count); @max[comm] = max(args->count); @stats[comm] = stats(args->count); }', adapted: 'kprobe:vfs_read, arg2 -> tracepoint:syscalls:sys_enter_read, args->count (four one-liners in one)' },
  { src: 'reference map functions 8. hist', prog: 'tracepoint:syscalls:sys_exit_read { @bytes = hist(args->ret); }', adapted: 'kretprobe:vfs_read -> tracepoint:syscalls:sys_exit_read' },
  { src: 'reference map functions 8.2 hist by key', prog: 'tracepoint:syscalls:sys_exit_openat { @bytes[comm] = hist(args->ret); }', adapted: 'kretprobe:do_sys_open -> tracepoint:syscalls:sys_exit_openat' },
  { src: 'reference map functions 9. lhist', prog: 'tracepoint:syscalls:sys_exit_read { @bytes = lhist(args->ret, 0, 10000, 1000); }', adapted: 'kretprobe:vfs_read -> tracepoint:syscalls:sys_exit_read' },
  { src: 'reference map functions 10. print top', prog: 'tracepoint:syscalls:sys_enter_* { @[probe] = count(); } END { print(@, 5); clear(@); }', adapted: 'kprobe:vfs_* -> tracepoint:syscalls:sys_enter_*', ci: false, note: 'top 5 of a map with tied counts: bpftrace orders ties as std::sort leaves them' },
  { src: 'reference map functions 10. print divisor', prog: 'tracepoint:syscalls:sys_enter_read { @start[tid] = nsecs; }\n    tracepoint:syscalls:sys_exit_read /@start[tid]/ {@ms[pid] = sum(nsecs - @start[tid]); delete(@start[tid]); }\n    END { print(@ms, 0, 1000000); clear(@ms); clear(@start); }', adapted: 'k(ret)probe:vfs_read -> the read tracepoints' },
  { src: 'reference output 2. interval', prog: 'tracepoint:syscalls:sys_enter_openat { @opens = @opens + 1; }\n    interval:s:1 { printf("opens/sec: %d\\n", @opens); @opens = 0; }', adapted: 'kprobe:do_sys_open -> tracepoint:syscalls:sys_enter_openat' },
  { src: 'reference output 3. print a histogram', prog: 'tracepoint:syscalls:sys_exit_read { @bytes = hist(args->ret); } interval:s:1 { print(@bytes); clear(@bytes); }', adapted: 'kretprobe:vfs_read -> tracepoint:syscalls:sys_exit_read' },

  // --- bpftrace(8) of 0.17
  { src: 'man: kprobe example', prog: 'kprobe:do_nanosleep { printf("%d sleeping\\n", pid); }', expect: NO_KPROBES, ci: false },
  { src: 'man: uprobe malloc', prog: 'uprobe:libc:malloc { printf("Allocated %d bytes\\n", arg0); }' },
  { src: 'man: interval rand', prog: 'i:ms:10 { @=hist(rand); }', compare: 'names' },
  { src: 'man: uptr', prog: 'BEGIN { @=*uptr(kaddr("do_poweroff")) }' },
  { src: 'man: hardware 1e6', prog: 'hardware:cache-misses:1e6 { @[pid] = count(); }', compare: 'names', expect: { verdict: 'both fail', why: 'no hardware PMU events in this VM (perf_event_open ENOENT): bpftrace does not say why' } },

  // --- Brendan Gregg's one-liners (bpftrace README)
  { src: 'gregg: new processes with arguments', prog: 'tracepoint:syscalls:sys_enter_execve { join(args->argv); }' },
  { src: 'gregg: files opened by process', prog: 'tracepoint:syscalls:sys_enter_openat { printf("%s %s\\n", comm, str(args->filename)); }' },
  { src: 'gregg: files opened by process (open)', prog: 'tracepoint:syscalls:sys_enter_open { printf("%s %s\\n", comm, str(args->filename)); }' },
  { src: 'gregg: syscall count by program', prog: 'tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }' },
  { src: 'gregg: syscall count by syscall', prog: 'tracepoint:syscalls:sys_enter_* { @[probe] = count(); }', ci: false },
  { src: 'gregg: syscall count by process', prog: 'tracepoint:raw_syscalls:sys_enter { @[pid, comm] = count(); }' },
  { src: 'gregg: read bytes by process', prog: 'tracepoint:syscalls:sys_exit_read /args->ret/ { @[comm] = sum(args->ret); }' },
  { src: 'gregg: read size distribution by process', prog: 'tracepoint:syscalls:sys_exit_read { @[comm] = hist(args->ret); }' },
  { src: 'gregg: per-second syscall rates', prog: 'tracepoint:raw_syscalls:sys_enter { @ = count(); } interval:s:1 { print(@); clear(@); }' },
  { src: 'gregg: disk size by process', prog: 'tracepoint:block:block_rq_issue { printf("%d %s %d\\n", pid, comm, args->bytes); }' },
  { src: 'gregg: page faults by process', prog: 'software:faults:1 { @[comm] = count(); }', compare: 'digits', note: 'page faults of a run vary by a few' },
  { src: 'gregg: LLC misses by process', prog: 'hardware:cache-misses:1000000 { @[comm, pid] = count(); }', compare: 'names', expect: { verdict: 'both fail', why: 'no hardware PMU events in this VM (perf_event_open ENOENT): bpftrace does not say why' } },
  { src: 'gregg: user stacks at 99 Hz', prog: 'profile:hz:99 /pid == 189/ { @[ustack] = count(); }', compare: 'names' },
  { src: 'gregg: files opened in a cgroup', prog: 'tracepoint:syscalls:sys_enter_openat /cgroup == cgroupid("/sys/fs/cgroup/unified/mycg")/ { printf("%s\\n", str(args->filename)); }' },
  { src: 'gregg: read size distribution', prog: 'tracepoint:syscalls:sys_exit_read /args->ret > 0/ { @bytes = hist(args->ret); }' },
  { src: 'gregg: process start', prog: 'tracepoint:sched:sched_process_exec { printf("%s -> %s\\n", comm, str(args->filename)); }' },
  { src: 'gregg: sleeping timer distribution', prog: 'kprobe:do_nanosleep { @start[tid] = nsecs; } kretprobe:do_nanosleep /@start[tid]/ { @sleep = hist(nsecs - @start[tid]); delete(@start[tid]); }', expect: NO_KPROBES, ci: false },
  { src: 'gregg: block I/O latency', prog: 'tracepoint:block:block_rq_issue { @start[args->dev, args->sector] = nsecs; } tracepoint:block:block_rq_complete /@start[args->dev, args->sector]/ { @usecs = hist((nsecs - @start[args->dev, args->sector]) / 1000); delete(@start[args->dev, args->sector]); }' },
];

/** the fixes the corpus led to, each on inputs the corpus does not have (not from elsewhere: tsbpf's own checks, against bpftrace too) */
export const FIX_CHECKS: OneLiner[] = [
  // str(p, n) / buf(p, n) with n known at run time read min(n + 1, size) / min(n, size) bytes
  { src: 'str and buf of a length known at run time', prog: 'tracepoint:syscalls:sys_enter_write { printf("%s|%r|%d\\n", str(args->buf, args->count), buf(args->buf, args->count), args->count); }' },
  { src: 'str of a length known at run time, BPFTRACE_STRLEN=20', prog: 'tracepoint:syscalls:sys_enter_write { $n = args->count - 1; printf("<%s>\\n", str(args->buf, $n)); }', env: { BPFTRACE_STRLEN: '20' } },
  { src: 'buf of a length known at run time, halved', prog: 'tracepoint:syscalls:sys_enter_sendto { printf("%r\\n", buf(args->buff, args->len / 2)); }', expect: { verdict: 'bpftrace fails', why: "the kernel's verifier refuses bpftrace 0.17's program (Error loading program)" } },
  // kstack/ustack(mode, limit): text and limits
  { src: 'ustack(perf, 2) and ustack(1) as map keys', prog: 'uprobe:BIN:work { @p[ustack(perf, 2)] = count(); @b[ustack(1)] = count(); @n[ustack(bpftrace)] = count(); }', compare: 'digits' },
  { src: 'kstack(perf, 3) in a tracepoint', prog: 'tracepoint:syscalls:sys_enter_nanosleep { @[kstack(perf, 3)] = count(); }' },
  { src: 'kstack(raw) is no mode', prog: 'tracepoint:syscalls:sys_enter_nanosleep { @[kstack(raw, 3)] = count(); }' },
  { src: 'kstack(5000): past the limit', prog: 'tracepoint:syscalls:sys_enter_nanosleep { @[kstack(5000)] = count(); }' },
  // a field of a pointer with `.`, and a cast to a struct: bpftrace 0.17's words
  { src: '`.` on a tracepoint args pointer', prog: 'tracepoint:syscalls:sys_exit_read { @[args.ret] = count(); }' },
  { src: 'cast of an integer to a struct', prog: 'struct S { int a; } BEGIN { @ = ((struct S)1).a; }' },
  // a widening cast extends by the target's signedness (found by the random comparison, seed 19)
  { src: 'widening casts of narrower signed and unsigned values', prog: 'uprobe:BIN:work { @[(uint64)(int32)(arg0 - 5)] = count(); printf("%ld %ld %lu %d\\n", (int64)(uint8)(arg0 + 250), (uint64)(int16)(arg0 - 3), (uint32)(int8)(arg0 - 2), (int64)(int32)(arg0 - 4)); }' },
  // interval output up to 100 ms after the child exits, as bpftrace's poll loop prints it
  { src: 'an interval that fires after the workload ends', prog: 'i:ms:90 { printf("tick\\n"); exit(); }' },
  { src: '--btf is taken', prog: 'BEGIN { printf("%d\\n", sizeof(struct task_struct) > 0); exit(); }', flags: ['--btf'] },
];
