/* connect_bench: the benchmark's driver. It loads BPF objects with libbpf and reports
 * what loading cost (load time, instructions in the object, after load, verified, JIT
 * size), and it times loopback connect()+accept()+close() or bind()+close() cycles
 * from inside cgroups v2 that it creates (named sockc-bench-*), with each variant's
 * programs attached there, interleaving the variants round by round so that the ratios
 * come from the same run. Output is JSON on stdout; the bench script reads it.
 *
 *   connect_bench load [--runs N] [--meta] [--fill MAP=FILE]... OBJ
 *   connect_bench run  [--op connect|bind] [--netns] [--iters K] [--rounds R] [--port P]
 *                      [--alt-port Q] [--tag TAG] [--cpu C] [--timeout S]
 *                      -V NAME [-o OBJ [--meta] [--fill MAP=FILE]... [--assign MAP=SLOT]
 *                               | -c CGROUP | -n NETNS [--register CMD]] ...
 *
 * A variant with neither -o nor -c attaches nothing (the "no hook" baseline); -c names
 * a cgroup that someone else (`sockc apply --cgroup`) already attached programs to.
 * --netns (connect only; for sk_lookup programs) gives each variant a network namespace
 * instead of a cgroup: one the driver makes (unshare), with its programs attached there,
 * or -n NETNS, a namespace file that `sockc apply --netns` attached programs to. The
 * driver brings lo up in it and listens on 127.0.0.1:P and :Q there, and the variant's
 * connects are made from it. The programs can be given a listener to hand connections
 * to, the one on Q: --assign MAP=SLOT puts it in the object's sockmap MAP, --register
 * CMD runs `CMD --pid PID --fd FD` with sh (CMD being `sockc register POLICY MAP SLOT`).
 * --fill fills MAP from FILE (one entry a line: KEYHEX VALUEHEX) and sizes the map to
 * the entry count before loading, zero-padding values shorter than the map's (a map
 * declared with room for its largest value, as hand/set_flat.bpf.c's); --meta fills
 * the maps from the object's own sockc metadata (".sockc" fill records), as sockc's
 * runtime does.
 * Only 127.0.0.1 is ever connected to; every loop is bounded by a count and by
 * --timeout. Links, objects and the cgroups it made are released on every exit path
 * short of SIGKILL (the bench script removes leftovers by tag). */
#define _GNU_SOURCE /* sched_setaffinity */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <json-c/json.h>

#include "meta.h"

#define MAX_VARIANTS 128 /* the bench times ~75 in one run (bench.py: cases and copies) */
#define MAX_FILLS 8
#define MAX_LINKS 32

static volatile sig_atomic_t g_stop;
static int g_verbose;

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
    if (n <= 0)
        return -1;
    double *s = malloc(sizeof *s * (size_t)n);
    if (!s)
        return -1;
    memcpy(s, v, sizeof *s * (size_t)n);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    double m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    free(s);
    return m;
}

/* --- libbpf's messages: kept (the tail) so that a failed load can say why --------- */

static char *g_log;
static size_t g_log_len, g_log_cap = 1 << 20;

static int log_cb(enum libbpf_print_level level, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n <= 0)
        return 0;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return 0;
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    if (g_verbose || (level == LIBBPF_WARN && n < 400))
        fputs(s, stderr);
    if (level != LIBBPF_DEBUG) {
        if (!g_log)
            g_log = malloc(g_log_cap);
        const char *src = s;
        size_t len = (size_t)n;
        if (len > g_log_cap / 2) { /* keep the tail of a huge verifier log */
            src += len - g_log_cap / 2;
            len = g_log_cap / 2;
        }
        if (g_log_len + len > g_log_cap) {
            size_t keep = g_log_cap / 2 < g_log_len ? g_log_cap / 2 : g_log_len;
            memmove(g_log, g_log + g_log_len - keep, keep);
            g_log_len = keep;
        }
        if (g_log) {
            memcpy(g_log + g_log_len, src, len);
            g_log_len += len;
        }
    }
    free(s);
    return 0;
}

static void log_reset(void)
{
    g_log_len = 0;
}

/* The verifier's own verdict: the last lines of the last program load log, else the
 * last line libbpf said. */
static void log_summary(char *out, size_t outlen)
{
    out[0] = '\0';
    if (!g_log || !g_log_len)
        return;
    char *text = malloc(g_log_len + 1);
    if (!text)
        return;
    memcpy(text, g_log, g_log_len);
    text[g_log_len] = '\0';
    char *end = NULL;
    for (char *p = strstr(text, "-- END PROG LOAD LOG --"); p; p = strstr(p + 1, "-- END PROG LOAD LOG --"))
        end = p;
    if (!end)
        end = text + g_log_len;
    /* up to 3 non-empty lines before end */
    const char *lines[3] = {0};
    int found = 0;
    char *p = end;
    while (p > text && found < 3) {
        while (p > text && (p[-1] == '\n' || p[-1] == ' '))
            *--p = '\0';
        char *q = p;
        while (q > text && q[-1] != '\n')
            q--;
        if (q == p)
            break;
        if (strncmp(q, "-- BEGIN PROG LOAD LOG", 22) == 0)
            break;
        lines[found++] = q;
        p = q;
    }
    size_t used = 0;
    for (int i = found - 1; i >= 0 && used < outlen; i--)
        used += (size_t)snprintf(out + used, outlen - used, "%s%s", lines[i], i ? " | " : "");
    free(text);
}

/* --- map fills ------------------------------------------------------------------- */

typedef struct fill {
    char map[64];
    size_t n, cap, ksz, vsz;
    uint8_t *keys, *vals;
    bool resize; /* size the map (not an array) to n and pad the values before load (the hand-written side) */
} fill;

