/* flat4_test: the flat trie builder (common/flat4.c) and the bounds of a search tree
 * (common/bounds.c) against brute-force membership, on random prefix sets of every
 * length, with overlaps, at the boundaries of each prefix and at random addresses;
 * the trie's size limit; bounds of ports. */
#include "bounds.h"
#include "flat4.h"
#include "layout.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h> /* cmocka needs these before its header */
#include <cmocka.h>

static uint32_t rnd(uint64_t *s) /* xorshift64*: the same sequence on every run */
{
    *s ^= *s >> 12, *s ^= *s << 25, *s ^= *s >> 27;
    return (uint32_t)((*s * 2685821657736338717ull) >> 32);
}

static uint32_t mask(unsigned plen) { return plen ? 0xffffffffu << (32 - plen) : 0; }

static void to_bytes(uint32_t a, uint8_t b[4])
{
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(a >> (24 - 8 * i));
}

/* The bounds (common/bounds.c) of n prefixes, as the compiler asks for a set's. */
static size_t prefix_bounds(const sc_flat4_prefix *p, size_t n, uint32_t *bounds, size_t max)
{
    sc_range *r = malloc((n ? n : 1) * sizeof *r);
    assert_non_null(r);
    for (size_t i = 0; i < n; i++)
        r[i] = sc_prefix_range(p[i].b, p[i].plen);
    size_t nb = sc_bounds(r, n, bounds, max);
    free(r);
    return nb;
}

