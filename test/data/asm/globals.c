// Global data: .data, .rodata, .bss, and a string passed to bpf_trace_printk.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

volatile int counter = 5;
volatile const int limit = 100;
volatile long total;
static const char greeting[] = "hello %d\n";
const char *names[] = { "alpha", "beta", "gamma" };

SEC("tracepoint/syscalls/sys_enter_write")
int on_write(void *ctx)
{
	counter++;
	total += counter;
	if (counter > limit)
		counter = 0;
	bpf_trace_printk(greeting, sizeof(greeting), counter);
	return names[counter & 1][0];
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
