/* flat4: the flat trie of an IPv4 set (layout.h). Prefixes are added shortest first,
 * so a prefix never lands under an entry that a longer one has already split: an entry
 * is set to "all" only while nothing hangs below it, and a longer prefix under an "all"
 * entry adds nothing. */
#include "flat4.h"

#include "layout.h"
#include "le.h"

#include <stdlib.h>
#include <string.h>

/* Shortest first; then by address, so the layout depends on the set, not on the order
 * its members were written in (qsort is not stable). */
static int by_plen(const void *a, const void *b)
{
    const sc_flat4_prefix *x = a, *y = b;
    int c = (x->plen > y->plen) - (x->plen < y->plen);
    return c ? c : memcmp(x->b, y->b, sizeof x->b);
}

typedef struct builder {
    sc_flat4 *f;
    size_t cap, max;
} builder;

/* Appends len zero bytes; returns their offset, 0 over the limit, or -1 without memory. */
static long long append(builder *bd, size_t len)
{
    sc_flat4 *f = bd->f;
    if (f->size + len > bd->max)
        return 0;
    if (f->size + len > bd->cap) {
        size_t cap = bd->cap * 2 < bd->max ? bd->cap * 2 : bd->max;
        uint8_t *img = realloc(f->image, cap);
        if (!img)
            return -1;
        memset(img + bd->cap, 0, cap - bd->cap);
        f->image = img;
        bd->cap = cap;
    }
    size_t off = f->size;
    f->size += len;
    return (long long)off;
}

/* The child of the entry at off: made (of len bytes) when the entry is empty; 0 when
 * the entry already covers everything below it; -1 out of memory; -2 over the limit. */
static long long child(builder *bd, size_t off, size_t len, size_t *count)
{
    uint32_t e = sc_get_le32(bd->f->image + off);
    if (e == SC_FLAT4_ALL)
        return 0;
    if (e != SC_FLAT4_NONE)
        return e;
    long long c = append(bd, len);
    if (c <= 0)
        return c < 0 ? -1 : -2;
    sc_put_le32(bd->f->image + off, (uint32_t)c);
    ++*count;
    return c;
}

static int add(builder *bd, const sc_flat4_prefix *p)
{
    uint8_t *img = bd->f->image;
    if (p->plen <= 16) {
        uint32_t first = (uint32_t)p->b[0] << 8 | p->b[1], span = 1u << (16 - p->plen);
        for (uint32_t v = first; v < first + span; v++)
            sc_put_le32(img + 4 * ((v >> 8) | (v & 0xff) << 8), SC_FLAT4_ALL);
        return 0;
    }
    long long node = child(bd, 4 * ((size_t)p->b[0] | (size_t)p->b[1] << 8), SC_FLAT4_NODE_BYTES, &bd->f->nodes);
    if (node <= 0)
        return node == 0 ? 0 : node == -1 ? -1 : 1;
    img = bd->f->image; /* append may have moved it */
    if (p->plen <= 24) {
        for (unsigned i = p->b[2]; i < p->b[2] + (1u << (24 - p->plen)); i++)
            sc_put_le32(img + node + 4 * i, SC_FLAT4_ALL);
        return 0;
    }
    long long leaf = child(bd, (size_t)node + 4 * p->b[2], SC_FLAT4_LEAF_BYTES, &bd->f->leaves);
    if (leaf <= 0)
        return leaf == 0 ? 0 : leaf == -1 ? -1 : 1;
    img = bd->f->image;
    for (unsigned i = p->b[3]; i < p->b[3] + (1u << (32 - p->plen)); i++)
        img[leaf + i / 8] |= (uint8_t)(1u << (i % 8));
    return 0;
}

int sc_flat4_build(sc_flat4_prefix *p, size_t n, size_t max_bytes, sc_flat4 *out)
{
    memset(out, 0, sizeof *out);
    out->size = SC_FLAT4_ROOT_BYTES;
    if (max_bytes < SC_FLAT4_ROOT_BYTES)
        return 1;
    /* room for the most the prefixes can make, a node for each longer than 16 bits and a
     * leaf for each longer than 24, so that the image never moves; the pages no node
     * takes are never touched */
    builder bd = {out, SC_FLAT4_ROOT_BYTES, max_bytes};
    for (size_t i = 0; i < n && bd.cap < max_bytes; i++)
        bd.cap += (p[i].plen > 16 ? SC_FLAT4_NODE_BYTES : 0) + (p[i].plen > 24 ? SC_FLAT4_LEAF_BYTES : 0);
    if (bd.cap > max_bytes)
        bd.cap = max_bytes;
    out->image = calloc(1, bd.cap);
    if (!out->image)
        return -1;
    if (n) /* qsort of NULL is undefined even for 0 elements */
        qsort(p, n, sizeof *p, by_plen);
    for (size_t i = 0; i < n; i++) {
        int rc = add(&bd, &p[i]);
        if (rc) {
            size_t reached = out->size;
            sc_flat4_free(out);
            out->size = reached;
            return rc;
        }
    }
    return 0;
}

