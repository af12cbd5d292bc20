/* The counters of the policies that count (the per-CPU array counters__ of sockc's
 * objects: a socket map's assign or redirect misses), for the hand-written programs of
 * those policies: count(i) adds one to entry i, atomically, as sockc does. COUNTERS
 * is the number of entries (default 2: MAP.assign_misses, MAP.assign_errors). */
#ifndef SOCKC_BENCH_COUNTERS_H
#define SOCKC_BENCH_COUNTERS_H
#include "bench.h"

#ifndef COUNTERS
#define COUNTERS 2
#endif

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, COUNTERS);
    __type(key, __u32);
    __type(value, __u64);
} counters__ SEC(".maps");

static __always_inline void count(__u32 i)
{
    __u64 *n = bpf_map_lookup_elem(&counters__, &i);
    if (n)
        __sync_fetch_and_add(n, 1);
}
#endif
