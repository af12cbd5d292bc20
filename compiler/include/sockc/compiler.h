/* sockc compiler: policy source -> BPF object (or LLVM IR, BPF assembly, the plan).
 * Diagnostics go to opts->diag (file:line:col, the source line, a caret). */
#ifndef SOCKC_COMPILER_H
#define SOCKC_COMPILER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define SOCKC_VERSION "0.1.0"

typedef enum sc_emit {
    SC_EMIT_OBJ,   /* ELF BPF object for libbpf */
    SC_EMIT_LLVM,  /* LLVM IR text */
    SC_EMIT_ASM,   /* BPF assembly text */
    SC_EMIT_PLAN,  /* the plan: programs, rules, how each set is lowered */
    SC_EMIT_NONE,  /* check only (`sockc check`) */
} sc_emit;

typedef struct sc_compile_opts {
    sc_emit emit;
    FILE *diag;              /* where diagnostics go; NULL = stderr */
    bool color;              /* ANSI colours in diagnostics */
    const char *stdlib_dir;  /* NULL = next to the executable, then the install dir */
    const char *exe_path;    /* argv[0]-derived path, to find the build tree's stdlib */
    bool allow_outside_imports; /* imports may leave the policy's directory and the stdlib */
} sc_compile_opts;

typedef struct sc_output {
    char *data; /* malloc'ed; for text outputs NUL-terminated */
    size_t len;
    char *policy_name; /* malloc'ed */
} sc_output;

/* Result codes, also the CLI's exit codes. */
enum { SC_OK = 0, SC_EPOLICY = 1, SC_EUSAGE = 2, SC_EINTERNAL = 3 };

/* Compiles the policy at path. Returns SC_OK, SC_EPOLICY (diagnostics printed) or
 * SC_EINTERNAL. out is filled on SC_OK and must be freed with sc_output_free. */
int sc_compile_file(const char *path, const sc_compile_opts *opts, sc_output *out);
/* The same for source text held in memory (path names it in diagnostics). */
int sc_compile_source(const char *path, const char *text, size_t len, const sc_compile_opts *opts, sc_output *out);
void sc_output_free(sc_output *out);
#endif
