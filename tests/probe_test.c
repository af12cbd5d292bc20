/* probe_test: the probe-table builder (common/probe.c) against the layout it promises
 * (layout.h): every entry found with its value within P slots of its home, keys it
 * does not hold missed, the sizes and limits, and a search that never reads past an
 * image it is handed. */
#include "layout.h"
#include "probe.h"

#include <stdarg.h>
#include <stdbool.h>
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

typedef struct table {
    uint8_t *keys, *values;
    size_t n;
    unsigned ks, vs;
} table;

/* n distinct keys of ks bytes, structured like addresses (a few /16s, sequential
 * runs, ports) so that the hash meets more than random bits; values whose action
 * word is 1..3. */
static table make(uint64_t seed, size_t n, unsigned ks, unsigned vs)
{
    table t = {calloc(n + 1, ks), calloc(n + 1, vs), 0, ks, vs};
    assert_non_null(t.keys), assert_non_null(t.values);
    while (t.n < n) {
        uint8_t *k = t.keys + t.n * ks;
        for (unsigned i = 0; i < ks; i += 4) {
            uint32_t w = rnd(&seed) % 2 ? 0x0a000000u | (uint32_t)t.n : rnd(&seed);
            memcpy(k + i, &w, 4);
        }
        if (ks >= 8 && rnd(&seed) % 2) /* a port word: few distinct values */
            memset(k + ks - 4, 0, 4), k[ks - 3] = (uint8_t)(rnd(&seed) % 4);
        bool dup = false;
        for (size_t j = t.n > 64 ? t.n - 64 : 0; j < t.n && !dup; j++) /* nearby duplicates are the likely ones */
            dup = memcmp(t.keys + j * ks, k, ks) == 0;
        if (dup)
            continue;
        uint8_t *v = t.values + t.n * vs;
        for (unsigned i = 0; i < vs; i++)
            v[i] = (uint8_t)rnd(&seed);
        memset(v + SC_TV_ACTION, 0, 4);
        v[SC_TV_ACTION] = (uint8_t)(1 + t.n % 3);
        t.n++;
    }
    return t;
}

static void check(const table *t, const sc_probe *p, uint64_t seed)
{
    size_t slots = t->n ? 2 * t->n : 1;
    assert_int_equal(p->slots, slots);
    assert_int_equal(p->slot_size, t->ks + t->vs);
    assert_int_equal(p->size, ((size_t)p->slots + p->probes) * p->slot_size);
    assert_true(p->probes >= 1 && p->probes <= SC_PROBE_MAX_PROBES);
    size_t most = 0, used = 0;
    for (size_t i = 0; i < t->n; i++) {
        const uint8_t *k = t->keys + i * t->ks;
        const uint8_t *v = sc_probe_find(p, k);
        assert_non_null(v);
        assert_memory_equal(v, t->values + i * t->vs, t->vs);
        size_t at = (size_t)(v - p->image) / p->slot_size, home = sc_probe_home(k, t->ks, p->mult, p->slots);
        assert_true(at >= home && at - home < p->probes);
        most = at - home > most ? at - home : most;
    }
    assert_int_equal(most + 1, p->probes); /* P is the longest walk, no more */
    for (size_t s = 0; s < p->size / p->slot_size; s++)
        used += p->image[s * p->slot_size + t->ks + SC_TV_ACTION] != 0;
    assert_int_equal(used, t->n);
    assert_int_equal(p->image[p->size - p->slot_size + t->ks + SC_TV_ACTION], 0); /* the verifier's spare slot */
    uint8_t *k = malloc(t->ks);
    for (int i = 0; i < 2000; i++) { /* keys not in the table */
        for (unsigned w = 0; w < t->ks; w++)
            k[w] = (uint8_t)rnd(&seed);
        bool in = false;
        for (size_t j = 0; j < t->n && !in; j++)
            in = memcmp(t->keys + j * t->ks, k, t->ks) == 0;
        assert_true(in == (sc_probe_find(p, k) != NULL));
    }
    free(k);
}

/* Every key size the tables have (an address word or four, a port word, both), at
 * sizes from one entry up. */
static void test_shapes(void **state)
{
    (void)state;
    static const unsigned ks[] = {4, 8, 16, 20};
    static const size_t ns[] = {1, 2, 8, 100, 1000, 20000};
    for (size_t a = 0; a < sizeof ks / sizeof *ks; a++)
        for (size_t b = 0; b < sizeof ns / sizeof *ns; b++) {
            unsigned vs = ks[a] >= 16 ? 28 : 16;
            table t = make(a * 100 + b + 1, ns[b], ks[a], vs);
            sc_probe p;
            assert_int_equal(sc_probe_build(t.keys, t.values, t.n, t.ks, t.vs, SC_PROBE_MAX_BYTES, &p), 0);
            check(&t, &p, b + 7);
            /* the same entries give the same image */
            sc_probe q;
            assert_int_equal(sc_probe_build(t.keys, t.values, t.n, t.ks, t.vs, SC_PROBE_MAX_BYTES, &q), 0);
            assert_int_equal(q.size, p.size);
            assert_memory_equal(q.image, p.image, p.size);
            sc_probe_free(&p), sc_probe_free(&q);
            free(t.keys), free(t.values);
        }
}

/* Past the bytes it may take, the table shrinks to 5n/4 slots, then there is none;
 * 100,000 endpoint keys (24-byte slots) still fit in 4 MiB. */
static void test_limits(void **state)
{
    (void)state;
    table t = make(42, 100000, 8, 16);
    sc_probe p;
    assert_int_equal(sc_probe_build(t.keys, t.values, t.n, 8, 16, SC_PROBE_MAX_BYTES, &p), 0);
    assert_int_equal(p.slots, SC_PROBE_MAX_BYTES / 24 - SC_PROBE_MAX_PROBES);
    assert_true(p.size <= SC_PROBE_MAX_BYTES);
    assert_true(p.probes <= 16);
    sc_probe_free(&p);
    assert_int_equal(sc_probe_build(t.keys, t.values, t.n, 8, 16, 2u << 20, &p), 1);
    assert_int_equal(p.slots, 0);
    assert_null(p.image);
    assert_int_equal(sc_probe_build(t.keys, t.values, 0, 8, 16, 10, &p), 1); /* not even one slot */
    free(t.keys), free(t.values);
}

/* An image read back from a map: a search stops at its end, whatever the header says. */
static void test_truncated(void **state)
{
    (void)state;
    table t = make(9, 50, 8, 16);
    sc_probe p;
    assert_int_equal(sc_probe_build(t.keys, t.values, t.n, 8, 16, SC_PROBE_MAX_BYTES, &p), 0);
    size_t full = p.size;
    size_t found = 0;
    for (p.size = 0; p.size < full; p.size += 8) /* not a whole number of slots either */
        for (size_t i = 0; i < t.n; i++) {
            const uint8_t *v = sc_probe_find(&p, t.keys + i * 8);
            assert_true(!v || (size_t)(v - p.image) + 16 <= p.size);
            found += v != NULL;
        }
    assert_true(found > 0);
    p.size = full;
    p.slot_size = 8; /* no room for the action word */
    assert_null(sc_probe_find(&p, t.keys));
    sc_probe_free(&p);
    free(t.keys), free(t.values);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_truncated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
