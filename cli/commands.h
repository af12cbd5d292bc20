/* The sockc subcommands. Each takes the arguments after its name (argv[0] is the
 * subcommand) and returns the exit code: 0 ok, 1 policy or operation failed with a
 * message, 2 usage. main.c holds the table that dispatches to them. */
#ifndef SOCKC_CLI_COMMANDS_H
#define SOCKC_CLI_COMMANDS_H

typedef struct cli_env {
    const char *exe;  /* path of the running sockc (finds the build tree's stdlib) */
    int color;        /* stderr is a terminal and NO_COLOR is unset */
    const char *pin_root; /* --pin-root DIR, or NULL: the runtime's default */
} cli_env;

int cmd_compile(int argc, char **argv, const cli_env *env);   /* cmd_compile.c */
int cmd_check(int argc, char **argv, const cli_env *env);     /* cmd_compile.c */
int cmd_apply(int argc, char **argv, const cli_env *env);     /* cmd_runtime.c */
int cmd_detach(int argc, char **argv, const cli_env *env);    /* cmd_runtime.c */
int cmd_status(int argc, char **argv, const cli_env *env);    /* cmd_runtime.c */
int cmd_map(int argc, char **argv, const cli_env *env);       /* cmd_runtime.c */
int cmd_register(int argc, char **argv, const cli_env *env);  /* cmd_runtime.c */
#endif
