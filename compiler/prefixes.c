/* prefixes: a binary trie of address prefixes (prefixes.h). */
#include "prefixes.h"

#include <stdlib.h>
#include <string.h>

/* p in the one space: its bits (in a set of ports, the port's first) and the depth
 * of its node */
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

static int grow(sc_prefixes *s)
{
    size_t cap = s->cap ? 2 * s->cap : 256;
    void *k = realloc(s->kid, cap * sizeof *s->kid);
    if (k)
        s->kid = k;
    void *b = realloc(s->below, cap * sizeof *s->below);
    if (b)
        s->below = b;
    void *m = realloc(s->member, cap * sizeof *s->member);
    if (m)
        s->member = m;
    if (!k || !b || !m)
        return -1;
    s->cap = cap;
    return 0;
}

int sc_prefixes_init(sc_prefixes *s, bool ports)
{
    *s = (sc_prefixes){.ports = ports};
    if (grow(s) < 0)
        return -1;
    s->kid[0][0] = s->kid[0][1] = s->below[0] = 0;
    s->member[0] = -1;
    s->n = 1;
    return 0;
}

void sc_prefixes_free(sc_prefixes *s)
{
    free(s->kid);
    free(s->below);
    free(s->member);
    *s = (sc_prefixes){0};
}

int sc_prefixes_add(sc_prefixes *s, const sc_addr *p, int tag)
{
    uint8_t b[18];
    unsigned depth = bits_of(s, p, b);
    uint32_t at = 0;
    for (unsigned i = 0;; i++) {
        s->below[at]++;
        if (i == depth)
            break;
        uint32_t next = s->kid[at][bit(b, i)];
        if (!next) {
            if (s->n == s->cap && grow(s) < 0)
                return -1;
            next = (uint32_t)s->n++;
            s->kid[next][0] = s->kid[next][1] = s->below[next] = 0;
            s->member[next] = -1;
            s->kid[at][bit(b, i)] = next;
        }
        at = next;
    }
    if (s->member[at] < 0)
        s->member[at] = tag;
    return 0;
}

/* The node of p, or UINT32_MAX when the walk leaves the trie first; *cover is the tag
 * of the first member on the way (p's own node included), or -1. */
static uint32_t walk(const sc_prefixes *s, const sc_addr *p, int *cover)
{
    uint8_t b[18];
    unsigned depth = bits_of(s, p, b);
    uint32_t at = 0;
    *cover = s->member[0];
    for (unsigned i = 0; i < depth; i++) {
        at = s->kid[at][bit(b, i)];
        if (!at)
            return UINT32_MAX;
        if (*cover < 0)
            *cover = s->member[at];
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
    return cover >= 0 || (at != UINT32_MAX && s->below[at] > 0);
}