static int nibble(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static int unhex(const char *s, size_t len, uint8_t *out)
{
    for (size_t i = 0; i < len / 2; i++) {
        int hi = nibble(s[2 * i]), lo = nibble(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

/* Room for one more entry of f's sizes (the capacity doubles); -1 out of memory. */
static int fill_room(fill *f)
{
    if (f->n < f->cap)
        return 0;
    size_t cap = f->cap ? f->cap * 2 : 1024;
    uint8_t *nk = realloc(f->keys, cap * f->ksz), *nv = nk ? realloc(f->vals, cap * f->vsz) : NULL;
    if (nk)
        f->keys = nk;
    if (!nk || !nv)
        return -1;
    f->vals = nv;
    f->cap = cap;
    return 0;
}

static int fill_load_file(fill *f, const char *spec, char *err, size_t errlen)
{
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof f->map) {
        snprintf(err, errlen, "--fill wants MAP=FILE, not '%s'", spec);
        return -1;
    }
    memset(f, 0, sizeof *f);
    memcpy(f->map, spec, (size_t)(eq - spec));
    f->resize = true;
    FILE *in = fopen(eq + 1, "r");
    if (!in) {
        snprintf(err, errlen, "%s: %s", eq + 1, strerror(errno));
        return -1;
    }
    char *line = NULL; /* a line may be long: a flat trie is one value of up to 4 MiB */
    size_t linecap = 0;
    int rc = 0;
    while (getline(&line, &linecap, in) > 0) {
        char *k = strtok(line, " \t\n"), *v = strtok(NULL, " \t\n");
        if (!k)
            continue;
        if (!v || strlen(k) % 2 || strlen(v) % 2 || (f->n && (strlen(k) / 2 != f->ksz || strlen(v) / 2 != f->vsz))) {
            snprintf(err, errlen, "%s: malformed line %zu", eq + 1, f->n + 1);
            rc = -1;
            break;
        }
        f->ksz = strlen(k) / 2, f->vsz = strlen(v) / 2;
        if (fill_room(f) < 0) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
            break;
        }
        if (unhex(k, strlen(k), f->keys + f->n * f->ksz) || unhex(v, strlen(v), f->vals + f->n * f->vsz)) {
            snprintf(err, errlen, "%s: bad hex on line %zu", eq + 1, f->n + 1);
            rc = -1;
            break;
        }
        f->n++;
    }
    free(line);
    fclose(in);
    return rc;
}

/* Zero-pads f's values to vsz bytes. */
static int fill_pad(fill *f, size_t vsz)
{
    uint8_t *vals = calloc(f->n ? f->n : 1, vsz);
    if (!vals)
        return -1;
    for (size_t j = 0; j < f->n; j++)
        memcpy(vals + j * vsz, f->vals + j * f->vsz, f->vsz);
    free(f->vals);
    f->vals = vals;
    f->vsz = vsz;
    f->cap = f->n; /* vals holds n values of the new size */
    return 0;
}

static void fill_free(fill *f)
{
    free(f->keys);
    free(f->vals);
    memset(f, 0, sizeof *f);
}

/* Turns the object's sockc metadata fill records into fills (one per map). */
static int fills_from_meta(const char *path, fill *fills, int *nfills, char *err, size_t errlen)
{
    FILE *in = fopen(path, "rb");
    if (!in) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    fseek(in, 0, SEEK_END);
    long len = ftell(in);
    fseek(in, 0, SEEK_SET);
    void *buf = len > 0 ? malloc((size_t)len) : NULL;
    if (!buf || fread(buf, 1, (size_t)len, in) != (size_t)len) {
        fclose(in);
        free(buf);
        snprintf(err, errlen, "%s: cannot read", path);
        return -1;
    }
    fclose(in);
    sc_meta m;
    char merr[256];
    int rc = sc_meta_from_object(buf, (size_t)len, &m, merr, sizeof merr);
    free(buf);
    if (rc && strncmp(merr, "no " SC_META_SECTION " section", 3 + strlen(SC_META_SECTION) + 8) == 0) {
        /* Nothing to fill; the load itself will tell whether the object works. */
        fprintf(stderr, "connect_bench: %s: %s; loading without fills\n", path, merr);
        return 0;
    }
    if (rc) {
        snprintf(err, errlen, "%s: %s", path, merr);
        return -1;
    }
    for (size_t i = 0; i < m.nfills && rc == 0; i++) {
        const sc_meta_fill *mf = &m.fills[i];
        int j;
        for (j = 0; j < *nfills; j++)
            if (strcmp(fills[j].map, mf->map) == 0)
                break;
        if (j == *nfills) {
            if (j == MAX_FILLS || strlen(mf->map) >= sizeof fills[j].map) {
                snprintf(err, errlen, "too many filled maps in %s", path);
                rc = -1;
                break;
            }
            memset(&fills[j], 0, sizeof fills[j]);
            strcpy(fills[j].map, mf->map);
            fills[j].ksz = mf->key_len, fills[j].vsz = mf->value_len;
            (*nfills)++;
        }
        fill *f = &fills[j];
        if (mf->key_len != f->ksz || mf->value_len != f->vsz) {
            snprintf(err, errlen, "%s: fill records of map %s differ in size", path, f->map);
            rc = -1;
            break;
        }
        if (fill_room(f) < 0) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
            break;
        }
        memcpy(f->keys + f->n * f->ksz, mf->key, f->ksz);
        memcpy(f->vals + f->n * f->vsz, mf->value, f->vsz);
        f->n++;
    }
    sc_meta_free(&m);
    return rc;
}

/* --- one loaded object ------------------------------------------------------------ */

typedef struct prog_stat {
    char name[64], section[64];
    size_t insns_obj;
    unsigned xlated, verified, jited_bytes;
} prog_stat;

typedef struct loaded {
    struct bpf_object *obj;
    double load_ms, fill_ms;
    int nprogs;
    prog_stat progs[16];
} loaded;

static int load_object(const char *path, fill *fills, int nfills, loaded *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    log_reset();
    struct bpf_object *obj = bpf_object__open_file(path, NULL);
    if (!obj) {
        snprintf(err, errlen, "open %s: %s", path, strerror(errno));
        return -1;
    }
    struct bpf_program *prog;
    bpf_object__for_each_program(prog, obj) {
        if (out->nprogs == 16)
            break;
        prog_stat *ps = &out->progs[out->nprogs++];
        snprintf(ps->name, sizeof ps->name, "%s", bpf_program__name(prog));
        snprintf(ps->section, sizeof ps->section, "%s", bpf_program__section_name(prog));
        ps->insns_obj = bpf_program__insn_cnt(prog);
    }
    for (int i = 0; i < nfills; i++) {
        struct bpf_map *map = bpf_object__find_map_by_name(obj, fills[i].map);
        if (!map) {
            snprintf(err, errlen, "%s has no map '%s' to fill", path, fills[i].map);
            bpf_object__close(obj);
            return -1;
        }
        /* an array's keys are indices (a port, the flat trie's 0): it keeps the size it has */
        if (fills[i].resize && bpf_map__type(map) != BPF_MAP_TYPE_ARRAY &&
            bpf_map__set_max_entries(map, fills[i].n ? (uint32_t)fills[i].n : 1)) {
            snprintf(err, errlen, "resizing map %s failed", fills[i].map);
            bpf_object__close(obj);
            return -1;
        }
        size_t vsz = bpf_map__value_size(map);
        bool pad = fills[i].resize && fills[i].vsz < vsz;
        if (fills[i].n && fills[i].vsz != vsz && !pad) {
            snprintf(err, errlen, "map %s has values of %zu bytes, the fill's are %zu", fills[i].map, vsz,
                     fills[i].vsz);
            bpf_object__close(obj);
            return -1;
        }
        if (fills[i].n && pad && fill_pad(&fills[i], vsz)) {
            snprintf(err, errlen, "out of memory");
            bpf_object__close(obj);
            return -1;
        }
    }
    double t0 = now_ns();
    int rc = bpf_object__load(obj);
    double t1 = now_ns();
    if (rc) {
        char why[768];
        log_summary(why, sizeof why);
        snprintf(err, errlen, "rejected: %s%s%s", strerror(-rc), why[0] ? ": " : "", why);
        bpf_object__close(obj);
        return -1;
    }
    out->load_ms = (t1 - t0) / 1e6;
    for (int i = 0; i < nfills; i++) {
        struct bpf_map *map = bpf_object__find_map_by_name(obj, fills[i].map);
        for (size_t j = 0; j < fills[i].n; j++) {
            if (bpf_map__update_elem(map, fills[i].keys + j * fills[i].ksz, fills[i].ksz,
                                     fills[i].vals + j * fills[i].vsz, fills[i].vsz, BPF_ANY)) {
                snprintf(err, errlen, "filling map %s (entry %zu of %zu): %s", fills[i].map, j + 1, fills[i].n,
                         strerror(errno));
                bpf_object__close(obj);
                return -1;
            }
        }
    }
    out->fill_ms = (now_ns() - t1) / 1e6;
    int i = 0;
    bpf_object__for_each_program(prog, obj) {
        if (i == out->nprogs)
            break;
        struct bpf_prog_info info;
        uint32_t len = sizeof info;
        memset(&info, 0, sizeof info);
        if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len) == 0) {
            out->progs[i].xlated = info.xlated_prog_len / 8;
            out->progs[i].jited_bytes = info.jited_prog_len;
            out->progs[i].verified = info.verified_insns;
        }
        i++;
    }
    out->obj = obj;
    return 0;
}

