/* libFuzzer target: policy source all the way to a BPF object (codegen through
 * LLVM, emit, metadata), sc_compile_source with --emit obj. Slower than
 * fuzz_frontend; it finds what only codegen trips over, such as LLVM errors that must
 * become diagnostics. See fuzz/README.md. */
#include "fuzz_target.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) { return sc_fuzz_init(); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sc_fuzz_check("fuzz_codegen", sc_fuzz_compile(&sc_fuzz_target_env, data, size, SC_EMIT_OBJ));
    return 0;
}
