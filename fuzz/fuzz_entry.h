/* fuzz_entry: the checks each fuzz target makes on one input, shared by the libFuzzer
 * targets (fuzz/fuzz_*.c) and the regression replay (tests/fuzz_regress.c), which is
 * built without libFuzzer. Each function returns NULL when the input was handled
 * cleanly, or a message naming the broken invariant; a crash, leak or UB is caught
 * by the sanitizers instead. */
#ifndef SOCKC_FUZZ_ENTRY_H
#define SOCKC_FUZZ_ENTRY_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sockc/compiler.h"

typedef struct sc_fuzz_env {
    const char *stdlib_dir; /* the source tree's stdlib/ */
    const char *path;       /* the name the input gets: relative imports resolve next to it */
    FILE *diag;             /* diagnostics sink (/dev/null) */
} sc_fuzz_env;

/* Policy source through sc_compile_source with the given emit. Invariants: the result
 * is SC_OK or SC_EPOLICY; SC_OK output is non-empty (text outputs NUL-terminated at
 * len) with a policy name; an SC_EMIT_OBJ object carries .sockc metadata that
 * sc_meta_from_object reads back, naming the same policy, and every cgroup path in it
 * is one the source wrote, whole. */
const char *sc_fuzz_compile(const sc_fuzz_env *env, const uint8_t *data, size_t size, sc_emit emit);

/* Metadata text through sc_meta_parse. Invariants: the result is 0 or -1, -1 comes
 * with a message, and a parsed record survives sc_meta_write -> sc_meta_parse
 * unchanged (the runtime stores parsed metadata that way, runtime/state.c). */
const char *sc_fuzz_meta(const uint8_t *data, size_t size);

/* Object bytes through sc_meta_from_object (libelf). Invariants: 0 or -1 with a
 * message, and the input buffer is left unchanged. */
const char *sc_fuzz_object(const uint8_t *data, size_t size);
#endif