static json_object *progs_json(const loaded *l)
{
    json_object *arr = json_object_new_array();
    for (int i = 0; i < l->nprogs; i++) {
        const prog_stat *p = &l->progs[i];
        json_object *o = json_object_new_object();
        json_object_object_add(o, "name", json_object_new_string(p->name));
        json_object_object_add(o, "section", json_object_new_string(p->section));
        json_object_object_add(o, "insns_obj", json_object_new_int64((int64_t)p->insns_obj));
        json_object_object_add(o, "insns_xlated", json_object_new_int64(p->xlated));
        json_object_object_add(o, "insns_verified", json_object_new_int64(p->verified));
        json_object_object_add(o, "jited_bytes", json_object_new_int64(p->jited_bytes));
        json_object_array_add(arr, o);
    }
    return arr;
}

static void print_json(json_object *o)
{
    puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
    fflush(stdout);
    json_object_put(o);
}

/* --- `load` ----------------------------------------------------------------------- */

static int usage(void)
{
    fputs("usage: connect_bench load [--runs N] [--meta] [--fill MAP=FILE]... OBJ\n"
          "       connect_bench run [--op connect|bind] [--netns] [--iters K] [--rounds R] [--port P]\n"
          "                         [--alt-port Q] [--tag TAG] [--cpu C] [--timeout S] [-v]\n"
          "                         -V NAME [-o OBJ [--meta] [--fill MAP=FILE]... [--assign MAP=SLOT]\n"
          "                                  | -c CGROUP | -n NETNS [--register CMD]] ...\n",
          stderr);
    return 2;
}

