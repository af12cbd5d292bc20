/* runtime_cli: the runtime subcommands of `sockc` (cli/cmd_runtime.c) without the
 * compiler, so the runtime's scenario tests run on objects built by clang-19 even
 * while the compiler is not linked in. `sockc-rt apply x.sp` reports that it cannot
 * compile. */
#include "commands.h"
#include "sockc/compiler.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sc_compile_file(const char *path, const sc_compile_opts *opts, sc_output *out)
{
    (void)opts;
    memset(out, 0, sizeof *out);
    fprintf(stderr, "sockc: error: %s: this test driver has no compiler; give a compiled object\n", path);
    return SC_EINTERNAL;
}

void sc_output_free(sc_output *out)
{
    free(out->data);
    free(out->policy_name);
    memset(out, 0, sizeof *out);
}

int main(int argc, char **argv)
{
    cli_env env = {.exe = argv[0], .color = 0};
    if (argc < 2) {
        fprintf(stderr, "usage: %s apply|detach|status|map|register ...\n", argv[0]);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "apply") == 0)
        return cmd_apply(argc - 1, argv + 1, &env);
    if (strcmp(cmd, "detach") == 0)
        return cmd_detach(argc - 1, argv + 1, &env);
    if (strcmp(cmd, "status") == 0)
        return cmd_status(argc - 1, argv + 1, &env);
    if (strcmp(cmd, "map") == 0)
        return cmd_map(argc - 1, argv + 1, &env);
    if (strcmp(cmd, "register") == 0)
        return cmd_register(argc - 1, argv + 1, &env);
    fprintf(stderr, "%s: unknown command '%s'\n", argv[0], cmd);
    return 2;
}
