/* sockc compile / sockc check. */
#include "commands.h"
#include "sockc/compiler.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "sockc: %s%s%s\nusage: sockc compile POLICY.sp [-o OUT] [--emit obj|llvm|asm|plan] [--allow-import-outside]\n"
                    "       sockc check POLICY.sp [--allow-import-outside]\n",
            msg, arg ? ": " : "", arg ? arg : "");
    return SC_EUSAGE;
}

static int write_out(const char *path, const sc_output *o)
{
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    if (!f) {
        perror(path);
        return SC_EPOLICY;
    }
    size_t n = fwrite(o->data, 1, o->len, f);
    int bad = n != o->len;
    if (f != stdout)
        bad |= fclose(f) != 0;
    if (bad) {
        fprintf(stderr, "sockc: cannot write '%s'\n", path);
        return SC_EPOLICY;
    }
    return SC_OK;
}

/* out.o next to nothing: the policy file's name with .o (in the current directory). */
static void default_output(const char *src, char *buf, size_t len)
{
    const char *base = strrchr(src, '/') ? strrchr(src, '/') + 1 : src;
    size_t n = strlen(base);
    if (n > 3 && strcmp(base + n - 3, ".sp") == 0)
        n -= 3;
    snprintf(buf, len, "%.*s.o", (int)n, base);
}

static int run(int argc, char **argv, const cli_env *env, int check_only)
{
    const char *src = NULL, *out = NULL;
    sc_compile_opts o = {.emit = check_only ? SC_EMIT_NONE : SC_EMIT_OBJ, .color = env->color, .exe_path = env->exe};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: sockc compile POLICY.sp [-o OUT] [--emit obj|llvm|asm|plan]\n"
                   "       sockc check POLICY.sp\n"
                   "  -o OUT      where the output goes ('-' for stdout); default POLICY.o, or stdout for text\n"
                   "  --emit K    obj (default): a BPF object for libbpf and `sockc apply`;\n"
                   "              llvm: LLVM IR; asm: BPF assembly; plan: the programs and how each set is lowered\n"
                   "  --allow-import-outside  imports may leave the policy's directory and the stdlib\n"
                   "Policy files (and imports) that other users can write are refused.\n"
                   "Exit codes: 0 ok, 1 policy errors (reported with file:line:col), 2 usage.\n");
            return SC_OK;
        } else if (strcmp(argv[i], "--allow-import-outside") == 0) {
            o.allow_outside_imports = true;
        } else if (!check_only && strcmp(argv[i], "-o") == 0) {
            if (++i == argc)
                return usage_error("-o needs a file name", NULL);
            out = argv[i];
        } else if (!check_only && (strcmp(argv[i], "--emit") == 0 || strncmp(argv[i], "--emit=", 7) == 0)) {
            const char *k = argv[i][6] == '=' ? argv[i] + 7 : ++i < argc ? argv[i] : NULL;
            if (!k)
                return usage_error("--emit needs obj, llvm, asm or plan", NULL);
            if (strcmp(k, "obj") == 0)
                o.emit = SC_EMIT_OBJ;
            else if (strcmp(k, "llvm") == 0)
                o.emit = SC_EMIT_LLVM;
            else if (strcmp(k, "asm") == 0)
                o.emit = SC_EMIT_ASM;
            else if (strcmp(k, "plan") == 0)
                o.emit = SC_EMIT_PLAN;
            else
                return usage_error("--emit takes obj, llvm, asm or plan, not", k);
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage_error("unknown option", argv[i]);
        } else if (src) {
            return usage_error("one policy file at a time; also given", argv[i]);
        } else {
            src = argv[i];
        }
    }
    if (!src)
        return usage_error("no policy file given", NULL);
    sc_output res;
    int rc = sc_compile_file(src, &o, &res);
    if (rc != SC_OK)
        return rc == SC_EINTERNAL ? SC_EPOLICY : rc;
    if (!check_only) {
        char def[4096];
        if (!out && o.emit == SC_EMIT_OBJ) {
            default_output(src, def, sizeof def);
            out = def;
        }
        rc = write_out(out ? out : "-", &res);
    }
    sc_output_free(&res);
    return rc;
}

int cmd_compile(int argc, char **argv, const cli_env *env) { return run(argc, argv, env, 0); }
int cmd_check(int argc, char **argv, const cli_env *env) { return run(argc, argv, env, 1); }
