/* flat4: builds the flat trie of an IPv4 address set (the layout is in layout.h). */
#ifndef SOCKC_FLAT4_H
#define SOCKC_FLAT4_H
#include <stddef.h>
#include <stdint.h>

typedef struct sc_flat4_prefix {
    uint8_t b[4]; /* network order; no bits set past plen */
    uint8_t plen; /* 0..32 */
} sc_flat4_prefix;

typedef struct sc_flat4 {
    uint8_t *image; /* the map value; malloc'd, sc_flat4_free */
    size_t size;    /* bytes, a multiple of 8 */
    size_t nodes, leaves;
} sc_flat4;

/* Builds the trie of the n prefixes (in any order; overlaps allowed). Returns 0, 1
 * when it would exceed max_bytes (out->size is then the size reached when it
 * stopped), or -1 when out of memory. p is reordered. */
int sc_flat4_build(sc_flat4_prefix *p, size_t n, size_t max_bytes, sc_flat4 *out);
void sc_flat4_free(sc_flat4 *f);

/* Whether the address b (network order) is in the trie: the walk the programs do,
 * with their bounds checks (an image read back from a map is not trusted). */
int sc_flat4_contains(const sc_flat4 *f, const uint8_t b[4]);

/* Calls fn for the members of the trie in address order, as the fewest aligned
 * prefixes (two /25s that were written apart come out as one /24). */
void sc_flat4_each(const sc_flat4 *f, void (*fn)(void *arg, const uint8_t b[4], unsigned plen), void *arg);

#endif