/* Membership by the bounds: an odd number of them at or below a. */
static int by_bounds(const uint32_t *bounds, size_t nb, uint32_t a)
{
    size_t lo = 0, hi = nb; /* the count of bounds <= a, by binary search */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (bounds[mid] <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (int)(lo & 1);
}

/* The answer by nested bounds (sc_bounds_nested): that after the last bound at or below a. */
static uint32_t by_nested(const uint32_t *bound, const uint32_t *answer, size_t nb, uint32_t a)
{
    size_t k = 0;
    while (k < nb && bound[k] <= a)
        k++;
    return k ? answer[k - 1] : 0;
}

/* The first index + 1 of the longest prefix that holds a, 0 when none does. */
static uint32_t longest(const uint32_t *net, const uint8_t *plen, size_t n, uint32_t a)
{
    size_t best = n;
    for (size_t i = 0; i < n; i++)
        if ((a & mask(plen[i])) == net[i] && (best == n || plen[i] > plen[best]))
            best = i;
    return best == n ? 0 : (uint32_t)best + 1;
}

static int brute(const uint32_t *net, const uint8_t *plen, size_t n, uint32_t a)
{
    for (size_t i = 0; i < n; i++)
        if ((a & mask(plen[i])) == net[i])
            return 1;
    return 0;
}

/* n prefixes, clustered under a few /8s and /16s so that nodes and leaves are shared. */
static void check_random_set(uint64_t seed, size_t n)
{
    uint32_t *net = malloc(n * sizeof *net);
    uint8_t *plen = malloc(n);
    sc_flat4_prefix *p = malloc(n * sizeof *p);
    assert_non_null(net), assert_non_null(plen), assert_non_null(p);
    for (size_t i = 0; i < n; i++) {
        uint32_t r = rnd(&seed);
        plen[i] = (uint8_t)(r % 4 == 0 ? rnd(&seed) % 33 : 24 + rnd(&seed) % 9);
        uint32_t a = (uint32_t)(10 + rnd(&seed) % 3) << 24 | (rnd(&seed) % 4) << 16 | (rnd(&seed) & 0xffff);
        net[i] = a & mask(plen[i]);
        to_bytes(net[i], p[i].b);
        p[i].plen = plen[i];
    }
    sc_flat4 f;
    assert_int_equal(sc_flat4_build(p, n, SC_FLAT4_MAX_BYTES, &f), 0);
    uint32_t *bounds = malloc(2 * n * sizeof *bounds);
    assert_non_null(bounds);
    size_t nb = prefix_bounds(p, n, bounds, 2 * n);
    assert_true(nb <= 2 * n);
    for (size_t i = 1; i < nb; i++)
        assert_true(bounds[i - 1] < bounds[i]);
    if (nb > 1) /* one fewer room: told there are more, nothing written past it */
        assert_int_equal(prefix_bounds(p, n, bounds, nb - 1), nb);
    nb = prefix_bounds(p, n, bounds, 2 * n);
    /* the same prefixes with answers (each its first index + 1): the longest that holds an address answers */
    sc_range *nr = malloc(n * sizeof *nr);
    uint32_t *nbound = malloc(2 * n * sizeof *nbound), *nans = malloc(2 * n * sizeof *nans);
    assert_non_null(nr), assert_non_null(nbound), assert_non_null(nans);
    for (size_t i = 0; i < n; i++) {
        size_t first = 0;
        while (net[first] != net[i] || plen[first] != plen[i])
            first++;
        nr[i] = (sc_range){.lo = net[i], .end = (uint64_t)net[i] + ((uint64_t)1 << (32 - plen[i])), .answer = (uint32_t)first + 1};
    }
    size_t nn = sc_bounds_nested(nr, n, nbound, nans, 2 * n);
    assert_true(nn <= 2 * n);
    for (size_t i = 1; i < nn; i++)
        assert_true(nbound[i - 1] < nbound[i] && nans[i - 1] != nans[i]);
    assert_int_equal(f.size, SC_FLAT4_ROOT_BYTES + f.nodes * SC_FLAT4_NODE_BYTES + f.leaves * SC_FLAT4_LEAF_BYTES);
    assert_int_equal(f.size % 8, 0);
    uint8_t b[4];
    for (size_t i = 0; i < n; i++) { /* first and last address of each prefix, and past them */
        uint32_t first = net[i], last = net[i] | ~mask(plen[i]);
        uint32_t probe[4] = {first, last, first - 1, last + 1};
        for (int k = 0; k < 4; k++) {
            to_bytes(probe[k], b);
            assert_int_equal(sc_flat4_contains(&f, b), brute(net, plen, n, probe[k]));
            assert_int_equal(by_bounds(bounds, nb, probe[k]), brute(net, plen, n, probe[k]));
            assert_int_equal(by_nested(nbound, nans, nn, probe[k]), longest(net, plen, n, probe[k]));
        }
    }
    for (int k = 0; k < 20000; k++) {
        uint32_t a = (uint32_t)(9 + rnd(&seed) % 5) << 24 | (rnd(&seed) & 0x3ffff);
        to_bytes(a, b);
        assert_int_equal(sc_flat4_contains(&f, b), brute(net, plen, n, a));
        assert_int_equal(by_bounds(bounds, nb, a), brute(net, plen, n, a));
        assert_int_equal(by_nested(nbound, nans, nn, a), longest(net, plen, n, a));
    }
    sc_flat4_free(&f);
    free(net), free(plen), free(p), free(bounds), free(nr), free(nbound), free(nans);
}

static void test_random_sets(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 40; seed++)
        check_random_set(seed * 0x9e3779b97f4a7c15ull, 1 + (size_t)(seed * 37) % 600);
}

typedef struct listed {
    sc_flat4_prefix p[4096];
    size_t n;
    uint32_t last_end; /* one past the last address listed, to check the order */
} listed;

static void collect(void *arg, const uint8_t b[4], unsigned plen)
{
    listed *l = arg;
    uint32_t a = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
    assert_int_equal(a & ~mask(plen), 0); /* aligned: no bits past the length */
    assert_true(l->n == 0 || a >= l->last_end);
    l->last_end = a + ~mask(plen) + 1;
    assert_true(l->n < sizeof l->p / sizeof *l->p);
    memcpy(l->p[l->n].b, b, 4);
    l->p[l->n++].plen = (uint8_t)plen;
}

/* Bounds at the ends of the address space, and runs that touch or nest merged; ranges
 * of ports as the compiler gives a set's. */
