/* seed_object: compiles policies to BPF objects for fuzz_meta's seed corpus
 * (fuzz/run.sh). Only the compiler library: the seeds do not wait on the CLI or the
 * runtime building.  Usage: seed_object STDLIB_DIR OUT_DIR POLICY.sp... */
#include <stdio.h>
#include <string.h>

#include "sockc/compiler.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: seed_object STDLIB_DIR OUT_DIR POLICY.sp...\n");
        return 2;
    }
    FILE *null = fopen("/dev/null", "w");
    int made = 0;
    for (int i = 3; i < argc; i++) {
        sc_compile_opts opts = {.emit = SC_EMIT_OBJ, .diag = null, .stdlib_dir = argv[1]};
        sc_output out;
        if (sc_compile_file(argv[i], &opts, &out) != SC_OK)
            continue;
        const char *base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
        char path[4096];
        snprintf(path, sizeof path, "%s/%.*s.o", argv[2], (int)(strcspn(base, ".")), base);
        FILE *f = fopen(path, "wb");
        if (f && fwrite(out.data, 1, out.len, f) == out.len)
            made++;
        if (f)
            fclose(f);
        sc_output_free(&out);
    }
    if (null)
        fclose(null);
    printf("seed_object: %d objects\n", made);
    return 0;
}
