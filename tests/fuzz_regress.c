/* Replays every file in fuzz/regressions/ (or the directory given as argv[1])
 * through the fuzz targets' checks (fuzz/fuzz_entry.c): the policy compiler with
 * --emit plan and --emit obj (the result must be SC_OK or SC_EPOLICY), sc_meta_parse
 * and sc_meta_from_object (0 or -1). Each input goes through all of them: a file
 * found by one target must not trip another either. A crash fails the test with the
 * file named on the line before it; under ASan/UBSan (scripts/sanitize.sh) with
 * the stack. Plain C, not cmocka: cmocka's signal handler would hide that stack. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_entry.h"

static const char *regress_dir = SOCKC_SOURCE_DIR "/fuzz/regressions";

/* Regressions too large for a file in git, generated here: HEAD, then BODY repeated
 * COUNT times, then TAIL. */
static const struct synthetic {
    const char *name, *head, *body, *tail;
    size_t count;
} synthetic[] = {
    /* A left-deep `and` chain (3.6 MB, under the 16 MiB file limit): the parser builds
     * it with a flat stack, check_expr recursed once per term and overflowed the
     * stack (SIGSEGV without sanitizers; ASan already at 20,000 terms). */
    {"synthetic-frontend-and-chain-200000", "policy \"p\";\non connect { if ", "dst.port == 1 and ",
     "dst.port == 1 { deny; } }\n", 200000},
    /* Else-if chains, read arm by arm with a flat stack and checked arm by arm: one whose
     * arms end the program is rules in turn (one table), one whose arms go on is an
     * error past SC_MAX_CHAIN_ARMS; neither goes down the chain one call per arm. */
    {"synthetic-frontend-else-if-200000", "policy \"p\";\non connect { if dst.port == 1 { deny; } ",
     "else if dst.port == 1 { deny; } ", "}\n", 200000},
    {"synthetic-frontend-else-if-goes-on-200000", "policy \"p\";\non connect { if uid == 1 { rewrite dst.port 2; } ",
     "else if uid == 1 { rewrite dst.port 2; } ", "}\n", 200000},
    /* Parentheses nested past bison's stack (YYMAXDEPTH): must stay a clean error. */
    {"synthetic-frontend-parens-20000", "policy \"p\";\non connect { if ", "(", "dst.port == 1", 20000},
};

static uint8_t *make_synthetic(const struct synthetic *y, size_t *len)
{
    size_t hl = strlen(y->head), bl = strlen(y->body), tl = strlen(y->tail);
    size_t n = hl + bl * y->count + tl;
    uint8_t *buf = malloc(n + 1);
    if (!buf)
        return NULL;
    memcpy(buf, y->head, hl);
    for (size_t i = 0; i < y->count; i++)
        memcpy(buf + hl + i * bl, y->body, bl);
    memcpy(buf + hl + y->count * bl, y->tail, tl);
    *len = n;
    return buf;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static uint8_t *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

static int replay_all(void)
{
    DIR *d = opendir(regress_dir);
    if (!d) {
        perror(regress_dir);
        return 1;
    }
    char **names = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0)
            continue;
        char **nn = realloc(names, (n + 1) * sizeof *names);
        if (!nn || !(nn[n] = strdup(e->d_name))) {
            perror("fuzz_regress");
            return 1;
        }
        names = nn;
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);

    FILE *null = fopen("/dev/null", "w");
    if (!null) {
        perror("/dev/null");
        return 1;
    }
    sc_fuzz_env env = {.stdlib_dir = SOCKC_SOURCE_DIR "/stdlib",
                       .path = SOCKC_SOURCE_DIR "/tests/diag/fuzz-input.sp",
                       .diag = null};
    int failures = 0;
    size_t nsyn = sizeof synthetic / sizeof synthetic[0];
    for (size_t i = 0; i < n + nsyn; i++) {
        const char *name = i < n ? names[i] : synthetic[i - n].name;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", regress_dir, name);
        size_t len = 0;
        uint8_t *data = i < n ? read_all(path, &len) : make_synthetic(&synthetic[i - n], &len);
        if (!data) {
            fprintf(stderr, "%s: cannot read\n", path);
            failures++;
            continue;
        }
        struct {
            const char *name;
            int kind;
        } checks[] = {{"compile --emit plan", 0}, {"compile --emit obj", 1}, {"sc_meta_parse", 2},
                      {"sc_meta_from_object", 3}};
        for (size_t c = 0; c < sizeof checks / sizeof checks[0]; c++) {
            /* named before it runs, so a crash is attributed */
            printf("fuzz_regress: %s: %s\n", name, checks[c].name);
            fflush(stdout);
            const char *bad = checks[c].kind == 0   ? sc_fuzz_compile(&env, data, len, SC_EMIT_PLAN)
                              : checks[c].kind == 1 ? sc_fuzz_compile(&env, data, len, SC_EMIT_OBJ)
                              : checks[c].kind == 2 ? sc_fuzz_meta(data, len)
                                                    : sc_fuzz_object(data, len);
            if (bad) {
                printf("FAIL %s: %s: %s\n", name, checks[c].name, bad);
                failures++;
            }
        }
        free(data);
    }
    fclose(null);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    printf("fuzz_regress: %zu inputs, %d failed checks\n", n + nsyn, failures);
    return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        regress_dir = argv[1];
    return replay_all();
}
