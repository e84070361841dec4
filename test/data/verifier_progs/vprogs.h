/*
 * Expectation annotations for tsbpf's verifier tests, in the form of the kernel's
 * tools/testing/selftests/bpf/progs/bpf_misc.h: each is a BTF decl tag on the program's
 * function, so the expectations travel inside the compiled object's .BTF section as
 * BTF_KIND_DECL_TAG records ("comment:test_expect_failure", "comment:test_expect_msg=..." ...).
 */
#ifndef VPROGS_H
#define VPROGS_H
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define __msg(msg)          __attribute__((btf_decl_tag("comment:test_expect_msg=" msg)))
#define __failure           __attribute__((btf_decl_tag("comment:test_expect_failure")))
#define __success           __attribute__((btf_decl_tag("comment:test_expect_success")))
#define __failure_unpriv    __attribute__((btf_decl_tag("comment:test_expect_failure_unpriv")))
#define __success_unpriv    __attribute__((btf_decl_tag("comment:test_expect_success_unpriv")))
#define __msg_unpriv(msg)   __attribute__((btf_decl_tag("comment:test_expect_msg_unpriv=" msg)))
#define __retval(val)       __attribute__((btf_decl_tag("comment:test_retval=" #val)))
#define __retval_unpriv(val) __attribute__((btf_decl_tag("comment:test_retval_unpriv=" #val)))
/* global function argument tags (bpf_helpers.h __arg_*): btf_prepare_func_args reads them */
#define __arg_ctx           __attribute__((btf_decl_tag("arg:ctx")))
#define __arg_nonnull       __attribute__((btf_decl_tag("arg:nonnull")))
#define __arg_trusted       __attribute__((btf_decl_tag("arg:trusted")))
#define __arg_nullable      __attribute__((btf_decl_tag("arg:nullable")))
#define __naked             __attribute__((naked))
#define __clobber_all       "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "memory"
#define __imm(name)         [name]"i"(name)
#define __imm_const(name, expr) [name]"i"(expr)
#define __imm_addr(name)    [name]"i"(&name)

char _license[] SEC("license") = "GPL";
#endif