static int cmd_load(int argc, char **argv)
{
    int runs = 5;
    bool meta = false;
    const char *path = NULL;
    fill fills[MAX_FILLS];
    int nfills = 0;
    char err[1024] = "";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--meta") == 0)
            meta = true;
        else if (strcmp(argv[i], "-v") == 0)
            g_verbose = 1;
        else if (strcmp(argv[i], "--fill") == 0 && i + 1 < argc) {
            if (nfills == MAX_FILLS)
                return usage();
            if (fill_load_file(&fills[nfills], argv[++i], err, sizeof err)) {
                fprintf(stderr, "connect_bench: %s\n", err);
                return 1;
            }
            nfills++;
        } else if (argv[i][0] != '-' && !path)
            path = argv[i];
        else
            return usage();
    }
    if (!path || runs < 1 || runs > 1000)
        return usage();
    json_object *o = json_object_new_object();
    json_object_object_add(o, "obj", json_object_new_string(path));
    int rc = meta ? fills_from_meta(path, fills, &nfills, err, sizeof err) : 0;
    double *lt = calloc((size_t)runs, sizeof *lt), *ft = calloc((size_t)runs, sizeof *ft);
    loaded l = {0};
    int done = 0;
    for (int r = 0; rc == 0 && r < runs && !g_stop && lt && ft; r++) {
        if (l.obj)
            bpf_object__close(l.obj);
        rc = load_object(path, fills, nfills, &l, err, sizeof err);
        if (rc == 0) {
            lt[done] = l.load_ms;
            ft[done++] = l.fill_ms;
        }
    }
    json_object_object_add(o, "ok", json_object_new_boolean(rc == 0 && done > 0));
    if (rc || !done)
        json_object_object_add(o, "error", json_object_new_string(err[0] ? err : "interrupted"));
    if (done) {
        json_object_object_add(o, "runs", json_object_new_int(done));
        json_object_object_add(o, "load_ms", json_object_new_double(median(lt, done)));
        json_object_object_add(o, "fill_ms", json_object_new_double(median(ft, done)));
        size_t entries = 0;
        for (int i = 0; i < nfills; i++)
            entries += fills[i].n;
        json_object_object_add(o, "fill_entries", json_object_new_int64((int64_t)entries));
        json_object_object_add(o, "progs", progs_json(&l));
    }
    if (l.obj)
        bpf_object__close(l.obj);
    for (int i = 0; i < nfills; i++)
        fill_free(&fills[i]);
    free(lt);
    free(ft);
    print_json(o);
    return 0;
}

/* --- cgroups ------------------------------------------------------------------------ */

static char g_cg_mnt[PATH_MAX], g_cg_orig[PATH_MAX];

static int cgroup_find(char *err, size_t errlen)
{
    FILE *m = fopen("/proc/mounts", "r");
    if (!m) {
        snprintf(err, errlen, "/proc/mounts: %s", strerror(errno));
        return -1;
    }
    char dev[256], dir[PATH_MAX], type[64];
    g_cg_mnt[0] = '\0';
    while (fscanf(m, "%255s %4095s %63s %*[^\n]", dev, dir, type) == 3)
        if (strcmp(type, "cgroup2") == 0 && !g_cg_mnt[0])
            snprintf(g_cg_mnt, sizeof g_cg_mnt, "%s", dir);
    fclose(m);
    if (!g_cg_mnt[0]) {
        snprintf(err, errlen, "no cgroup v2 hierarchy is mounted (no cgroup2 line in /proc/mounts)");
        return -1;
    }
    FILE *c = fopen("/proc/self/cgroup", "r");
    char line[PATH_MAX];
    g_cg_orig[0] = '\0';
    while (c && fgets(line, sizeof line, c))
        if (strncmp(line, "0::", 3) == 0) {
            line[strcspn(line, "\n")] = '\0';
            snprintf(g_cg_orig, sizeof g_cg_orig, "%s%s", g_cg_mnt, strcmp(line + 3, "/") ? line + 3 : "");
        }
    if (c)
        fclose(c);
    if (!g_cg_orig[0]) {
        snprintf(err, errlen, "this process has no cgroup v2 membership (no 0:: line in /proc/self/cgroup)");
        return -1;
    }
    return 0;
}

static int cgroup_enter(const char *dir)
{
    char path[PATH_MAX + 16], pid[32];
    snprintf(path, sizeof path, "%s/cgroup.procs", dir);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    int n = snprintf(pid, sizeof pid, "%d\n", (int)getpid());
    int rc = write(fd, pid, (size_t)n) == n ? 0 : -errno;
    close(fd);
    return rc;
}

/* --- network namespaces (--netns) ---------------------------------------------------- */

static bool g_netns;
static int g_ns_orig = -1; /* the namespace the driver started in */

static int netns_enter(int fd)
{
    return setns(fd, CLONE_NEWNET) ? -errno : 0;
}

/* Brings lo up in the current namespace: a new one has it down, without 127.0.0.1. */
static int lo_up(void)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return -errno;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
    int rc = 0;
    if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
        ifr.ifr_flags |= IFF_UP;
        if (ioctl(s, SIOCSIFFLAGS, &ifr))
            rc = -errno;
    } else {
        rc = -errno;
    }
    close(s);
    return rc;
}

/* --- `run` ---------------------------------------------------------------------------- */

/* Rounds of the pass with the kernel's run-time stats on: one pass per variant was
 * noisy (+-15 ns between runs); the median of interleaved rounds is steadier. */
#define STATS_ROUNDS 7

typedef struct variant {
    char name[64];
    const char *obj_path, *cg_given;
    bool meta;
    fill fills[MAX_FILLS];
    int nfills;
    char cg[PATH_MAX];
    bool cg_owned;
    int cgfd;
    const char *ns_given, *assign, *reg; /* --netns: -n, --assign, --register */
    int nsfd;
    int lfds[2]; /* the listeners its connects land on: its own with --netns */
    loaded l;
    struct bpf_link *links[MAX_LINKS];
    int nlinks;
    bool failed;
    char err[1024];
    int landed_port;
    double *ns;
    int nns;
    double *ratio, *diff; /* against the baseline, in the same round */
    int nratio;
    double prog_ns;  /* median over the stats rounds */
    double pns[STATS_ROUNDS];
    int npns;
    int progs_attached;
} variant;

