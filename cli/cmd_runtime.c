/* sockc apply | detach | status | map: argument parsing and printing around the
 * runtime library (runtime/include/sockc/runtime.h). */
#include "commands.h"
#include "sockc/compiler.h"
#include "sockc/runtime.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void error_msg(const cli_env *env, const char *fmt, ...)
{
    va_list ap;
    fputs(env->color ? "sockc: \x1b[1;31merror:\x1b[0m " : "sockc: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static int usage(const char *text)
{
    fprintf(stderr, "usage: %s\n", text);
    return SC_EUSAGE;
}

/* libbpf's own messages go to stderr only with --verbose; the runtime reports
 * failures itself. */
static int libbpf_to_stderr(enum libbpf_print_level level, const char *fmt, va_list ap)
{
    (void)level;
    return vfprintf(stderr, fmt, ap);
}

/* What the runtime repaired of an interrupted sockc (an apply or detach killed
 * midway) before doing this command's work: "sockc: note: ..." lines on stderr. */
static void notes(sc_rt *rt)
{
    const char *n = rt ? sc_rt_notes(rt) : "";
    while (*n) {
        const char *e = strchr(n, '\n');
        int len = e ? (int)(e - n) : (int)strlen(n);
        fprintf(stderr, "sockc: note: %.*s\n", len, n);
        n += len + (e != NULL);
    }
}

static int failed(const cli_env *env, sc_rt *rt)
{
    notes(rt);
    error_msg(env, "%s", sc_rt_error(rt));
    return SC_EPOLICY;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* An object that another user can change is not one for root to load (the compiler
 * applies the same rule to policy sources). *why is set when it is refused. */
static int read_file(const char *path, char **data, size_t *len, const char **why)
{
    *why = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    struct stat st;
    if (fstat(fileno(f), &st) == 0) {
        if (S_ISDIR(st.st_mode))
            *why = "it is a directory";
        else if ((st.st_mode & S_IWOTH) || ((st.st_mode & S_IWGRP) && st.st_gid != 0))
            *why = "it is writable by other users, and sockc runs as root (chmod go-w it)";
        else if (geteuid() == 0 && st.st_uid != 0)
            *why = "it is owned by another user, and sockc runs as root (chown root it)";
        if (*why) {
            fclose(f);
            return -1;
        }
    }
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            char *p = realloc(buf, cap);
            if (!p) {
                free(buf);
                fclose(f);
                errno = ENOMEM;
                return -1;
            }
            buf = p;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    int e = ferror(f) ? EIO : 0;
    fclose(f);
    if (e) {
        free(buf);
        errno = e;
        return -1;
    }
    *data = buf;
    *len = n;
    return 0;
}

#define APPLY_USAGE "sockc apply [--cgroup PATH]... [--netns PATH] [--verbose] POLICY.sp|POLICY.o"

int cmd_apply(int argc, char **argv, const cli_env *env)
{
    const char **cgroups = calloc((size_t)argc + 1, sizeof *cgroups);
    if (!cgroups)
        return SC_EINTERNAL;
    size_t ncg = 0;
    const char *file = NULL, *netns = NULL;
    bool verbose = false, opts_done = false;
    int rc = SC_OK;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!opts_done && strcmp(a, "--") == 0) {
            opts_done = true;
        } else if (!opts_done && (strcmp(a, "--cgroup") == 0 || strcmp(a, "-c") == 0)) {
            if (i + 1 >= argc) {
                free(cgroups);
                return usage(APPLY_USAGE);
            }
            cgroups[ncg++] = argv[++i];
        } else if (!opts_done && strncmp(a, "--cgroup=", 9) == 0) {
            cgroups[ncg++] = a + 9;
        } else if (!opts_done && strcmp(a, "--netns") == 0) {
            if (i + 1 >= argc || !argv[i + 1][0]) {
                free(cgroups);
                return usage(APPLY_USAGE);
            }
            netns = argv[++i];
        } else if (!opts_done && strncmp(a, "--netns=", 8) == 0 && a[8]) {
            netns = a + 8;
        } else if (!opts_done && (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0)) {
            verbose = true;
        } else if (!opts_done && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
            printf("usage: %s\n", APPLY_USAGE);
            free(cgroups);
            return SC_OK;
        } else if (!opts_done && a[0] == '-' && a[1]) {
            fprintf(stderr, "sockc apply: unknown option '%s'\n", a);
            free(cgroups);
            return usage(APPLY_USAGE);
        } else if (file) {
            free(cgroups);
            return usage(APPLY_USAGE);
        } else {
            file = a;
        }
    }
    if (!file) {
        free(cgroups);
        return usage(APPLY_USAGE);
    }
    for (size_t i = 0; i < ncg; i++) {
        if (!cgroups[i][0]) {
            free(cgroups);
            error_msg(env, "--cgroup needs a path");
            return SC_EUSAGE;
        }
    }

    char *data = NULL;
    size_t len = 0;
    sc_output out = {0};
    const char *why = NULL;
    bool compiled = ends_with(file, ".sp");
    if (compiled) {
        sc_compile_opts co = {.emit = SC_EMIT_OBJ, .diag = stderr, .color = env->color != 0, .exe_path = env->exe};
        int c = sc_compile_file(file, &co, &out);
        if (c != SC_OK) {
            free(cgroups);
            return c;
        }
        data = out.data;
        len = out.len;
    } else if (read_file(file, &data, &len, &why) < 0) {
        if (why)
            error_msg(env, "refusing '%s': %s; nothing was changed", file, why);
        else
            error_msg(env, "cannot read '%s': %s", file, strerror(errno));
        free(cgroups);
        return SC_EPOLICY;
    } else if (len < 4 || memcmp(data, "\x7f" "ELF", 4) != 0) {
        error_msg(env, "'%s' is not a BPF object; give a policy source (.sp) or an object from `sockc compile`",
                  file);
        free(data);
        free(cgroups);
        return SC_EPOLICY;
    }

    libbpf_print_fn_t old = libbpf_set_print(verbose ? libbpf_to_stderr : NULL);
    sc_rt_opts ro = {.verbose = verbose, .pin_root = env->pin_root};
    sc_rt *rt = sc_rt_open(&ro);
    sc_rt_apply_report rep;
    if (!rt) {
        rc = SC_EINTERNAL;
    } else if (sc_rt_apply_opt(rt, data, len, &(sc_rt_apply_opts){.cgroups = cgroups, .ncgroups = ncg, .netns = netns},
                               &rep) < 0) {
        rc = failed(env, rt);
    } else {
        notes(rt);
        char more[128] = "";
        if (rep.netns)
            snprintf(more, sizeof more, ", %u network namespace%s", rep.netns, rep.netns == 1 ? "" : "s");
        if (rep.socket_maps)
            snprintf(more + strlen(more), sizeof more - strlen(more), ", %u socket map%s", rep.socket_maps,
                     rep.socket_maps == 1 ? "" : "s");
        printf("%s policy '%s': %u program%s on %u cgroup%s%s; links: %u attached, %u updated, %u detached; "
               "maps: %u new, %u kept; %u entr%s filled\n",
               rep.replaced ? "replaced" : "applied", rep.policy, rep.programs, rep.programs == 1 ? "" : "s",
               rep.cgroups, rep.cgroups == 1 ? "" : "s", more, rep.links_attached, rep.links_updated,
               rep.links_detached, rep.maps_created, rep.maps_kept, rep.fills, rep.fills == 1 ? "y" : "ies");
    }
    sc_rt_close(rt);
    libbpf_set_print(old);
    if (compiled)
        sc_output_free(&out);
    else
        free(data);
    free(cgroups);
    return rc;
}

int cmd_detach(int argc, char **argv, const cli_env *env)
{
    if (argc != 2 || argv[1][0] == '-')
        return usage("sockc detach POLICY");
    sc_rt *rt = sc_rt_open(&(sc_rt_opts){.pin_root = env->pin_root});
    if (!rt)
        return SC_EINTERNAL;
    int rc = SC_OK;
    if (sc_rt_detach(rt, argv[1]) < 0) {
        rc = failed(env, rt);
    } else {
        notes(rt);
        printf("detached policy '%s'\n", argv[1]);
    }
    sc_rt_close(rt);
    return rc;
}

#define STATUS_USAGE "sockc status [--json] [POLICY]"

int cmd_status(int argc, char **argv, const cli_env *env)
{
    bool json = false;
    const char *policy = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (argv[i][0] == '-' || policy)
            return usage(STATUS_USAGE);
        else
            policy = argv[i];
    }
    sc_rt *rt = sc_rt_open(&(sc_rt_opts){.pin_root = env->pin_root});
    if (!rt)
        return SC_EINTERNAL;
    sc_rt_status *st = NULL;
    int rc = SC_OK;
    if (sc_rt_status_get(rt, policy, &st) < 0)
        rc = failed(env, rt);
    else if (notes(rt), sc_rt_status_write(st, stdout, json) < 0)
        rc = SC_EINTERNAL;
    sc_rt_status_free(st);
    sc_rt_close(rt);
    return rc;
}

