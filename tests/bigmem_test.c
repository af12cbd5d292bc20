/* bigmem_test: sc_big_realloc keeps a buffer's bytes as it grows from a KiB to 64 MiB
 * through realloc's sizes and its own, hands back the same block when it is already
 * large enough (and is realloc below SC_BIG_MIN), and marks the mapping of a big block
 * for huge pages (VmFlags "hg" in /proc/self/smaps). */
#include "bigmem.h"

#include <malloc.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h> /* cmocka needs these before its header */
#include <cmocka.h>

static uint8_t byte_at(size_t i) { return (uint8_t)(i * 2654435761u >> 13); }

static void test_grows_and_keeps(void **state)
{
    (void)state;
    uint8_t *p = NULL;
    size_t filled = 0;
    for (size_t n = 1024; n <= (64u << 20); n = n * 3 / 2 + 17) {
        p = sc_big_realloc(p, n);
        assert_non_null(p);
        assert_true(malloc_usable_size(p) >= n);
        for (size_t i = 0; i < filled; i++)
            if (p[i] != byte_at(i))
                fail_msg("byte %zu lost growing to %zu", i, n);
        for (size_t i = filled; i < n; i++)
            p[i] = byte_at(i);
        filled = n;
    }
    free(p);
}

static void test_large_enough_is_kept(void **state)
{
    (void)state;
    char *p = sc_big_realloc(NULL, SC_BIG_MIN + 1);
    assert_non_null(p);
    memset(p, 7, 1000);
    assert_ptr_equal(sc_big_realloc(p, SC_BIG_MIN + 2), p); /* rounded up to 2 MiB pages */
    p = sc_big_realloc(p, 1000); /* smaller than SC_BIG_MIN: realloc's, which may move it */
    assert_non_null(p);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(p[i], 7);
    free(p);
}

/* The VmFlags of the mapping that holds addr. */
static int vm_flags(const void *addr, char *flags, size_t len)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f)
        return -1;
    char line[512];
    int in = 0, rc = -1;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
            in = (uintptr_t)addr >= lo && (uintptr_t)addr < hi;
        else if (in && strncmp(line, "VmFlags:", 8) == 0) {
            strncpy(flags, line + 8, len - 1), flags[len - 1] = 0;
            rc = 0;
            break;
        }
    }
    fclose(f);
    return rc;
}

static void test_hinted(void **state)
{
    (void)state;
    char *p = sc_big_realloc(NULL, 16u << 20), flags[512];
    assert_non_null(p);
    assert_int_equal(vm_flags(p + (8u << 20), flags, sizeof flags), 0);
    if (!strstr(flags, " hg"))
        fail_msg("a 16 MiB block is not marked for huge pages: VmFlags%s", flags);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grows_and_keeps),
        cmocka_unit_test(test_large_enough_is_kept),
        cmocka_unit_test(test_hinted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
