/* What the libFuzzer targets share: one environment per process, and an abort when
 * an input breaks an invariant (so libFuzzer saves it as a crash). */
#ifndef SOCKC_FUZZ_TARGET_H
#define SOCKC_FUZZ_TARGET_H
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_entry.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sc_fuzz_env sc_fuzz_target_env;

/* Diagnostics go to /dev/null (opened once per process); the input is named as if
 * it sat in tests/diag/, so relative imports ("cycle/a") and std/ imports resolve. */
static inline int sc_fuzz_init(void)
{
    sc_fuzz_target_env.stdlib_dir = SOCKC_SOURCE_DIR "/stdlib";
    sc_fuzz_target_env.path = SOCKC_SOURCE_DIR "/tests/diag/fuzz-input.sp";
    sc_fuzz_target_env.diag = fopen("/dev/null", "w");
    if (!sc_fuzz_target_env.diag) {
        perror("/dev/null");
        abort();
    }
    return 0;
}

static inline void sc_fuzz_check(const char *what, const char *bad)
{
    if (bad) {
        fprintf(stderr, "%s: %s\n", what, bad);
        abort();
    }
}
#endif
