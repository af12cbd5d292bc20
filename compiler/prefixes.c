/* prefixes: a binary trie of address prefixes (prefixes.h). */
#include "prefixes.h"

#include <stdlib.h>
#include <string.h>

/* p in the one space: 16 bytes and the depth of its node */
static unsigned bits_of(const sc_addr *p, uint8_t b[16])
{
    sc_addr a = p->family == 4 ? sc_addr_v4_mapped(p) : *p;
    memcpy(b, a.b, 16);
    return a.plen;
}

static unsigned bit(const uint8_t b[16], unsigned i) { return b[i / 8] >> (7 - i % 8) & 1; }

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

int sc_prefixes_init(sc_prefixes *s)
{
    *s = (sc_prefixes){0};
    if (grow(s) < 0)
        return -1;
    s->kid[0][0] = s->kid[0][1] = s->below[0] = 0;
    s->member[0] = false;
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

int sc_prefixes_add(sc_prefixes *s, const sc_addr *p)
{
    uint8_t b[16];
    unsigned depth = bits_of(p, b);
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
            s->member[next] = false;
            s->kid[at][bit(b, i)] = next;
        }
        at = next;
    }
    s->member[at] = true;
    return 0;
}

/* The node of p, or UINT32_MAX when the walk leaves the trie first; *covered says
 * whether a member ends on the way (p's own node included). */
static uint32_t walk(const sc_prefixes *s, const sc_addr *p, bool *covered)
{
    uint8_t b[16];
    unsigned depth = bits_of(p, b);
    uint32_t at = 0;
    *covered = s->member[0];
    for (unsigned i = 0; i < depth; i++) {
        at = s->kid[at][bit(b, i)];
        if (!at)
            return UINT32_MAX;
        *covered |= s->member[at];
    }
    return at;
}

bool sc_prefixes_cover(const sc_prefixes *s, const sc_addr *p)
{
    bool covered;
    walk(s, p, &covered);
    return covered;
}

bool sc_prefixes_overlap(const sc_prefixes *s, const sc_addr *p)
{
    bool covered;
    uint32_t at = walk(s, p, &covered);
    return covered || (at != UINT32_MAX && s->below[at] > 0);
}
