/* bounds: the union of ranges of 32-bit values (IPv4 addresses in host order, ports)
 * as its bounds, the values where membership changes, for a search tree of compares
 * (compiler/bpfir.c, bir_bounds_search): a value is a member when an odd number of
 * bounds are at or below it. */
#ifndef SOCKC_BOUNDS_H
#define SOCKC_BOUNDS_H
#include <stddef.h>
#include <stdint.h>

typedef struct sc_range {
    uint64_t lo, end; /* [lo, end), end <= 2^32 */
} sc_range;

/* The bounds of the union of the n ranges, ascending: writes at most max of them to
 * bounds and returns how many there are, max + 1 when there are more (then stops
 * early). Overlapping and touching ranges merge; r is reordered. */
size_t sc_bounds(sc_range *r, size_t n, uint32_t *bounds, size_t max);
#endif
