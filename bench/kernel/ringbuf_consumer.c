// SPDX-License-Identifier: MIT
/*
 * libbpf's ring-buffer consumer, the baseline of bench/ringbuf.ts: opens the pinned producer
 * program and ring buffer map, then ITER times runs the producer with BPF_PROG_TEST_RUN and drains
 * the ring with ring_buffer__consume, timing only the draining (process CPU time). Prints
 * "<records> <consume-ns> <checksum>".
 *   ringbuf_consumer PROG_PIN MAP_PIN ITER
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

struct event {
	unsigned int seq;
	unsigned int pkt_len;
	unsigned long long value;
	char tag[8];
};

static unsigned long long records, checksum;

static int on_record(void *ctx, void *data, size_t size)
{
	const struct event *e = data;

	records++;
	checksum += e->seq;
	return 0;
}

static long long now_ns(void)
{
	struct timespec ts;

	/* CPU time, not wall time: the comparison must survive a loaded machine */
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s PROG_PIN MAP_PIN ITER\n", argv[0]);
		return 2;
	}
	int prog = bpf_obj_get(argv[1]);
	int map = bpf_obj_get(argv[2]);
	int iter = atoi(argv[3]);
	if (prog < 0 || map < 0) {
		perror("bpf_obj_get");
		return 1;
	}
	struct ring_buffer *rb = ring_buffer__new(map, on_record, NULL, NULL);
	if (!rb) {
		perror("ring_buffer__new");
		return 1;
	}
	unsigned char pkt[64] = { 0 };
	long long spent = 0;
	for (int i = 0; i < iter; i++) {
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = sizeof(pkt), .repeat = 1);
		if (bpf_prog_test_run_opts(prog, &opts)) {
			perror("bpf_prog_test_run_opts");
			return 1;
		}
		long long t0 = now_ns();
		ring_buffer__consume(rb);
		spent += now_ns() - t0;
	}
	printf("%llu %lld %llu\n", records, spent, checksum);
	ring_buffer__free(rb);
	return 0;
}