static variant g_var[MAX_VARIANTS];
static int g_nvar;

static void cleanup(void)
{
    if (g_cg_orig[0])
        cgroup_enter(g_cg_orig);
    if (g_ns_orig >= 0)
        netns_enter(g_ns_orig);
    for (int i = 0; i < g_nvar; i++) {
        variant *v = &g_var[i];
        for (int j = 0; j < v->nlinks; j++)
            bpf_link__destroy(v->links[j]);
        v->nlinks = 0;
        if (v->l.obj)
            bpf_object__close(v->l.obj);
        v->l.obj = NULL;
        if (v->cgfd > 0)
            close(v->cgfd);
        v->cgfd = -1;
        if (v->cg_owned && rmdir(v->cg) && errno != ENOENT)
            fprintf(stderr, "connect_bench: rmdir %s: %s\n", v->cg, strerror(errno));
        v->cg_owned = false;
        /* a namespace the driver made goes with its last fd and socket */
        if (v->nsfd >= 0)
            close(v->nsfd);
        v->nsfd = -1;
        for (int j = 0; g_netns && j < 2; j++)
            if (v->lfds[j] >= 0)
                close(v->lfds[j]);
        v->lfds[0] = v->lfds[1] = -1;
        for (int j = 0; j < v->nfills; j++)
            fill_free(&v->fills[j]);
        v->nfills = 0;
        free(v->ns);
        free(v->ratio);
        free(v->diff);
        v->ns = v->ratio = v->diff = NULL;
    }
}

static int listen_on(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) || listen(fd, 4096)) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

typedef struct target {
    struct sockaddr_in dst;
    int lfd;      /* the listener the connects land on */
    int wait_ms;  /* how long accept waits for a connection that went elsewhere */
} target;

/* One connect()+accept()+close(), client closing with a reset so that no TIME_WAIT
 * piles up. Returns 0 or -errno. */
static int cycle_connect(const target *t)
{
    int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c < 0)
        return -errno;
    if (connect(c, (const struct sockaddr *)&t->dst, sizeof t->dst)) {
        int e = errno;
        close(c);
        return -e;
    }
    int a = accept(t->lfd, NULL, NULL);
    if (a < 0 && errno == EAGAIN) {
        struct pollfd p = {.fd = t->lfd, .events = POLLIN};
        if (poll(&p, 1, t->wait_ms) == 1)
            a = accept(t->lfd, NULL, NULL);
        else
            errno = EHOSTUNREACH; /* landed on another listener */
    }
    int e = errno;
    struct linger lg = {.l_onoff = 1, .l_linger = 0};
    setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(c);
    if (a < 0)
        return -e;
    close(a);
    return 0;
}

static int cycle_bind(const target *t)
{
    (void)t;
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return -errno;
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int rc = bind(s, (struct sockaddr *)&a, sizeof a) ? -errno : 0;
    close(s);
    return rc;
}

/* Into v's cgroup or, with --netns, its network namespace (where its sockets are
 * made), and back. */
static int variant_enter(const variant *v)
{
    return g_netns ? netns_enter(v->nsfd) : cgroup_enter(v->cg);
}

static void variant_leave(void)
{
    if (g_netns)
        netns_enter(g_ns_orig);
    else
        cgroup_enter(g_cg_orig);
}

/* Which listener does a connect from v's cgroup or namespace reach? Returns the port
 * or -errno. */
static int probe(variant *v, const target *base, const int ports[2])
{
    int rc = variant_enter(v);
    if (rc)
        return rc;
    int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    rc = c < 0 ? -errno : 0;
    if (!rc && connect(c, (const struct sockaddr *)&base->dst, sizeof base->dst))
        rc = -errno;
    variant_leave();
    if (rc) {
        if (c >= 0)
            close(c);
        return rc;
    }
    const int *lfds = v->lfds;
    struct pollfd p[2] = {{.fd = lfds[0], .events = POLLIN}, {.fd = lfds[1], .events = POLLIN}};
    int n = poll(p, lfds[1] >= 0 ? 2 : 1, 1000);
    int port = -EHOSTUNREACH;
    for (int i = 0; n > 0 && i < 2; i++)
        if (lfds[i] >= 0 && (p[i].revents & POLLIN)) {
            int a = accept(lfds[i], NULL, NULL);
            if (a >= 0)
                close(a);
            port = ports[i];
            break;
        }
    close(c);
    return port;
}

static const enum bpf_attach_type g_query_types[] = {
    BPF_CGROUP_INET4_CONNECT, BPF_CGROUP_INET6_CONNECT, BPF_CGROUP_INET4_BIND,
    BPF_CGROUP_INET6_BIND,    BPF_CGROUP_INET4_POST_BIND, BPF_CGROUP_INET6_POST_BIND,
};

/* Sum of run_cnt and run_time_ns over the programs in effect in v's cgroup, or
 * attached to its namespace (which has no effective set: query flags must be 0). */