void sc_flat4_free(sc_flat4 *f)
{
    free(f->image);
    memset(f, 0, sizeof *f);
}

/* The child that entry e of a level points to, if it lies within the value (as the
 * programs check it: an entry past the end is no member); 0 otherwise. */
static size_t below(const sc_flat4 *f, uint32_t e, size_t child_bytes)
{
    return e > SC_FLAT4_ALL && f->size >= child_bytes && e <= f->size - child_bytes ? e : 0;
}

int sc_flat4_contains(const sc_flat4 *f, const uint8_t b[4])
{
    if (f->size < SC_FLAT4_ROOT_BYTES)
        return 0;
    uint32_t e = sc_get_le32(f->image + 4 * ((size_t)b[0] | (size_t)b[1] << 8));
    size_t node = below(f, e, SC_FLAT4_NODE_BYTES);
    if (!node)
        return e == SC_FLAT4_ALL;
    e = sc_get_le32(f->image + node + 4 * (size_t)b[2]);
    size_t leaf = below(f, e, SC_FLAT4_LEAF_BYTES);
    if (!leaf)
        return e == SC_FLAT4_ALL;
    return f->image[leaf + b[3] / 8] >> (b[3] % 8) & 1;
}

/* --- listing ------------------------------------------------------------------------ */

/* Levels: 0 the root (index b0.b1, 16 bits), 1 a node (b2), 2 a leaf (b3, one bit an
 * entry, 1 = every address under it). */
typedef struct walker {
    const sc_flat4 *f;
    void (*fn)(void *arg, const uint8_t b[4], unsigned plen);
    void *arg;
} walker;

static uint32_t entry(const walker *w, int level, size_t base, size_t i)
{
    const uint8_t *img = w->f->image;
    if (level == 0)
        return sc_get_le32(img + 4 * ((i >> 8) | (i & 0xff) << 8));
    if (level == 1)
        return sc_get_le32(img + base + 4 * i);
    return img[base + i / 8] >> (i % 8) & 1;
}

static int all_members(const walker *w, int level, size_t base, size_t first, size_t len)
{
    for (size_t i = first; i < first + len; i++)
        if (entry(w, level, base, i) != SC_FLAT4_ALL)
            return 0;
    return 1;
}

/* Emits the members under one level in address order, runs of "every address" entries
 * as the largest aligned prefixes; high holds the address bits above the level. */
static void walk(const walker *w, int level, size_t base, uint32_t high)
{
    unsigned bits = level == 0 ? 16 : 8, shift = level == 0 ? 16 : level == 1 ? 8 : 0;
    size_t n = (size_t)1 << bits;
    for (size_t i = 0; i < n;) {
        uint32_t e = entry(w, level, base, i);
        size_t child = level < 2 ? below(w->f, e, level == 0 ? SC_FLAT4_NODE_BYTES : SC_FLAT4_LEAF_BYTES) : 0;
        if (e == SC_FLAT4_ALL) {
            unsigned k = 0;
            while (k < bits && i % ((size_t)2 << k) == 0 && all_members(w, level, base, i, (size_t)2 << k))
                k++;
            uint32_t a = high | (uint32_t)i << shift;
            uint8_t b[4] = {(uint8_t)(a >> 24), (uint8_t)(a >> 16), (uint8_t)(a >> 8), (uint8_t)a};
            w->fn(w->arg, b, 32 - shift - k);
            i += (size_t)1 << k;
            continue;
        }
        if (child)
            walk(w, level + 1, child, high | (uint32_t)i << shift);
        i++;
    }
}

void sc_flat4_each(const sc_flat4 *f, void (*fn)(void *arg, const uint8_t b[4], unsigned plen), void *arg)
{
    if (f->size < SC_FLAT4_ROOT_BYTES)
        return;
    walker w = {f, fn, arg};
    walk(&w, 0, 0, 0);
}
