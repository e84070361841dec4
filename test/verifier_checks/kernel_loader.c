/*
 * The kernel side of the annotated verifier tests: loads each program of a BPF object on its own
 * (autoload off for the others, as the kernel's selftests/bpf/test_loader.c does), with the
 * verifier log at level 1, and test-runs it on a 64-byte packet when it loads. Prints one JSON
 * line per program: {"name","loaded","errno","processed","retval","log"} (processed: the
 * verifier's count of processed instructions, from a BPF_LOG_STATS log of the load). `--each` skips the whole-object attempt. Built at test time with the host
 * compiler against libbpf (libbpf-dev).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>

static char logbuf[1 << 20];

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;
		if (c == '"' || c == '\\') printf("\\%c", c);
		else if (c == '\n') printf("\\n");
		else if (c < 0x20) printf("\\u%04x", c);
		else putchar(c);
	}
	putchar('"');
}

static int quiet(enum libbpf_print_level l, const char *f, va_list a) { return 0; }

static char statsbuf[4096];

static void report(struct bpf_program *target, int err, const char *log)
{
	printf("{\"name\":");
	json_str(bpf_program__name(target));
	printf(",\"loaded\":%s,\"errno\":%d", err ? "false" : "true", err < 0 ? -err : 0);
	/* BPF_LOG_STATS of the load without a full log: the verifier's processed-instruction count */
	const char *st = strstr(statsbuf, "processed ");
	int processed;
	if (!err && st && sscanf(st, "processed %d insns", &processed) == 1) printf(",\"processed\":%d", processed);
	if (!err) {
		unsigned char pkt[64] = {0}, out[512];
		pkt[12] = 0x08;
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt, .data_size_in = sizeof(pkt),
			    .data_out = out, .data_size_out = sizeof(out), .repeat = 1);
		int r = bpf_prog_test_run_opts(bpf_program__fd(target), &o);
		if (r == 0) printf(",\"retval\":%u", o.retval);
		else printf(",\"runErrno\":%d", errno);
	}
	printf(",\"log\":");
	json_str(log);
	printf("}\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	libbpf_set_print(quiet);
	struct bpf_object *probe = bpf_object__open_file(argv[1], NULL);
	if (!probe) { fprintf(stderr, "open %s: %d\n", argv[1], errno); return 2; }
	struct bpf_program *p;
	int count = 0;
	bpf_object__for_each_program(p, probe) count++;
	/* the whole object first: programs that need each other (tail calls through an initialised
	 * PROG_ARRAY) load only together; if it loads, every program is accepted */
	int each = argc > 2 && !strcmp(argv[2], "--each");
	struct bpf_object *all = each ? NULL : bpf_object__open_file(argv[1], NULL);
	if (all && bpf_object__load(all) == 0) {
		statsbuf[0] = 0;
		bpf_object__for_each_program(p, all) report(p, 0, "");
		bpf_object__close(all);
		bpf_object__close(probe);
		return 0;
	}
	if (all) bpf_object__close(all);
	for (int k = 0; k < count; k++) {
		/* without a log first (a level-1 log of a long verification overflows any buffer and
		 * turns success into ENOSPC), then again with the log when it fails */
		int err = 0;
		for (int withLog = 0; withLog < 2; withLog++) {
			struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
			struct bpf_program *target = NULL;
			int i = 0;
			bpf_object__for_each_program(p, obj) {
				/* SEC("?...") programs start with autoload off: the target is loaded all the same */
				if (i++ == k) { target = p; bpf_program__set_autoload(p, true); }
				else bpf_program__set_autoload(p, false);
			}
			logbuf[0] = 0;
			statsbuf[0] = 0;
			if (!withLog) {
				bpf_program__set_log_buf(target, statsbuf, sizeof(statsbuf));
				bpf_program__set_log_level(target, 4);
			}
			if (withLog) {
				bpf_program__set_log_buf(target, logbuf, sizeof(logbuf));
				bpf_program__set_log_level(target, 1);
			}
			int e = bpf_object__load(obj);
			if (!withLog) err = e;
			if (!e || withLog) {
				report(target, err, logbuf);
				bpf_object__close(obj);
				break;
			}
			bpf_object__close(obj);
		}
	}
	bpf_object__close(probe);
	return 0;
}