static int prog_stats(variant *v, uint64_t *cnt, uint64_t *ns)
{
    *cnt = *ns = 0;
    int nprogs = 0;
    size_t ntypes = g_netns ? 1 : sizeof g_query_types / sizeof g_query_types[0];
    for (size_t t = 0; t < ntypes; t++) {
        uint32_t ids[64], n = 64, flags = 0;
        if (g_netns ? bpf_prog_query(v->nsfd, BPF_SK_LOOKUP, 0, &flags, ids, &n)
                    : bpf_prog_query(v->cgfd, g_query_types[t], BPF_F_QUERY_EFFECTIVE, &flags, ids, &n))
            continue;
        for (uint32_t i = 0; i < n; i++) {
            int fd = bpf_prog_get_fd_by_id(ids[i]);
            if (fd < 0)
                continue;
            struct bpf_prog_info info;
            uint32_t len = sizeof info;
            memset(&info, 0, sizeof info);
            if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0) {
                *cnt += info.run_cnt;
                *ns += info.run_time_ns;
                nprogs++;
            }
            close(fd);
        }
    }
    return nprogs;
}

/* With --netns: v's namespace, -n or a new one, with lo up and listeners on ports. */
static int setup_netns(variant *v, const int ports[2])
{
    if (v->ns_given) {
        v->nsfd = open(v->ns_given, O_RDONLY | O_CLOEXEC);
        if (v->nsfd < 0 || netns_enter(v->nsfd)) {
            snprintf(v->err, sizeof v->err, "entering network namespace %.900s: %s", v->ns_given, strerror(errno));
            return -1;
        }
    } else {
        if (unshare(CLONE_NEWNET)) {
            snprintf(v->err, sizeof v->err, "unshare(CLONE_NEWNET): %s", strerror(errno));
            return -1;
        }
        v->nsfd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    }
    int rc = v->nsfd < 0 ? -errno : lo_up();
    for (int i = 0; rc == 0 && i < 2; i++)
        if (ports[i] && (v->lfds[i] = listen_on(ports[i])) < 0)
            rc = -errno;
    netns_enter(g_ns_orig);
    if (rc)
        snprintf(v->err, sizeof v->err, "a namespace with lo up and listeners on 127.0.0.1:%d and :%d: %s", ports[0],
                 ports[1], strerror(-rc));
    return rc;
}

/* Gives the listener on the alternative port to v's programs: --assign puts it in a
 * sockmap of the object, --register has `sockc register` put it in an applied policy's.
 * Their lookups that assign then land there. */
static int give_listener(variant *v)
{
    if (v->assign) {
        char map[64];
        const char *eq = strchr(v->assign, '=');
        int n = eq ? (int)(eq - v->assign) : 0;
        snprintf(map, sizeof map, "%.*s", n, v->assign);
        struct bpf_map *m = v->l.obj ? bpf_object__find_map_by_name(v->l.obj, map) : NULL;
        uint32_t slot = eq ? (uint32_t)atoi(eq + 1) : 0;
        uint64_t fd = (uint64_t)v->lfds[1]; /* a sockmap takes the fd as a u64 or u32 (the low half) */
        if (!m || bpf_map__update_elem(m, &slot, sizeof slot, &fd, bpf_map__value_size(m), BPF_ANY)) {
            snprintf(v->err, sizeof v->err, "--assign %.200s: %s", v->assign, m ? strerror(errno) : "no such map");
            return -1;
        }
    }
    if (v->reg) {
        char cmd[4096];
        snprintf(cmd, sizeof cmd, "%s --pid %d --fd %d >&2", v->reg, (int)getpid(), v->lfds[1]);
        int st = system(cmd);
        if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st)) {
            snprintf(v->err, sizeof v->err, "--register: '%.900s' failed", cmd);
            return -1;
        }
    }
    return 0;
}

