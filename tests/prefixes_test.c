/* prefixes_test: the plan's prefix trie (compiler/prefixes.c) against brute force, on
 * random sets of IPv4 and IPv6 prefixes and addresses (IPv4 ones in their mapped
 * place), with and without ports, clustered so that members hold, part from and
 * repeat one another: cover (the shortest member holding a prefix, its first tag)
 * and overlap, after every add. */
#include "prefixes.h"

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

/* A random prefix near a few bases: IPv4 (a /0 to /32) or IPv6 (/0 to /128, some of
 * them IPv4-mapped), one of three ports. */
static sc_addr random_prefix(uint64_t *s)
{
    static const uint8_t bases[3][16] = {
        {0x20, 0x01, 0x0d, 0xb8},
        {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1},
        {10, 1, 2, 3},
    };
    sc_addr a = {.family = rnd(s) % 2 ? 4 : 6, .port = (uint16_t)(80 + rnd(s) % 3)};
    memcpy(a.b, bases[rnd(s) % 3], 16);
    if (a.family == 4 && rnd(s) % 4 == 0)
        memset(a.b, 0, 4);
    unsigned max = a.family == 4 ? 32 : 128;
    unsigned r = rnd(s) % 8;
    a.plen = (uint8_t)(r == 0 ? rnd(s) % (max + 1) : r < 4 ? max : max - rnd(s) % 12);
    for (unsigned i = 0; i < 3; i++) { /* flip a few bits near the end */
        unsigned at = max - 1 - rnd(s) % (max < 24 ? max : 24);
        if (rnd(s) % 2)
            a.b[at / 8] ^= (uint8_t)(0x80 >> at % 8);
    }
    return a;
}

/* a's bits in one space (port first when ports), and their number */
static unsigned space(const sc_addr *a, bool ports, uint8_t out[18])
{
    uint8_t v6[16] = {0};
    unsigned plen = a->plen;
    if (a->family == 4) {
        v6[10] = v6[11] = 0xff;
        memcpy(v6 + 12, a->b, 4);
        plen += 96;
    } else {
        memcpy(v6, a->b, 16);
    }
    unsigned at = 0;
    if (ports) {
        out[0] = (uint8_t)(a->port >> 8), out[1] = (uint8_t)a->port;
        at = 2;
    }
    memcpy(out + at, v6, 16);
    return 8 * at + plen;
}

/* Does m hold p (the first len(m) bits alike, m no longer)? */
static bool holds(const sc_addr *m, const sc_addr *p, bool ports)
{
    uint8_t a[18], b[18];
    unsigned lm = space(m, ports, a), lp = space(p, ports, b);
    if (lm > lp)
        return false;
    for (unsigned i = 0; i < lm; i++)
        if ((a[i / 8] ^ b[i / 8]) & (0x80 >> i % 8))
            return false;
    return true;
}

static void check_random(uint64_t seed, bool ports, size_t n)
{
    sc_prefixes s;
    assert_int_equal(sc_prefixes_init(&s, ports), 0);
    sc_addr *m = calloc(n, sizeof *m);
    assert_non_null(m);
    size_t overlaps = 0, covers = 0;
    for (size_t k = 0; k < n; k++) {
        for (int q = 0; q < 8; q++) { /* probes, against the k members so far */
            sc_addr p = random_prefix(&seed);
            int want = -1;
            unsigned best = 999;
            bool over = false;
            for (size_t i = 0; i < k; i++) {
                uint8_t b[18];
                unsigned len = space(&m[i], ports, b);
                if (holds(&m[i], &p, ports) && len < best)
                    best = len, want = (int)i;
                over |= holds(&m[i], &p, ports) || holds(&p, &m[i], ports);
            }
            assert_int_equal(sc_prefixes_cover(&s, &p), want);
            assert_int_equal(sc_prefixes_overlap(&s, &p), over);
            overlaps += over, covers += want >= 0;
        }
        m[k] = random_prefix(&seed);
        assert_int_equal(sc_prefixes_add(&s, &m[k], (int)k), 0);
    }
    assert_true(s.n <= (ports ? 3 : 2) * n + 1);
    /* the probes saw both answers of each question */
    assert_true(covers > 0 && covers < 8 * n && overlaps > covers && overlaps < 8 * n);
    free(m);
    sc_prefixes_free(&s);
}

static void test_random_sets(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 40; seed++)
        check_random(seed * 0x9e3779b97f4a7c15ull, seed % 2, 1 + seed * 7);
}

/* A repeated member keeps its first tag; ::/0 holds everything but ports' members. */
static void test_edges(void **state)
{
    (void)state;
    sc_prefixes s;
    assert_int_equal(sc_prefixes_init(&s, false), 0);
    sc_addr any = {.family = 6}, a = {.family = 4, .plen = 32, .b = {10, 1, 2, 3}};
    assert_false(sc_prefixes_overlap(&s, &any));
    assert_int_equal(sc_prefixes_add(&s, &a, 7), 0);
    assert_int_equal(sc_prefixes_add(&s, &a, 8), 0);
    assert_int_equal(sc_prefixes_cover(&s, &a), 7);
    assert_true(sc_prefixes_overlap(&s, &any));
    assert_int_equal(sc_prefixes_cover(&s, &any), -1);
    assert_int_equal(sc_prefixes_add(&s, &any, 9), 0);
    assert_int_equal(sc_prefixes_cover(&s, &a), 9);
    sc_prefixes_free(&s);

    assert_int_equal(sc_prefixes_init(&s, true), 0);
    sc_addr p80 = a, p81 = a;
    p80.port = 80, p81.port = 81;
    p80.plen = 8;
    assert_int_equal(sc_prefixes_add(&s, &p80, 1), 0);
    assert_int_equal(sc_prefixes_cover(&s, &p81), -1);
    assert_false(sc_prefixes_overlap(&s, &p81));
    p81.port = 80;
    assert_int_equal(sc_prefixes_cover(&s, &p81), 1);
    sc_prefixes_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_sets),
        cmocka_unit_test(test_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
