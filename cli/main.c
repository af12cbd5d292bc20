/* sockc: compile and apply socket policies. One table row per subcommand. */
#include "commands.h"
#include "diag.h"
#include "sockc/compiler.h"
#include "sockc/runtime.h"

#include <llvm-c/ErrorHandling.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv, const cli_env *env);
    const char *args, *summary;
} command;

static const command commands[] = {
    {"compile", cmd_compile, "POLICY.sp [-o OUT] [--emit obj|llvm|asm|plan]", "compile a policy to a BPF object"},
    {"check", cmd_check, "POLICY.sp", "check a policy and report every error, without emitting"},
    {"apply", cmd_apply, "[--cgroup PATH]... [--netns PATH] POLICY.sp|POLICY.o", "load, attach and pin a policy (replaces one of the same name)"},
    {"detach", cmd_detach, "POLICY", "remove a policy and everything it attached and pinned"},
    {"status", cmd_status, "[--json]", "list applied policies, their programs, cgroups and maps"},
    {"map", cmd_map, "POLICY MAP list|get KEY|set KEY VALUE|delete KEY; POLICY SET list",
     "read and write a policy's maps; list a set's members"},
    {"register", cmd_register, "POLICY MAP KEY (--pid PID (--fd FD | --listen ADDR:PORT) | --listen-fds)",
     "put a process's socket, or one systemd passed, into a socket map"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: sockc COMMAND [ARGS]\n\nCommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-8s %s\n           %s\n", commands[i].name, commands[i].args, commands[i].summary);
    fprintf(f, "\nOptions: --help, --version; before the command, --pin-root DIR: keep policies under DIR, a\n"
               "directory on a bpf filesystem, instead of " SC_RT_PIN_ROOT " (apply, detach, status, map, register).\n"
               "Exit codes: 0 success, 1 the policy or the operation failed (a message says why), 2 usage error.\n"
               "See docs/language.md for the policy language.\n");
}

/* LLVM ends the process on a few errors instead of returning them, and would abort
 * with a crash report. The one a policy can reach: a program so large that a jump in
 * it spans more than the 32,767 instructions a BPF branch reaches. Nothing has been
 * applied at that point; say what happened and fail as any policy error does. */
static void llvm_fatal(const char *reason)
{
    fprintf(stderr, "sockc: error: LLVM cannot compile this policy: %s\n", reason);
    if (strstr(reason, "out of insn range"))
        fprintf(stderr, "  a program is too large for BPF's 16-bit jumps; `sockc compile --emit plan` shows\n"
                        "  which rules are tables (a run of 8 or more `if FIELD == VALUE` rules is one lookup)\n"
                        "  and which are compiled one by one\n");
    _exit(strstr(reason, "out of insn range") ? SC_EPOLICY : SC_EINTERNAL);
}

int main(int argc, char **argv)
{
    LLVMInstallFatalErrorHandler(llvm_fatal);
    cli_env env = {.exe = argv[0], .color = isatty(2) && !getenv("NO_COLOR")};
    if (argc < 2) {
        usage(stderr);
        return SC_EUSAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("sockc %s\n", SOCKC_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "--pin-root") == 0 || strncmp(argv[1], "--pin-root=", 11) == 0) {
        int take = argv[1][10] == '=' ? 1 : 2;
        env.pin_root = take == 1 ? argv[1] + 11 : argc > 2 ? argv[2] : NULL;
        if (!env.pin_root || !*env.pin_root || argc <= take + 1) {
            fprintf(stderr, "usage: sockc --pin-root DIR COMMAND [ARGS]\n");
            return SC_EUSAGE;
        }
        argc -= take, argv += take;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1, &env);
    const char *names[sizeof commands / sizeof commands[0]];
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        names[i] = commands[i].name;
    const char *best = sc_closest(argv[1], names, sizeof names / sizeof names[0]);
    if (best)
        fprintf(stderr, "sockc: unknown command '%s'; did you mean '%s'?\n", argv[1], best);
    else
        fprintf(stderr, "sockc: unknown command '%s'\n", argv[1]);
    fprintf(stderr, "Run 'sockc --help' for the commands.\n");
    return SC_EUSAGE;
}