static int setup_variant(variant *v, const char *tag, int idx, const int ports[2])
{
    if (g_netns) {
        if (setup_netns(v, ports))
            return -1;
    } else if (v->cg_given) {
        snprintf(v->cg, sizeof v->cg, "%s", v->cg_given);
    } else {
        snprintf(v->cg, sizeof v->cg, "%.3000s/sockc-bench-%.100s-%d", g_cg_mnt, tag, idx);
        if (mkdir(v->cg, 0755) && errno != EEXIST) {
            snprintf(v->err, sizeof v->err, "mkdir %.900s: %s", v->cg, strerror(errno));
            return -1;
        }
        v->cg_owned = true;
    }
    if (!g_netns && (v->cgfd = open(v->cg, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
        snprintf(v->err, sizeof v->err, "open %.900s: %s", v->cg, strerror(errno));
        return -1;
    }
    if (!v->obj_path)
        return give_listener(v);
    if (v->meta && fills_from_meta(v->obj_path, v->fills, &v->nfills, v->err, sizeof v->err))
        return -1;
    if (load_object(v->obj_path, v->fills, v->nfills, &v->l, v->err, sizeof v->err))
        return -1;
    struct bpf_program *prog;
    bpf_object__for_each_program(prog, v->l.obj) {
        if (v->nlinks == MAX_LINKS)
            break;
        struct bpf_link *link = g_netns ? bpf_program__attach_netns(prog, v->nsfd)
                                        : bpf_program__attach_cgroup(prog, v->cgfd);
        if (!link) {
            snprintf(v->err, sizeof v->err, "attaching %s to %.800s: %s", bpf_program__name(prog),
                     g_netns ? "its network namespace" : v->cg, strerror(errno));
            return -1;
        }
        v->links[v->nlinks++] = link;
    }
    return give_listener(v);
}

static int cmd_run(int argc, char **argv)
{
    const char *op = "connect", *tag = NULL;
    int iters = 20000, rounds = 7, port = 6379, alt_port = 16379, cpu = -1, timeout = 600;
    char err[1024];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool more = i + 1 < argc;
        variant *v = g_nvar ? &g_var[g_nvar - 1] : NULL;
        if (strcmp(a, "--op") == 0 && more)
            op = argv[++i];
        else if (strcmp(a, "--netns") == 0)
            g_netns = true;
        else if (strcmp(a, "--iters") == 0 && more)
            iters = atoi(argv[++i]);
        else if (strcmp(a, "--rounds") == 0 && more)
            rounds = atoi(argv[++i]);
        else if (strcmp(a, "--port") == 0 && more)
            port = atoi(argv[++i]);
        else if (strcmp(a, "--alt-port") == 0 && more)
            alt_port = atoi(argv[++i]);
        else if (strcmp(a, "--tag") == 0 && more)
            tag = argv[++i];
        else if (strcmp(a, "--cpu") == 0 && more)
            cpu = atoi(argv[++i]);
        else if (strcmp(a, "--timeout") == 0 && more)
            timeout = atoi(argv[++i]);
        else if (strcmp(a, "-v") == 0)
            g_verbose = 1;
        else if (strcmp(a, "-V") == 0 && more) {
            if (g_nvar == MAX_VARIANTS) {
                fprintf(stderr, "connect_bench: at most %d variants in one run\n", MAX_VARIANTS);
                return 2;
            }
            v = &g_var[g_nvar++];
            memset(v, 0, sizeof *v);
            v->cgfd = v->nsfd = v->lfds[0] = v->lfds[1] = -1;
            snprintf(v->name, sizeof v->name, "%s", argv[++i]);
        } else if (strcmp(a, "-o") == 0 && more && v && !v->cg_given && !v->ns_given)
            v->obj_path = argv[++i];
        else if (strcmp(a, "-c") == 0 && more && v && !v->obj_path)
            v->cg_given = argv[++i];
        else if (strcmp(a, "-n") == 0 && more && v && !v->obj_path)
            v->ns_given = argv[++i];
        else if (strcmp(a, "--assign") == 0 && more && v)
            v->assign = argv[++i];
        else if (strcmp(a, "--register") == 0 && more && v)
            v->reg = argv[++i];
        else if (strcmp(a, "--meta") == 0 && v)
            v->meta = true;
        else if (strcmp(a, "--fill") == 0 && more && v && v->nfills < MAX_FILLS) {
            if (fill_load_file(&v->fills[v->nfills], argv[++i], err, sizeof err)) {
                fprintf(stderr, "connect_bench: %s\n", err);
                cleanup();
                return 1;
            }
            v->nfills++;
        } else {
            cleanup();
            return usage();
        }
    }
    bool is_connect = strcmp(op, "connect") == 0, bad = false;
    for (int i = 0; i < g_nvar; i++) /* -c is for cgroups; -n, --assign, --register for namespaces */
        bad |= g_netns ? g_var[i].cg_given != NULL : g_var[i].ns_given || g_var[i].assign || g_var[i].reg;
    if (bad || (!is_connect && (g_netns || strcmp(op, "bind") != 0)) || !g_nvar || iters < 1 || iters > 10000000 ||
        rounds < 1 || rounds > 1000 || port <= 0 || port > 65535 || alt_port < 0 || alt_port > 65535 ||
        (g_netns && !alt_port)) {
        cleanup();
        return usage();
    }
    char tagbuf[32];
    if (!tag) {
        snprintf(tagbuf, sizeof tagbuf, "%d", (int)getpid());
        tag = tagbuf;
    }
    if (g_netns && (g_ns_orig = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) < 0) {
        fprintf(stderr, "connect_bench: /proc/self/ns/net: %s\n", strerror(errno));
        cleanup();
        return 1;
    }
    if (!g_netns && cgroup_find(err, sizeof err)) {
        fprintf(stderr, "connect_bench: %s\n", err);
        cleanup();
        return 1;
    }
    alarm((unsigned)timeout);
    if (cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        if (sched_setaffinity(0, sizeof set, &set))
            fprintf(stderr, "connect_bench: cannot pin to CPU %d: %s\n", cpu, strerror(errno));
    }

    /* the listeners in the driver's own namespace, which the cgroups' connects reach */
    int lfds[2] = {-1, -1}, ports[2] = {port, alt_port};
    if (is_connect && !g_netns) {
        lfds[0] = listen_on(port);
        if (lfds[0] < 0 || (alt_port && (lfds[1] = listen_on(alt_port)) < 0)) {
            fprintf(stderr, "connect_bench: cannot listen on 127.0.0.1:%d: %s (choose other ports with --port/--alt-port)\n",
                    lfds[0] < 0 ? port : alt_port, strerror(errno));
            if (lfds[0] >= 0)
                close(lfds[0]);
            cleanup();
            return 1;
        }
    }
    target t = {.dst = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)}, .lfd = lfds[0], .wait_ms = 100};
    t.dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int (*cycle)(const target *) = is_connect ? cycle_connect : cycle_bind;

    for (int i = 0; i < g_nvar && !g_stop; i++) {
        variant *v = &g_var[i];
        v->ns = calloc((size_t)rounds, sizeof *v->ns);
        v->ratio = calloc((size_t)rounds, sizeof *v->ratio);
        v->diff = calloc((size_t)rounds, sizeof *v->diff);
        if (!v->ns || !v->ratio || !v->diff) {
            snprintf(v->err, sizeof v->err, "out of memory");
            v->failed = true;
            continue;
        }
        if (!g_netns)
            memcpy(v->lfds, lfds, sizeof lfds);
        if (setup_variant(v, tag, i, ports)) {
            v->failed = true;
            continue;
        }
        if (is_connect) {
            int p = probe(v, &t, ports);
            if (p < 0) {
                snprintf(v->err, sizeof v->err, "connect to 127.0.0.1:%d from the %s failed: %s", port,
                         g_netns ? "network namespace" : "cgroup", strerror(-p));
                v->failed = true;
            }
            v->landed_port = p;
        }
    }

    /* Rounds: every variant once per round, in an order that rotates, so drift in the
     * machine's speed spreads over all of them. */
    int warm = iters / 10 > 0 ? iters / 10 : 1;
    for (int r = 0; r < rounds && !g_stop; r++) {
        double round_ns[MAX_VARIANTS];
        for (int k = 0; k < g_nvar && !g_stop; k++) {
            int i = (k + r) % g_nvar;
            variant *v = &g_var[i];
            round_ns[i] = -1;
            if (v->failed)
                continue;
            int rc = variant_enter(v);
            target vt = t;
            if (is_connect)
                vt.lfd = v->landed_port == alt_port ? v->lfds[1] : v->lfds[0];
            for (int n = 0; rc == 0 && n < warm && !g_stop; n++)
                rc = cycle(&vt);
            double t0 = now_ns();
            int n;
            for (n = 0; rc == 0 && n < iters && !g_stop; n++)
                rc = cycle(&vt);
            double t1 = now_ns();
            variant_leave();
            if (rc) {
                snprintf(v->err, sizeof v->err, "%s failed in round %d: %s", op, r + 1, strerror(-rc));
                v->failed = true;
                continue;
            }
            if (n == iters)
                v->ns[v->nns++] = round_ns[i] = (t1 - t0) / iters;
        }
        if (g_nvar && !g_var[0].failed && round_ns[0] > 0)
            for (int i = 0; i < g_nvar; i++)
                if (!g_var[i].failed && round_ns[i] > 0) {
                    g_var[i].diff[g_var[i].nratio] = round_ns[i] - round_ns[0];
                    g_var[i].ratio[g_var[i].nratio++] = round_ns[i] / round_ns[0];
                }
    }

    /* Time inside the programs: more rounds, interleaved the same way, with the kernel's
     * run-time stats on (they cost a little, so the timed rounds run without them); the
     * median per variant. */
    int stats_fd = g_stop ? -1 : bpf_enable_stats(BPF_STATS_RUN_TIME);
    for (int r = 0; r < STATS_ROUNDS && stats_fd >= 0 && !g_stop; r++) {
        for (int k = 0; k < g_nvar && !g_stop; k++) {
            variant *v = &g_var[(k + r) % g_nvar];
            if (v->failed || (g_netns ? v->nsfd : v->cgfd) < 0)
                continue;
            uint64_t c0, n0, c1, n1;
            v->progs_attached = prog_stats(v, &c0, &n0);
            if (!v->progs_attached)
                continue;
            target vt = t;
            if (is_connect)
                vt.lfd = v->landed_port == alt_port ? v->lfds[1] : v->lfds[0];
            int rc = variant_enter(v);
            for (int n = 0; rc == 0 && n < iters && !g_stop; n++)
                rc = cycle(&vt);
            variant_leave();
            prog_stats(v, &c1, &n1);
            if (rc == 0 && c1 > c0)
                v->pns[v->npns++] = (double)(n1 - n0) / (double)(c1 - c0);
        }
    }
    if (stats_fd >= 0)
        close(stats_fd);
    for (int i = 0; i < g_nvar; i++)
        g_var[i].prog_ns = g_var[i].npns ? median(g_var[i].pns, g_var[i].npns) : -1;

    json_object *o = json_object_new_object();
    json_object_object_add(o, "op", json_object_new_string(op));
    json_object_object_add(o, "iters", json_object_new_int(iters));
    json_object_object_add(o, "rounds", json_object_new_int(rounds));
    json_object_object_add(o, "interrupted", json_object_new_boolean(g_stop != 0));
    json_object_object_add(o, "baseline", json_object_new_string(g_var[0].name));
    json_object *arr = json_object_new_array();
    for (int i = 0; i < g_nvar; i++) {
        variant *v = &g_var[i];
        json_object *vo = json_object_new_object();
        json_object_object_add(vo, "name", json_object_new_string(v->name));
        bool ok = !v->failed && v->nns > 0;
        json_object_object_add(vo, "ok", json_object_new_boolean(ok));
        if (!ok)
            json_object_object_add(vo, "error", json_object_new_string(v->err[0] ? v->err : "interrupted"));
        if (is_connect && v->landed_port > 0)
            json_object_object_add(vo, "landed_port", json_object_new_int(v->landed_port));
        if (v->nns) {
            json_object *ns = json_object_new_array();
            for (int k = 0; k < v->nns; k++)
                json_object_array_add(ns, json_object_new_double(v->ns[k]));
            json_object_object_add(vo, "ns", ns);
            double m = median(v->ns, v->nns);
            json_object_object_add(vo, "ns_median", json_object_new_double(m));
        }
        if (v->nratio) {
            json_object_object_add(vo, "ratio_median", json_object_new_double(median(v->ratio, v->nratio)));
            json_object_object_add(vo, "overhead_ns", json_object_new_double(median(v->diff, v->nratio)));
        }
        json_object_object_add(vo, "progs_attached", json_object_new_int(v->progs_attached));
        if (v->prog_ns >= 0 && v->progs_attached)
            json_object_object_add(vo, "prog_ns", json_object_new_double(v->prog_ns));
        if (v->l.obj)
            json_object_object_add(vo, "progs", progs_json(&v->l));
        json_object_array_add(arr, vo);
    }
    json_object_object_add(o, "variants", arr);
    for (int i = 0; i < 2; i++)
        if (lfds[i] >= 0)
            close(lfds[i]);
    cleanup();
    print_json(o);
    return g_stop ? 1 : 0;
}

int main(int argc, char **argv)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    libbpf_set_print(log_cb);
    if (argc < 2)
        return usage();
    if (strcmp(argv[1], "load") == 0)
        return cmd_load(argc - 1, argv + 1);
    if (strcmp(argv[1], "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    return usage();
}