#define MAP_USAGE "sockc map POLICY MAP list|get KEY|set KEY VALUE|delete KEY; sockc map POLICY SET list"

int cmd_map(int argc, char **argv, const cli_env *env)
{
    if (argc < 4)
        return usage(MAP_USAGE);
    const char *policy = argv[1], *map = argv[2], *op = argv[3];
    int want = strcmp(op, "list") == 0 ? 4 : strcmp(op, "set") == 0 ? 6
                                         : (strcmp(op, "get") == 0 || strcmp(op, "delete") == 0) ? 5
                                                                                                    : -1;
    if (want != argc)
        return usage(MAP_USAGE);
    sc_rt *rt = sc_rt_open(&(sc_rt_opts){.pin_root = env->pin_root});
    if (!rt)
        return SC_EINTERNAL;
    int rc = SC_OK;
    if (strcmp(op, "list") == 0) {
        sc_rt_map_entry *e;
        size_t n;
        if (sc_rt_map_list(rt, policy, map, &e, &n) < 0) {
            rc = failed(env, rt);
        } else {
            for (size_t i = 0; i < n; i++)
                printf("%s = %s\n", e[i].key, e[i].value);
            sc_rt_map_entries_free(e, n);
        }
    } else if (strcmp(op, "get") == 0) {
        char *v;
        if (sc_rt_map_get(rt, policy, map, argv[4], &v) < 0) {
            rc = failed(env, rt);
        } else {
            printf("%s\n", v);
            free(v);
        }
    } else if (strcmp(op, "set") == 0) {
        if (sc_rt_map_set(rt, policy, map, argv[4], argv[5]) < 0)
            rc = failed(env, rt);
    } else if (sc_rt_map_delete(rt, policy, map, argv[4]) < 0) {
        rc = failed(env, rt);
    }
    if (rc == SC_OK)
        notes(rt);
    sc_rt_close(rt);
    return rc;
}

