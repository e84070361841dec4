// SPDX-License-Identifier: MIT
/*
 * The libbpf baseline of bench/attach.ts: open test/fixtures/bpf/attach_counters.bpf.o, load its
 * tracepoint and raw tracepoint programs, then time N bpf_program__attach + bpf_link__destroy of
 * each in CPU time of the process. Prints "tracepoint NS_PER_OP" and "raw_tp NS_PER_OP".
 *   attach_latency OBJ N
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/libbpf.h>

static long long cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	int n = atoi(argv[2]);
	struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
	if (!obj)
		return 1;
	struct bpf_program *p;
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, !strcmp(bpf_program__name(p), "tp_getppid") || !strcmp(bpf_program__name(p), "raw_getppid"));
	if (bpf_object__load(obj))
		return 1;
	const char *names[] = { "tp_getppid", "raw_getppid" }, *labels[] = { "tracepoint", "raw_tp" };
	for (int k = 0; k < 2; k++) {
		p = bpf_object__find_program_by_name(obj, names[k]);
		for (int i = 0; i < 20; i++)
			bpf_link__destroy(bpf_program__attach(p));
		long long t0 = cpu_ns();
		for (int i = 0; i < n; i++) {
			struct bpf_link *l = bpf_program__attach(p);
			if (!l)
				return 1;
			bpf_link__destroy(l);
		}
		printf("%s %.0f\n", labels[k], (double)(cpu_ns() - t0) / n);
	}
	bpf_object__close(obj);
	return 0;
}
