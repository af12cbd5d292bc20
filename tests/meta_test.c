/* meta_test: fill records through sc_meta_write and sc_meta_parse, with the zero runs
 * (zN.) that keep a flat trie's mostly-empty root small, and the reader's refusals. */
#include "meta.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h> /* cmocka needs these before its header */
#include <cmocka.h>

static void roundtrip(const uint8_t *v, size_t n, const char *expect_text)
{
    sc_meta m = {0};
    assert_int_equal(sc_meta_set(&m.policy, "p"), 0);
    static const uint32_t key = 0;
    assert_int_equal(sc_meta_add_fill(&m, "set__v4", &key, sizeof key, v, n), 0);
    char *buf;
    size_t len;
    assert_int_equal(sc_meta_write(&m, &buf, &len), 0);
    if (expect_text)
        assert_non_null(strstr(buf, expect_text));
    sc_meta back = {0};
    char err[256] = "";
    assert_int_equal(sc_meta_parse(buf, len, &back, err, sizeof err), 0);
    assert_int_equal(back.nfills, 1);
    assert_int_equal(back.fills[0].value_len, n);
    assert_memory_equal(back.fills[0].value, v, n);
    assert_int_equal(back.fills[0].key_len, 4);
    free(buf);
    sc_meta_free(&m);
    sc_meta_free(&back);
}

static void test_zero_runs(void **state)
{
    (void)state;
    uint8_t v[64];
    for (size_t zeros = 0; zeros <= 20; zeros++)
        for (size_t at = 0; at + zeros <= sizeof v; at += 7) {
            memset(v, 0xab, sizeof v);
            memset(v + at, 0, zeros);
            roundtrip(v, sizeof v, NULL);
        }
    memset(v, 0, sizeof v);
    v[9] = 1;
    roundtrip(v, 10, " 00000000 z9.01\n"); /* 4 zero bytes (the key) stay hex */
    v[0] = 0xff;
    roundtrip(v, 3, " 00000000 ff0000\n");
    uint8_t *big = calloc(1, 300000);
    assert_non_null(big);
    big[299999] = 7;
    roundtrip(big, 300000, " 00000000 z299999.07\n");
    free(big);
}

static void refused(const char *fill)
{
    char text[512];
    snprintf(text, sizeof text, "sockc-object 1\npolicy p\n%s\n", fill);
    sc_meta m = {0};
    char err[256] = "";
    assert_int_not_equal(sc_meta_parse(text, strlen(text), &m, err, sizeof err), 0);
    assert_non_null(strstr(err, "bad hex"));
    sc_meta_free(&m);
}

static void test_bad_runs(void **state)
{
    (void)state;
    refused("fill m 00 z4");                 /* no dot */
    refused("fill m 00 z.00");               /* no count */
    refused("fill m 00 zx.");                /* not a number */
    refused("fill m 00 z99999999999999999999.");
    refused("fill m 00 z268435457.");        /* past 256 MiB */
    refused("fill m 00 0");                  /* half a byte */
    refused("fill m z200000000. z100000000."); /* 300 MiB together */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zero_runs),
        cmocka_unit_test(test_bad_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
