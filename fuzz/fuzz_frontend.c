/* libFuzzer target: policy source through the front end (lexer, parser, resolve,
 * check, plan), sc_compile_source with --emit plan. See fuzz/README.md. */
#include "fuzz_target.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) { return sc_fuzz_init(); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sc_fuzz_check("fuzz_frontend", sc_fuzz_compile(&sc_fuzz_target_env, data, size, SC_EMIT_PLAN));
    return 0;
}
