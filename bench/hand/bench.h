/* Shared includes for the hand-written BPF C of the benchmark: what a person writing
 * these programs by hand would include. Built with clang-19 -O2 -g -target bpf -mcpu=v3. */
#ifndef SOCKC_BENCH_HAND_H
#define SOCKC_BENCH_HAND_H
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define ALLOW 1 /* a cgroup sock_addr program returning 1 lets the call go on */
#define DENY 0  /* returning 0 fails the call with EPERM */
#endif
