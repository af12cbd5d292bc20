/* prefixes: a set of address prefixes in one space (IPv4 ones as ::ffff:a.b.c.d/96+N,
 * as a 6 program sees them) held as a binary trie, for the plan's passes over a run
 * of prefix rules: does a member cover a prefix (the prefix's rule is shadowed, or an
 * address lands in a member), and does a member overlap it. In a set of ports, each
 * member is a port and a prefix (`dst in P and dst.port == N`, the sc_addr's port),
 * the port's 16 bits before the address's: members of different ports never meet.
 * The trie is path-compressed: a node is a member or where two members' bits part
 * (or a port's), so a set of n members holds at most 2n nodes (3n with ports), and a
 * step visits at most one node per member on the way (the 96 bits of ::ffff: are one
 * node, not 96). */
#ifndef SOCKC_PREFIXES_H
#define SOCKC_PREFIXES_H
#include "netaddr.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sc_prefix_node {
    uint32_t kid[2]; /* 0 is no child */
    int member;      /* the tag of the member that ends here, or -1 */
    uint8_t depth;   /* how many of bits' bits are the node's: up to 16 + 128 */
    uint8_t bits[18];
} sc_prefix_node;

typedef struct sc_prefixes {
    sc_prefix_node *node; /* node 0 is the root (::/0, depth 0) */
    size_t n, cap;
    bool ports;           /* members are a port and a prefix */
    uint32_t *port_node;  /* ports: each port's node (depth 16), 0 when none; where a
                             step starts, as the first 16 levels of a trie of
                             thousands of ports were a cache miss each */
} sc_prefixes;

/* 0, or -1 when out of memory; ports: a set of ports and prefixes (above). */
int sc_prefixes_init(sc_prefixes *s, bool ports);
void sc_prefixes_free(sc_prefixes *s);
/* Adds p with a tag (>= 0) of the caller's, kept if p was there before. */
int sc_prefixes_add(sc_prefixes *s, const sc_addr *p, int tag);
/* The tag of a member that contains p (a prefix, or an address as /32 or /128), the
 * shortest, or -1 when none does. */
int sc_prefixes_cover(const sc_prefixes *s, const sc_addr *p);
/* Does a member contain p, or lie within it? */
bool sc_prefixes_overlap(const sc_prefixes *s, const sc_addr *p);
#endif
