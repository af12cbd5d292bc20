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
    uint32_t answer;  /* sc_bounds_nested: what the range answers */
    uint32_t key;     /* the caller's, to group ranges by (a port word) */
} sc_range;

/* The range of IPv4 prefix b/plen (b in network order), in host order. */
static inline sc_range sc_prefix_range(const uint8_t b[4], unsigned plen)
{
    uint64_t lo = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
    return (sc_range){.lo = lo, .end = lo + ((uint64_t)1 << (32 - plen))};
}

/* A search over bounds: a value's answer is answer[k] for the last bound[k] at or
 * below it, 0 below them all; answer NULL: 1 after an odd count of bounds, 0 after an
 * even one (sc_bounds). compiler/bpfir.c writes it as compares. */
typedef struct sc_search {
    size_t n;
    const uint32_t *bound, *answer;
} sc_search;

/* The bounds of the union of the n ranges, ascending: writes at most max of them to
 * bounds and returns how many there are, max + 1 when there are more (then stops
 * early). Overlapping and touching ranges merge; r is reordered. */
size_t sc_bounds(sc_range *r, size_t n, uint32_t *bounds, size_t max);

/* The bounds of n ranges that nest or are apart (as prefixes do), where a value's
 * answer is that of the innermost range holding it, 0 outside them all: writes at
 * most max bounds and their answers (answer[k] from bound[k] on) and returns how many
 * there are, max + 1 when there are more. r is reordered. */
size_t sc_bounds_nested(sc_range *r, size_t n, uint32_t *bound, uint32_t *answer, size_t max);
#endif
