/*
 * The user-space eBPF JIT baseline of `npm run bench` (bench/dpdk.bench.ts): DPDK's librte_bpf
 * (Debian's dpdk-dev, 22.11), the eBPF runtime with an x86-64 JIT that Debian packages — uBPF,
 * which the issue names, is in neither Debian nor npm.
 *
 *   dpdk_bpf PROG.bin jit|interp N   ->  "<ns per run> <r0>"  (CPU time of N runs after a warm-up)
 *
 * PROG.bin is an XDP program's raw instructions (bench/progs/v2: DPDK 22.11's JIT and interpreter
 * know no BPF_JMP32 class, so these are the same C sources built with -mcpu=v2). Its context is a
 * struct xdp_md whose data/data_end (u32, as in the kernel's uapi) point at the bench's 64-byte
 * packet: both live in memory mapped below 4 GiB (MAP_32BIT), so the program's 32-bit loads of
 * them are the real pointers.
 *
 * DPDK's rte_bpf_load runs its validator (lib/bpf/bpf_validate.c) first, which refuses every
 * program with a loop ("loops detected"), and every benchmark program loops. So this driver does
 * what rte_bpf_load does minus the validator: it fills DPDK's struct rte_bpf (lib/bpf/bpf_impl.h,
 * mirrored below) and calls the library's own bpf_jit() (linked from the static librte_bpf.a,
 * where it is a global symbol); the interpreter is the public rte_bpf_exec(). The results are
 * checked against the other engines' by the bench (the r0 of every engine must agree).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <rte_bpf.h>

/* lib/bpf/bpf_impl.h, DPDK 22.11 */
struct rte_bpf {
	struct rte_bpf_prm prm;
	struct rte_bpf_jit jit;
	size_t sz;
	uint32_t stack_sz;
};
extern int bpf_jit(struct rte_bpf *bpf);

/* include/uapi/linux/bpf.h */
struct xdp_md {
	uint32_t data, data_end, data_meta, ingress_ifindex, rx_queue_index, egress_ifindex;
};

static double cpu_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s PROG.bin jit|interp N\n", argv[0]);
		return 2;
	}
	static uint64_t code[1 << 16];
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	size_t n = fread(code, 1, sizeof code, f);
	fclose(f);
	int jit = strcmp(argv[2], "jit") == 0;
	long runs = atol(argv[3]);

	uint8_t *low = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (low == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	struct xdp_md *ctx = (struct xdp_md *)low;
	uint8_t *pkt = low + 256;
	/* bench/run.ts benchPacket() */
	for (int i = 0; i < 64; i++)
		pkt[i] = (i * 37 + 11) & 0xff;
	ctx->data = (uint32_t)(uintptr_t)pkt;
	ctx->data_end = ctx->data + 64;

	struct rte_bpf *bpf = calloc(1, sizeof *bpf);
	bpf->prm.ins = (const struct ebpf_insn *)code;
	bpf->prm.nb_ins = n / 8;
	bpf->prm.prog_arg.type = RTE_BPF_ARG_PTR;
	bpf->prm.prog_arg.size = sizeof *ctx;
	bpf->sz = sizeof *bpf;
	bpf->stack_sz = 512;
	if (jit && (bpf_jit(bpf) != 0 || bpf->jit.func == NULL)) {
		fprintf(stderr, "DPDK's bpf_jit refused the program\n");
		return 1;
	}
	uint64_t r0 = 0;
	long warm = runs < 100 ? runs : 100;
	for (long i = 0; i < warm; i++)
		r0 = jit ? bpf->jit.func(ctx) : rte_bpf_exec(bpf, ctx);
	double t0 = cpu_ns();
	for (long i = 0; i < runs; i++)
		r0 = jit ? bpf->jit.func(ctx) : rte_bpf_exec(bpf, ctx);
	double t1 = cpu_ns();
	printf("%.3f %llu\n", (t1 - t0) / (runs ? runs : 1), (unsigned long long)r0);
	return 0;
}
