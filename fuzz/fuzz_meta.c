/* libFuzzer target: the object reader. Every input goes through sc_meta_parse (the
 * .sockc section text; also what the runtime reads back from bpffs) and through
 * sc_meta_from_object (an ELF object, via libelf). See fuzz/README.md. */
#include "fuzz_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sc_fuzz_check("fuzz_meta: sc_meta_parse", sc_fuzz_meta(data, size));
    sc_fuzz_check("fuzz_meta: sc_meta_from_object", sc_fuzz_object(data, size));
    return 0;
}