#define REGISTER_USAGE                                                                                         \
    "sockc register POLICY MAP KEY --pid PID (--fd FD | --listen ADDR:PORT) [--proto tcp|udp]\n"                   \
    "       sockc register POLICY MAP KEY --listen-fds [--listen ADDR:PORT] [--proto tcp|udp]"

static int parse_int(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < 0 || v > 0x7fffffff)
        return -1;
    *out = (int)v;
    return 0;
}

/* sockc register: a socket of a running process, or one systemd passed, into a sockmap
 * slot or sockhash. */
int cmd_register(int argc, char **argv, const cli_env *env)
{
    const char *pos[3];
    size_t npos = 0;
    sc_rt_sock_pick pick = {.pid = -1, .fd = -1};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            printf("usage: %s\n"
                   "Puts a socket into MAP (a sockmap or sockhash) of the applied POLICY under KEY (a sockmap\n"
                   "slot number, or a key of the sockhash's type). The socket is\n"
                   "  --pid PID --fd FD        descriptor FD of process PID (the process keeps it);\n"
                   "  --pid PID --listen A     the listening socket of process PID on A: ADDR:PORT,\n"
                   "                           [ADDR6]:PORT, or a port alone for any address;\n"
                   "  --listen-fds             the listening socket systemd passed to sockc (LISTEN_FDS):\n"
                   "                           run it from a service with the socket unit's sockets.\n"
                   "A listening socket is a TCP socket that listens or a bound UDP socket that is not\n"
                   "connected; --proto tcp|udp picks one of the two, and --listen may be left out when\n"
                   "there is only one.\n",
                   REGISTER_USAGE);
            return SC_OK;
        }
        const char **text = strcmp(a, "--listen") == 0 ? &pick.listen : strcmp(a, "--proto") == 0 ? &pick.proto : NULL;
        if (strcmp(a, "--pid") == 0 || strcmp(a, "--fd") == 0) {
            if (i + 1 >= argc || parse_int(argv[i + 1], a[2] == 'p' ? &pick.pid : &pick.fd) < 0) {
                fprintf(stderr, "sockc register: %s needs a number\n", a);
                return usage(REGISTER_USAGE);
            }
            i++;
        } else if (text) {
            if (i + 1 >= argc) {
                fprintf(stderr, "sockc register: %s needs a value\n", a);
                return usage(REGISTER_USAGE);
            }
            *text = argv[++i];
        } else if (strcmp(a, "--listen-fds") == 0) {
            pick.listen_fds = true;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "sockc register: unknown option '%s'\n", a);
            return usage(REGISTER_USAGE);
        } else if (npos == 3) {
            return usage(REGISTER_USAGE);
        } else {
            pos[npos++] = a;
        }
    }
    const char *clash = pick.listen_fds && pick.pid >= 0   ? "--listen-fds takes no --pid"
                        : pick.listen_fds && pick.fd >= 0  ? "--listen-fds takes no --fd"
                        : !pick.listen_fds && pick.pid < 0 ? "give --pid PID, or --listen-fds"
                        : pick.fd >= 0 && (pick.listen || pick.proto)
                            ? "--fd names the socket: it takes no --listen or --proto"
                        : pick.proto && strcmp(pick.proto, "tcp") != 0 && strcmp(pick.proto, "udp") != 0
                            ? "--proto is tcp or udp"
                            : NULL;
    if (npos != 3 || clash) {
        if (clash && npos == 3)
            fprintf(stderr, "sockc register: %s\n", clash);
        return usage(REGISTER_USAGE);
    }
    sc_rt *rt = sc_rt_open(&(sc_rt_opts){.pin_root = env->pin_root});
    if (!rt)
        return SC_EINTERNAL;
    int rc = SC_OK;
    char what[160] = "";
    if (sc_rt_register(rt, pos[0], pos[1], pos[2], &pick, what, sizeof what) < 0)
        rc = failed(env, rt);
    else if (notes(rt), 1)
        printf("registered %s in %s[%s] of policy '%s'\n", what, pos[1], pos[2], pos[0]);
    sc_rt_close(rt);
    return rc;
}