static void test_bounds_edges(void **state)
{
    (void)state;
    uint32_t b[8];
    sc_flat4_prefix all[] = {{{10, 0, 0, 0}, 8}, {{0, 0, 0, 0}, 0}};
    assert_int_equal(prefix_bounds(all, 2, b, 8), 1); /* from 0.0.0.0 on: no end bound */
    assert_int_equal(b[0], 0);
    sc_flat4_prefix last[] = {{{255, 255, 255, 255}, 32}, {{0, 0, 0, 0}, 32}};
    assert_int_equal(prefix_bounds(last, 2, b, 8), 3);
    assert_int_equal(b[0], 0), assert_int_equal(b[1], 1), assert_int_equal(b[2], 0xffffffffu);
    sc_flat4_prefix runs[] = {{{10, 0, 0, 128}, 25}, {{10, 0, 1, 0}, 24}, {{10, 0, 0, 0}, 25}, {{10, 0, 0, 7}, 32},
                              {{10, 0, 3, 0}, 24}};
    assert_int_equal(prefix_bounds(runs, 5, b, 8), 4); /* 10.0.0.0-10.0.1.255, 10.0.3.0/24 */
    assert_int_equal(b[0], 0x0a000000u), assert_int_equal(b[1], 0x0a000200u);
    assert_int_equal(b[2], 0x0a000300u), assert_int_equal(b[3], 0x0a000400u);
    assert_int_equal(prefix_bounds(runs, 5, b, 3), 4);
    assert_int_equal(prefix_bounds(NULL, 0, b, 0), 0);
    sc_range ports[] = {{.lo = 8000, .end = 8100}, {.lo = 443, .end = 444},   {.lo = 80, .end = 81},
                        {.lo = 8050, .end = 8200}, {.lo = 65535, .end = 65536}, {.lo = 81, .end = 82}};
    assert_int_equal(sc_bounds(ports, 6, b, 8), 8); /* 80-81, 443, 8000-8199, 65535 */
    static const uint32_t want[8] = {80, 82, 443, 444, 8000, 8200, 65535, 65536};
    assert_memory_equal(b, want, sizeof want);
    assert_int_equal(sc_bounds(ports, 6, b, 7), 8);
}

/* Listing gives the same members, in order, merged into the fewest aligned prefixes;
 * built again from the list, the trie answers the same for every probe. */
static void test_each(void **state)
{
    (void)state;
    sc_flat4_prefix halves[] = {{{10, 0, 0, 128}, 25}, {{10, 0, 0, 0}, 25}, {{10, 1, 0, 0}, 16}, {{10, 0, 0, 0}, 16},
                                {{10, 2, 7, 4}, 31}, {{10, 2, 7, 6}, 31}};
    sc_flat4 f;
    assert_int_equal(sc_flat4_build(halves, 6, SC_FLAT4_MAX_BYTES, &f), 0);
    static listed l;
    l.n = 0;
    sc_flat4_each(&f, collect, &l);
    assert_int_equal(l.n, 2); /* 10.0.0.0/15 (the /25s are under it) and 10.2.7.4/30 */
    assert_memory_equal(l.p[0].b, ((uint8_t[]){10, 0, 0, 0}), 4);
    assert_int_equal(l.p[0].plen, 15);
    assert_memory_equal(l.p[1].b, ((uint8_t[]){10, 2, 7, 4}), 4);
    assert_int_equal(l.p[1].plen, 30);
    sc_flat4_free(&f);

    uint64_t seed = 7;
    for (int round = 0; round < 20; round++) {
        sc_flat4_prefix p[300];
        for (size_t i = 0; i < 300; i++) {
            unsigned plen = 8 + rnd(&seed) % 25;
            uint32_t a = (uint32_t)10 << 24 | (rnd(&seed) % 4) << 16 | (rnd(&seed) & 0xffff);
            to_bytes(a & mask(plen), p[i].b);
            p[i].plen = (uint8_t)plen;
        }
        assert_int_equal(sc_flat4_build(p, 300, SC_FLAT4_MAX_BYTES, &f), 0);
        l.n = 0;
        sc_flat4_each(&f, collect, &l);
        sc_flat4 g;
        assert_int_equal(sc_flat4_build(l.p, l.n, SC_FLAT4_MAX_BYTES, &g), 0);
        for (int k = 0; k < 20000; k++) {
            uint8_t b[4];
            to_bytes((uint32_t)10 << 24 | (rnd(&seed) & 0x3ffff), b);
            assert_int_equal(sc_flat4_contains(&f, b), sc_flat4_contains(&g, b));
        }
        sc_flat4_free(&f);
        sc_flat4_free(&g);
    }
}

