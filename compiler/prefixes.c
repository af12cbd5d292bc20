/* prefixes: a path-compressed binary trie of address prefixes (prefixes.h). */
#include "prefixes.h"

#include "bigmem.h"

#include <stdlib.h>
#include <string.h>

/* p in the one space: its bits (in a set of ports, the port's first) and how many */
static unsigned bits_of(const sc_prefixes *s, const sc_addr *p, uint8_t b[18])
{
    sc_addr a = p->family == 4 ? sc_addr_v4_mapped(p) : *p;
    unsigned at = s->ports ? 2 : 0;
    b[0] = (uint8_t)(p->port >> 8);
    b[1] = (uint8_t)p->port;
    memcpy(b + at, a.b, 16);
    return 8 * at + a.plen;
}

static unsigned bit(const uint8_t b[18], unsigned i) { return b[i / 8] >> (7 - i % 8) & 1; }

/* How many leading bits a and b share, up to limit, when they share the first from */
static unsigned shared(const uint8_t a[18], const uint8_t b[18], unsigned from, unsigned limit)
{
    for (unsigned i = from / 8; 8 * i < limit; i++) {
        unsigned x = a[i] ^ b[i];
        if (x) {
            unsigned at = 8 * i + (unsigned)__builtin_clz(x) - 24;
            return at < limit ? at : limit;
        }
    }
    return limit;
}

static uint32_t node_new(sc_prefixes *s, const uint8_t b[18], unsigned depth, int member)
{
    sc_prefix_node *n = &s->node[s->n];
    *n = (sc_prefix_node){.member = member, .depth = (uint8_t)depth};
    memcpy(n->bits, b, sizeof n->bits);
    return (uint32_t)s->n++;
}

int sc_prefixes_init(sc_prefixes *s, bool ports)
{
    *s = (sc_prefixes){.ports = ports, .cap = 256};
    if (!(s->node = malloc(s->cap * sizeof *s->node)))
        return -1;
    node_new(s, (uint8_t[18]){0}, 0, -1);
    return 0;
}

void sc_prefixes_free(sc_prefixes *s)
{
    free(s->node);
    free(s->port_node);
    *s = (sc_prefixes){0};
}

int sc_prefixes_add(sc_prefixes *s, const sc_addr *p, int tag)
{
    if (s->n + 3 > s->cap) { /* an add makes at most three nodes (a port's, two more) */
        void *m = sc_big_realloc(s->node, 2 * s->cap * sizeof *s->node);
        if (!m)
            return -1;
        s->node = m;
        s->cap *= 2;
    }
    uint8_t b[18];
    unsigned depth = bits_of(s, p, b);
    uint32_t at = 0;
    if (s->ports) {
        if (!s->port_node && !(s->port_node = calloc(65536, sizeof *s->port_node)))
            return -1;
        if (!s->port_node[p->port])
            s->port_node[p->port] = node_new(s, b, 16, -1);
        at = s->port_node[p->port];
    }
    while (s->node[at].depth < depth) {
        uint32_t *link = &s->node[at].kid[bit(b, s->node[at].depth)];
        if (!*link) {
            *link = node_new(s, b, depth, tag);
            return 0;
        }
        const sc_prefix_node *next = &s->node[*link];
        unsigned d = next->depth < depth ? next->depth : depth;
        unsigned c = shared(b, next->bits, s->node[at].depth, d);
        if (c == next->depth) { /* next holds p */
            at = *link;
            continue;
        }
        /* p parts from next at bit c, or ends above it: a node at c takes next's place */
        uint32_t old = *link, mid = node_new(s, b, c, c == depth ? tag : -1);
        s->node[mid].kid[bit(s->node[old].bits, c)] = old;
        if (c < depth)
            s->node[mid].kid[bit(b, c)] = node_new(s, b, depth, tag);
        s->node[at].kid[bit(b, s->node[at].depth)] = mid;
        return 0;
    }
    if (s->node[at].member < 0)
        s->node[at].member = tag;
    return 0;
}

/* The node of p or the first below it (every node but the root has a member at or
 * below it), or UINT32_MAX when there is none; *cover is the tag of the first member
 * on the way (p's own node included), or -1. In a set of ports the way starts at the
 * port's node (the root, at depth 0, is no member there). */
static uint32_t walk(const sc_prefixes *s, const sc_addr *p, int *cover)
{
    uint8_t b[18];
    unsigned depth = bits_of(s, p, b);
    uint32_t at = 0;
    *cover = s->node[0].member;
    if (s->ports && !(at = s->port_node ? s->port_node[p->port] : 0))
        return UINT32_MAX;
    while (s->node[at].depth < depth) {
        unsigned from = s->node[at].depth;
        at = s->node[at].kid[bit(b, from)];
        if (!at)
            return UINT32_MAX;
        const sc_prefix_node *n = &s->node[at];
        unsigned d = n->depth < depth ? n->depth : depth;
        if (shared(b, n->bits, from, d) < d)
            return UINT32_MAX;
        if (*cover < 0 && n->depth <= depth)
            *cover = n->member;
    }
    return at;
}

int sc_prefixes_cover(const sc_prefixes *s, const sc_addr *p)
{
    int cover;
    walk(s, p, &cover);
    return cover;
}

bool sc_prefixes_overlap(const sc_prefixes *s, const sc_addr *p)
{
    int cover;
    uint32_t at = walk(s, p, &cover);
    return cover >= 0 || (at != UINT32_MAX && (at != 0 || s->n > 1));
}