/* An image read back from a map is not trusted: offsets past its end are no member,
 * as in the programs, for lookups and for listing. */
static void test_bad_offsets(void **state)
{
    (void)state;
    sc_flat4_prefix p = {{10, 0, 0, 1}, 32};
    sc_flat4 f;
    assert_int_equal(sc_flat4_build(&p, 1, SC_FLAT4_MAX_BYTES, &f), 0);
    uint8_t *root_entry = f.image + 4 * 10; /* 10.0 */
    root_entry[3] = 0x7f;                    /* an offset far past the end */
    assert_false(sc_flat4_contains(&f, (uint8_t[]){10, 0, 0, 1}));
    static listed l;
    l.n = 0;
    sc_flat4_each(&f, collect, &l);
    assert_int_equal(l.n, 0);
    sc_flat4_free(&f);
}

/* A prefix under one that covers it adds nothing; the empty set and /0. */
static void test_covered_and_edges(void **state)
{
    (void)state;
    sc_flat4 f;
    sc_flat4_prefix p[3] = {{{10, 1, 2, 3}, 32}, {{10, 1, 0, 0}, 16}, {{10, 1, 2, 0}, 24}};
    assert_int_equal(sc_flat4_build(p, 3, SC_FLAT4_MAX_BYTES, &f), 0);
    assert_int_equal(f.nodes + f.leaves, 0);
    assert_int_equal(f.size, SC_FLAT4_ROOT_BYTES);
    assert_true(sc_flat4_contains(&f, (uint8_t[]){10, 1, 200, 9}));
    assert_false(sc_flat4_contains(&f, (uint8_t[]){10, 2, 2, 3}));
    sc_flat4_free(&f);
    assert_int_equal(sc_flat4_build(NULL, 0, SC_FLAT4_MAX_BYTES, &f), 0);
    assert_false(sc_flat4_contains(&f, (uint8_t[]){0, 0, 0, 0}));
    sc_flat4_free(&f);
    sc_flat4_prefix all = {{0, 0, 0, 0}, 0};
    assert_int_equal(sc_flat4_build(&all, 1, SC_FLAT4_MAX_BYTES, &f), 0);
    assert_true(sc_flat4_contains(&f, (uint8_t[]){255, 255, 255, 255}));
    sc_flat4_free(&f);
}

/* Past the limit the build stops and says so: 5,000 /32s in distinct /16s need 5,000
 * nodes (5 MiB) and leaves. */
static void test_limit(void **state)
{
    (void)state;
    sc_flat4_prefix *p = calloc(5000, sizeof *p);
    assert_non_null(p);
    for (unsigned i = 0; i < 5000; i++)
        p[i] = (sc_flat4_prefix){{(uint8_t)(i >> 8), (uint8_t)i, 1, 1}, 32};
    sc_flat4 f;
    assert_int_equal(sc_flat4_build(p, 5000, SC_FLAT4_MAX_BYTES, &f), 1);
    assert_null(f.image);
    assert_true(f.size > SC_FLAT4_MAX_BYTES - SC_FLAT4_NODE_BYTES);
    assert_int_equal(sc_flat4_build(p, 5000, 64u << 20, &f), 0);
    assert_int_equal(f.nodes, 5000);
    assert_int_equal(f.leaves, 5000);
    sc_flat4_free(&f);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_sets),
        cmocka_unit_test(test_each),
        cmocka_unit_test(test_bounds_edges),
        cmocka_unit_test(test_bad_offsets),
        cmocka_unit_test(test_covered_and_edges),
        cmocka_unit_test(test_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
