/* apply: open -> reuse unchanged maps -> load (verifier) -> fill -> stage pins ->
 * attach new links / update existing ones -> swap the staged directory in.
 *
 * Everything fallible happens before the swap and is undone on failure, so a failed
 * apply leaves the policy that was in place as it was. An existing link to the same
 * cgroup and attach point is never detached: bpf_link_update swaps its program, so
 * there is no moment without a program attached. */
#define _GNU_SOURCE 1
#include "internal.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LOG_SIZE (4u << 20)
#define LINK_NAME 256

/* Where a program attaches: a cgroup, a network namespace (sk_lookup) or a socket
 * map (sk_msg). rel is the part of the link pin name after '@' (see internal.h). */
typedef struct cgroup_ref {
    rt_target_kind kind;
    char *rel; /* cgroup: relative to the cgroup v2 mount ("" for its root);
                  netns: "/netns/INODE"; map: "/map/NAME" */
    int fd;    /* cgroup or netns fd; a map's fd is taken after the load */
    char *label; /* for messages */
} cgroup_ref;

typedef struct old_link {
    char name[LINK_NAME];
    char fn[LINK_NAME];
    char *cg;
    int fd;
    uint32_t prog_id, attach_type;
    bool defunct, used;
} old_link;

typedef struct plan_link {
    const sc_meta_prog *mp;
    struct bpf_program *prog;
    size_t cg;          /* index into cgroups */
    char name[LINK_NAME];
    int old;            /* index into old links, or -1: a new attach */
    int link_fd;        /* a new link, or -1 */
    int prev_prog_fd;   /* the program an updated link ran before */
    bool updated;
} plan_link;

typedef struct apply_ctx {
    sc_rt *rt;
    sc_meta meta, old_meta;
    bool have_old_meta;
    cgroup_ref *cgs;
    size_t ncgs;
    plan_link *links;
    size_t nlinks;
    old_link *olds;
    size_t nolds;
    struct bpf_object *obj;
    char *log; /* LOG_SIZE bytes for the object's own (its BTF), then as many for each program */
    bool *reused; /* per meta map: kept from the old policy */
    char dir[RT_PATH], staging[RT_PATH], old[RT_PATH];
    bool staged, committed;
} apply_ctx;

static const char *cgroup_label(const char *rel) { return rel[0] ? rel : "/"; }
static const char *target_label(const cgroup_ref *t) { return t->label; }

/* --- targets --------------------------------------------------------------------- */

static int add_target(apply_ctx *c, rt_target_kind kind, const char *rel, int fd, const char *label, size_t *idx)
{
    for (size_t i = 0; i < c->ncgs; i++) {
        if (strcmp(c->cgs[i].rel, rel) == 0) {
            close(fd);
            *idx = i;
            return 0;
        }
    }
    cgroup_ref *p = realloc(c->cgs, (c->ncgs + 1) * sizeof *p);
    if (!p) {
        close(fd);
        return rt_fail(c->rt, "out of memory");
    }
    c->cgs = p;
    c->cgs[c->ncgs].kind = kind;
    c->cgs[c->ncgs].rel = strdup(rel);
    c->cgs[c->ncgs].label = strdup(label);
    c->cgs[c->ncgs].fd = fd;
    if (!c->cgs[c->ncgs].rel || !c->cgs[c->ncgs].label) {
        free(c->cgs[c->ncgs].rel);
        free(c->cgs[c->ncgs].label);
        if (fd >= 0)
            close(fd);
        return rt_fail(c->rt, "out of memory");
    }
    *idx = c->ncgs++;
    return 0;
}

static int add_cgroup(apply_ctx *c, const char *spec, size_t *idx)
{
    char rel[RT_PATH], label[RT_PATH + 16];
    int fd = rt_cgroup_open(c->rt, spec, rel, sizeof rel);
    if (fd < 0)
        return -1;
    snprintf(label, sizeof label, "cgroup '%s'", cgroup_label(rel));
    return add_target(c, RT_T_CGROUP, rel, fd, label, idx);
}

/* The network namespace of an sk_lookup program: the one at path (/run/netns/NAME,
 * /proc/PID/ns/net), or sockc's own. */
static int add_netns(apply_ctx *c, const char *path, size_t *idx)
{
    const char *p = path ? path : "/proc/self/ns/net";
    int fd = open(p, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return rt_fail(c->rt, "cannot open network namespace %s: %s", p, strerror(errno));
    struct statfs sf;
    struct stat st;
    if (fstatfs(fd, &sf) < 0 || sf.f_type != NSFS_MAGIC || fstat(fd, &st) < 0) {
        close(fd);
        return rt_fail(c->rt, "'%s' is not a network namespace (give /run/netns/NAME or /proc/PID/ns/net)", p);
    }
    int nst = ioctl(fd, NS_GET_NSTYPE);
    if (nst >= 0 && nst != CLONE_NEWNET) {
        close(fd);
        return rt_fail(c->rt, "'%s' is a namespace, but not a network namespace", p);
    }
    char rel[64], label[RT_PATH + 64];
    snprintf(rel, sizeof rel, "/netns/%llu", (unsigned long long)st.st_ino);
    snprintf(label, sizeof label, "network namespace %s (inode %llu)", path ? path : "of sockc",
             (unsigned long long)st.st_ino);
    return add_target(c, RT_T_NETNS, rel, fd, label, idx);
}

static int add_sockmap(apply_ctx *c, const sc_meta_prog *mp, const char *name, size_t *idx)
{
    const sc_meta_map *mm = sc_meta_find_map(&c->meta, name);
    if (!mm || (strcmp(mm->kind, "sockmap") != 0 && strcmp(mm->kind, "sockhash") != 0))
        return rt_fail(c->rt, "program '%s' (hook %s) attaches to '%s', which is not a sockmap or sockhash of the "
                              "policy",
                       mp->fn, mp->hook, name);
    char rel[RT_PATH], label[RT_PATH + 16];
    if (snprintf(rel, sizeof rel, "/map/%s", name) >= (int)sizeof rel)
        return rt_fail(c->rt, "map name '%s' too long", name);
    snprintf(label, sizeof label, "%s '%s'", mm->kind, name);
    return add_target(c, RT_T_MAP, rel, -1, label, idx);
}

static int add_plan(apply_ctx *c, const sc_meta_prog *mp, size_t cg)
{
    for (size_t i = 0; i < c->nlinks; i++)
        if (c->links[i].mp == mp && c->links[i].cg == cg)
            return 0;
    plan_link *p = realloc(c->links, (c->nlinks + 1) * sizeof *p);
    if (!p)
        return rt_fail(c->rt, "out of memory");
    c->links = p;
    plan_link *l = &c->links[c->nlinks];
    memset(l, 0, sizeof *l);
    l->mp = mp;
    l->cg = cg;
    l->old = -1;
    l->prev_prog_fd = -1;
    l->link_fd = -1;
    if (rt_link_name(mp->fn, c->cgs[cg].rel, l->name, sizeof l->name) < 0)
        return rt_fail(c->rt, "program name '%s' with %s is too long for a pin name", mp->fn,
                       c->cgs[cg].label);
    c->nlinks++;
    return 0;
}

static int resolve_targets(apply_ctx *c, const char *const *cgroups, size_t ncgroups, const char *netns)
{
    bool uses_netns = false;
    for (size_t i = 0; i < c->meta.nprogs; i++) {
        const sc_meta_prog *mp = &c->meta.progs[i];
        size_t idx;
        if (strcmp(mp->target, "netns:") == 0) {
            uses_netns = true;
            if (add_netns(c, netns, &idx) < 0 || add_plan(c, mp, idx) < 0)
                return -1;
            continue;
        }
        if (strncmp(mp->target, "map:", 4) == 0) {
            if (add_sockmap(c, mp, mp->target + 4, &idx) < 0 || add_plan(c, mp, idx) < 0)
                return -1;
            continue;
        }
        if (strncmp(mp->target, "cgroup:", 7) != 0)
            return rt_fail(c->rt, "program '%s' (hook %s) attaches to '%s', which this sockc does not know",
                           mp->fn, mp->hook, mp->target);
        const char *own = mp->target + 7;
        if (ncgroups == 0) {
            if (!own[0])
                return rt_fail(c->rt, "the policy names no cgroup for its %s hook (program '%s'): give one with "
                                      "--cgroup PATH",
                               mp->hook, mp->fn);
            if (add_cgroup(c, own, &idx) < 0 || add_plan(c, mp, idx) < 0)
                return -1;
        } else {
            for (size_t k = 0; k < ncgroups; k++) {
                if (add_cgroup(c, cgroups[k], &idx) < 0 || add_plan(c, mp, idx) < 0)
                    return -1;
            }
        }
    }
    if (netns && !uses_netns)
        return rt_fail(c->rt, "--netns is for lookup (sk_lookup) programs, and policy '%s' has none", c->meta.policy);
    return 0;
}

/* --- maps ------------------------------------------------------------------------ */

static bool same_def(const sc_meta_map *a, const sc_meta_map *b)
{
    return strcmp(a->kind, b->kind) == 0 && strcmp(a->key, b->key) == 0 && strcmp(a->value, b->value) == 0 &&
           strcmp(a->origin, b->origin) == 0 && a->max_entries == b->max_entries;
}

/* Do two policies count the same counters, in the same order? Then a re-apply keeps
 * the counters map as it is; otherwise it makes a new one, which carry_counters fills. */
static bool same_counters(const sc_meta *a, const sc_meta *b)
{
    if (a->ncounters != b->ncounters)
        return false;
    for (size_t i = 0; i < a->ncounters; i++)
        if (strcmp(a->counters[i], b->counters[i]) != 0)
            return false;
    return true;
}

/* Reuses the pinned map of the old policy when its definition is unchanged. Maps
 * lowered from sets are always made afresh: their contents are the policy's. */
static int try_reuse(apply_ctx *c, struct bpf_map *map, size_t *kept)
{
    const char *name = bpf_map__name(map);
    const sc_meta_map *mm = sc_meta_find_map(&c->meta, name);
    if (!c->have_old_meta || (mm && strcmp(mm->origin, "set") == 0))
        return 0;
    const sc_meta_map *om = sc_meta_find_map(&c->old_meta, name);
    if ((mm == NULL) != (om == NULL) || (mm && !same_def(mm, om)) ||
        (strcmp(name, SC_META_COUNTERS_MAP) == 0 && !same_counters(&c->meta, &c->old_meta)))
        return 0;
    char path[RT_PATH];
    if (rt_path(c->rt, path, c->meta.policy, "maps", name) < 0)
        return 0;
    int fd = bpf_obj_get(path);
    if (fd < 0)
        return 0;
    struct bpf_map_info info = {0};
    uint32_t ilen = sizeof info;
    int rc = 0;
    if (bpf_obj_get_info_by_fd(fd, &info, &ilen) == 0 && info.type == bpf_map__type(map) &&
        info.key_size == bpf_map__key_size(map) && info.value_size == bpf_map__value_size(map) &&
        info.max_entries == bpf_map__max_entries(map) && info.map_flags == bpf_map__map_flags(map)) {
        if (bpf_map__reuse_fd(map, fd) < 0)
            rc = rt_fail(c->rt, "cannot reuse map '%s' of the applied policy: %s", name, strerror(errno));
        else {
            if (mm)
                c->reused[mm - c->meta.maps] = true;
            (*kept)++;
        }
    }
    close(fd);
    return rc;
}

static int fill_maps(apply_ctx *c, bool reused_ones, unsigned *count)
{
    for (size_t i = 0; i < c->meta.nfills; i++) {
        const sc_meta_fill *f = &c->meta.fills[i];
        const sc_meta_map *mm = sc_meta_find_map(&c->meta, f->map);
        bool reused = mm && c->reused[mm - c->meta.maps];
        if (reused != reused_ones)
            continue;
        struct bpf_map *map = bpf_object__find_map_by_name(c->obj, f->map);
        if (!map)
            return rt_fail(c->rt, "the policy fills map '%s', which the object does not have", f->map);
        if (bpf_map__update_elem(map, f->key, f->key_len, f->value, f->value_len, BPF_ANY) < 0)
            return rt_fail(c->rt, "cannot fill map '%s' (entry %zu): %s", f->map, i, strerror(errno));
        (*count)++;
        rt_step(c->rt, "filled map %s entry %zu", f->map, i);
    }
    return 0;
}

/* A re-apply that changed the counters makes a new counters map: each counter the
 * old policy had starts from its count there (per CPU). What the old programs count
 * between this copy and the switch to the new ones is lost. */
static int carry_counters(apply_ctx *c)
{
    const sc_meta_map *mm = sc_meta_find_map(&c->meta, SC_META_COUNTERS_MAP);
    if (!c->have_old_meta || !mm || c->reused[mm - c->meta.maps] || !c->old_meta.ncounters)
        return 0;
    struct bpf_map *map = bpf_object__find_map_by_name(c->obj, SC_META_COUNTERS_MAP);
    char path[RT_PATH];
    int old = !map || rt_path(c->rt, path, c->meta.policy, "maps", SC_META_COUNTERS_MAP) < 0 ? -1 : bpf_obj_get(path);
    if (old < 0)
        return 0; /* nothing to carry */
    int ncpus = libbpf_num_possible_cpus(), rc = 0;
    uint64_t *v = ncpus > 0 ? calloc((size_t)ncpus, sizeof *v) : NULL;
    if (!v)
        rc = rt_fail(c->rt, "out of memory");
    for (uint32_t i = 0; i < c->meta.ncounters && rc == 0; i++)
        for (uint32_t j = 0; j < c->old_meta.ncounters; j++)
            if (strcmp(c->meta.counters[i], c->old_meta.counters[j]) == 0 && bpf_map_lookup_elem(old, &j, v) == 0 &&
                bpf_map__update_elem(map, &i, sizeof i, v, (size_t)ncpus * sizeof *v, BPF_ANY) < 0)
                rc = rt_fail(c->rt, "cannot carry counter '%s' over: %s", c->meta.counters[i], strerror(errno));
    free(v);
    close(old);
    return rc;
}

/* --- verifier messages ----------------------------------------------------------- */

/* libbpf creates the maps before it loads any program, and closes every fd when one
 * fails, so which map the kernel refused is found by creating each new map again, one
 * at a time. Returns true when one was refused for its size (E2BIG) or for want of
 * memory (ENOMEM, EPERM from the memlock rlimit of old kernels) and the message says
 * so. */
static bool map_report(apply_ctx *c, int err)
{
    sc_rt *rt = c->rt;
    struct bpf_map *m;
    bpf_object__for_each_map(m, c->obj) {
        if (bpf_map__is_internal(m))
            continue;
        const char *name = bpf_map__name(m);
        const sc_meta_map *mm = sc_meta_find_map(&c->meta, name);
        if (mm && c->reused[mm - c->meta.maps])
            continue;
        enum bpf_map_type type = bpf_map__type(m);
        uint32_t ks = bpf_map__key_size(m), vs = bpf_map__value_size(m), n = bpf_map__max_entries(m);
        LIBBPF_OPTS(bpf_map_create_opts, mo, .map_flags = bpf_map__map_flags(m));
        int fd = bpf_map_create(type, name, ks, vs, n, &mo);
        int e = errno;
        if (fd >= 0) {
            close(fd);
            continue;
        }
        if (e != E2BIG && e != ENOMEM)
            continue;
        double mib = ((double)ks + vs) * n / (1024.0 * 1024.0);
        rt_fail(rt, "cannot create map '%s' of policy '%s' (%s, %u entries of %u + %u bytes, %.0f MiB of keys "
                    "and values before the kernel's own overhead): %s",
                name, c->meta.policy, mm ? mm->kind : libbpf_bpf_map_type_str(type), n, ks, vs, mib,
                e == E2BIG ? "the kernel refuses a map this large (E2BIG); give it fewer entries"
                           : "not enough memory for it (ENOMEM: the memory the kernel allows sockc, its memory "
                             "cgroup's limit, is too small); give it fewer entries or raise the limit");
        rt_append(rt, "nothing was attached; the policy in place (if any) is unchanged");
        return true;
    }
    (void)err;
    return false;
}

/* The program whose load failed, and its verifier log: the one whose log the kernel
 * wrote (libbpf asks for a log only when a load fails, and unloads every program of the
 * object then, so their fds do not tell); NULL when none has a log. */
static struct bpf_program *failed_program(apply_ctx *c, const char **log)
{
    struct bpf_program *p;
    size_t i = 1;
    bpf_object__for_each_program(p, c->obj) {
        const char *l = c->log + i++ * LOG_SIZE;
        if (l[0]) {
            *log = l;
            return p;
        }
    }
    *log = c->log; /* the object's BTF, or nothing */
    return NULL;
}

static void verifier_report(apply_ctx *c, int err)
{
    sc_rt *rt = c->rt;
    const char *log;
    struct bpf_program *bad = failed_program(c, &log);
    if (map_report(c, err))
        return;
    if (!bad || !log[0]) {
        rt_fail(rt, "loading policy '%s' failed: %s", c->meta.policy, strerror(err > 0 ? err : -err));
        if (log[0] && rt->verbose)
            rt_append(rt, "kernel log:\n%s", log);
        return;
    }
    /* The error is the last line before "processed N insns"; the policy line is the
     * last "; text @ file:line" line before it (from the object's line info). */
    char *text = strdup(log);
    if (!text) {
        rt_fail(rt, "out of memory");
        return;
    }
    const char *errline = NULL, *src = NULL, *src_before_err = NULL;
    char *save = NULL;
    for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        if (strncmp(l, "processed ", 10) == 0)
            break;
        if (l[0] == ';' && l[1] == ' ') {
            src = l + 2;
            continue;
        }
        if (l[0]) {
            errline = l;
            src_before_err = src;
        }
    }
    const sc_meta_prog *mp = sc_meta_find_prog(&c->meta, bpf_program__name(bad));
    rt_fail(rt, "the kernel verifier rejected program '%s' (hook %s, %s) of policy '%s': %s", bpf_program__name(bad),
            mp ? mp->hook : "?", bpf_program__section_name(bad), c->meta.policy, errline ? errline : "(no message)");
    if (src_before_err) {
        const char *at = NULL;
        for (const char *s = strstr(src_before_err, " @ "); s; s = strstr(s + 1, " @ "))
            at = s;
        if (at)
            rt_append(rt, "  at %s: %.*s", at + 3, (int)(at - src_before_err), src_before_err);
        else
            rt_append(rt, "  at: %s", src_before_err);
    }
    if (rt->verbose)
        rt_append(rt, "verifier log:\n%s", log);
    else
        rt_append(rt, "  (the full verifier log: --verbose)");
    rt_append(rt, "nothing was attached; the policy in place (if any) is unchanged");
    free(text);
}

/* --- old links ------------------------------------------------------------------- */

static int read_old_links(apply_ctx *c)
{
    char dir[RT_PATH];
    if (rt_path(c->rt, dir, c->meta.policy, "links", NULL) < 0)
        return rt_fail(c->rt, "path too long");
    char **names;
    size_t n;
    if (rt_list_dir(dir, &names, &n) < 0)
        return errno == ENOENT ? 0 : rt_fail(c->rt, "cannot read %s: %s", dir, strerror(errno));
    c->olds = calloc(n ? n : 1, sizeof *c->olds);
    if (!c->olds) {
        rt_free_list(names, n);
        return rt_fail(c->rt, "out of memory");
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        old_link *o = &c->olds[c->nolds];
        char cg[RT_PATH], path[RT_PATH];
        if (rt_link_name_parse(names[i], o->fn, sizeof o->fn, cg, sizeof cg) < 0 ||
            snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= (int)sizeof path)
            continue;
        o->fd = bpf_obj_get(path);
        if (o->fd < 0) {
            rc = rt_fail(c->rt, "cannot open pinned link %s: %s", path, strerror(errno));
            break;
        }
        struct bpf_link_info info = {0};
        uint32_t ilen = sizeof info;
        if (bpf_obj_get_info_by_fd(o->fd, &info, &ilen) < 0) {
            rc = rt_fail(c->rt, "cannot read pinned link %s: %s", path, strerror(errno));
            close(o->fd);
            break;
        }
        snprintf(o->name, sizeof o->name, "%s", names[i]);
        o->cg = strdup(cg);
        o->prog_id = info.prog_id;
        rt_link_info_target(&info, &o->attach_type, &o->defunct);
        c->nolds++;
        if (!o->cg)
            rc = rt_fail(c->rt, "out of memory");
    }
    rt_free_list(names, n);
    return rc;
}

/* The attach type of a planned link. */
static uint32_t plan_attach_type(const apply_ctx *c, const plan_link *l)
{
    switch (c->cgs[l->cg].kind) {
    case RT_T_NETNS:
        return BPF_SK_LOOKUP;
    case RT_T_MAP:
        return bpf_program__type(l->prog) == BPF_PROG_TYPE_SK_SKB ? BPF_SK_SKB_STREAM_VERDICT : BPF_SK_MSG_VERDICT;
    case RT_T_CGROUP:
        break;
    }
    if (bpf_program__type(l->prog) == BPF_PROG_TYPE_SOCK_OPS)
        return BPF_CGROUP_SOCK_OPS;
    return (uint32_t)bpf_program__expected_attach_type(l->prog);
}

/* A link on a socket map can only be kept when the map is: a map made afresh
 * gets a new link, and the old one goes with the old map. */
static bool map_kept(const apply_ctx *c, const plan_link *l)
{
    if (c->cgs[l->cg].kind != RT_T_MAP)
        return true;
    const sc_meta_map *mm = sc_meta_find_map(&c->meta, c->cgs[l->cg].rel + 5);
    return mm && c->reused[mm - c->meta.maps];
}

static void match_links(apply_ctx *c)
{
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < c->nlinks; i++) {
            plan_link *l = &c->links[i];
            if (l->old >= 0 || !map_kept(c, l))
                continue;
            uint32_t type = plan_attach_type(c, l);
            for (size_t k = 0; k < c->nolds; k++) {
                old_link *o = &c->olds[k];
                if (o->used || o->defunct || o->attach_type != type)
                    continue;
                /* first the same program and cgroup, then any program at the same
                 * cgroup and attach point (a renamed program) */
                if (pass == 0 ? strcmp(o->name, l->name) == 0 : strcmp(o->cg, c->cgs[l->cg].rel) == 0) {
                    o->used = true;
                    l->old = (int)k;
                    break;
                }
            }
        }
    }
}

/* --- staging and commit ---------------------------------------------------------- */

/* The staged tree, marked uncommitted first (recover.c). 0700: root's alone. */
static int mkdirs(sc_rt *rt, const char *base)
{
    static const char *const subs[] = {"", ("/" RT_MARK), "/maps", "/progs", "/links"};
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
        char p[RT_PATH];
        if (snprintf(p, sizeof p, "%s%s", base, subs[i]) >= (int)sizeof p || mkdir(p, 0700) < 0)
            return rt_fail(rt, "cannot create %s: %s", p, strerror(errno));
        /* mkdir's mode is cut by the umask only; make sure of it anyway */
        if (chmod(p, 0700) < 0)
            return rt_fail(rt, "cannot chmod %s: %s", p, strerror(errno));
        rt_step(rt, "created %s", p);
    }
    return 0;
}

static int pin_at(sc_rt *rt, int fd, const char *base, const char *sub, const char *leaf)
{
    char p[RT_PATH];
    if (snprintf(p, sizeof p, "%s/%s/%s", base, sub, leaf) >= (int)sizeof p)
        return rt_fail(rt, "pin path too long for '%s'", leaf);
    if (bpf_obj_pin(fd, p) < 0)
        return rt_fail(rt, "cannot pin %s: %s", p, strerror(errno));
    rt_step(rt, "pinned %s", p);
    return 0;
}

static int stage(apply_ctx *c, sc_rt_apply_report *rep)
{
    sc_rt *rt = c->rt;
    if (mkdirs(rt, c->staging) < 0)
        return -1;
    c->staged = true;
    char meta_path[RT_PATH];
    if (snprintf(meta_path, sizeof meta_path, "%s/meta", c->staging) >= (int)sizeof meta_path ||
        rt_meta_store(rt, &c->meta, meta_path) < 0)
        return -1;
    rt_step(rt, "pinned %s", meta_path);
    struct bpf_program *p;
    bpf_object__for_each_program(p, c->obj) {
        if (pin_at(rt, bpf_program__fd(p), c->staging, "progs", bpf_program__name(p)) < 0)
            return -1;
    }
    struct bpf_map *m;
    bpf_object__for_each_map(m, c->obj) {
        if (bpf_map__is_internal(m))
            continue;
        if (pin_at(rt, bpf_map__fd(m), c->staging, "maps", bpf_map__name(m)) < 0)
            return -1;
    }
    /* new links attach now (a second program next to none of ours); existing links
     * are pinned under their new name and switched over after staging succeeded.
     * Socket map programs go first: a socket that sockops adds to a map takes the
     * map's programs at that moment. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < c->nlinks; i++) {
            plan_link *l = &c->links[i];
            cgroup_ref *t = &c->cgs[l->cg];
            if ((t->kind == RT_T_MAP) != (pass == 0))
                continue;
            if (l->old >= 0) {
                if (pin_at(rt, c->olds[l->old].fd, c->staging, "links", l->name) < 0)
                    return -1;
                continue;
            }
            int tfd = t->fd;
            if (t->kind == RT_T_MAP) {
                struct bpf_map *m = bpf_object__find_map_by_name(c->obj, t->rel + 5);
                tfd = m ? bpf_map__fd(m) : -1;
                if (tfd < 0)
                    return rt_fail(rt, "program '%s' attaches to map '%s', which the object does not have",
                                   l->mp->fn, t->rel + 5);
            }
            l->link_fd = bpf_link_create(bpf_program__fd(l->prog), tfd, (enum bpf_attach_type)plan_attach_type(c, l),
                                         NULL);
            if (l->link_fd < 0) {
                int e = errno;
                return rt_fail(rt, "cannot attach program '%s' (%s) to %s: %s", l->mp->fn,
                               bpf_program__section_name(l->prog), target_label(t), strerror(e));
            }
            rt_step(rt, "attached %s (not pinned yet)", l->name);
            if (pin_at(rt, l->link_fd, c->staging, "links", l->name) < 0)
                return -1;
            rep->links_attached++;
        }
    }
    return 0;
}

static int switch_links(apply_ctx *c, sc_rt_apply_report *rep)
{
    for (size_t i = 0; i < c->nlinks; i++) {
        plan_link *l = &c->links[i];
        if (l->old < 0)
            continue;
        old_link *o = &c->olds[l->old];
        l->prev_prog_fd = bpf_prog_get_fd_by_id(o->prog_id);
        LIBBPF_OPTS(bpf_link_update_opts, uo);
        if (l->prev_prog_fd >= 0) {
            uo.flags = BPF_F_REPLACE;
            uo.old_prog_fd = (uint32_t)l->prev_prog_fd;
        }
        if (bpf_link_update(o->fd, bpf_program__fd(l->prog), &uo) < 0)
            return rt_fail(c->rt, "cannot switch the link of program '%s' at %s to the new program: %s",
                           l->mp->fn, target_label(&c->cgs[l->cg]), strerror(errno));
        l->updated = true;
        rep->links_updated++;
        rt_step(c->rt, "switched link %s to the new program", l->name);
    }
    return 0;
}

static int commit(apply_ctx *c, bool had_old)
{
    rt_step(c->rt, "about to swap %s in", c->staging);
    if (!had_old) {
        if (rename(c->staging, c->dir) < 0)
            return rt_fail(c->rt, "cannot move %s to %s: %s", c->staging, c->dir, strerror(errno));
    } else if (syscall(SYS_renameat2, AT_FDCWD, c->staging, AT_FDCWD, c->dir, RENAME_EXCHANGE) < 0) {
        /* One step: the staged tree becomes the policy, the old tree takes the
         * staging name and is removed after the commit. */
        return rt_fail(c->rt, "cannot swap %s and %s: %s", c->staging, c->dir, strerror(errno));
    }
    c->committed = true;
    rt_step(c->rt, "swapped %s in", c->staging);
    return 0;
}

static void rollback(apply_ctx *c)
{
    for (size_t i = 0; i < c->nlinks; i++) {
        plan_link *l = &c->links[i];
        if (l->updated && l->prev_prog_fd >= 0)
            bpf_link_update(c->olds[l->old].fd, l->prev_prog_fd, NULL);
        if (l->link_fd >= 0)
            bpf_link_detach(l->link_fd);
    }
    if (c->staged)
        rt_remove_tree(c->rt, c->staging, false, NULL, 0);
}

static void ctx_free(apply_ctx *c)
{
    for (size_t i = 0; i < c->nlinks; i++) {
        if (c->links[i].link_fd >= 0)
            close(c->links[i].link_fd); /* a pinned link stays */
        if (c->links[i].prev_prog_fd >= 0)
            close(c->links[i].prev_prog_fd);
    }
    free(c->links);
    for (size_t i = 0; i < c->nolds; i++) {
        close(c->olds[i].fd);
        free(c->olds[i].cg);
    }
    free(c->olds);
    for (size_t i = 0; i < c->ncgs; i++) {
        if (c->cgs[i].fd >= 0)
            close(c->cgs[i].fd);
        free(c->cgs[i].rel);
        free(c->cgs[i].label);
    }
    free(c->cgs);
    bpf_object__close(c->obj);
    free(c->log);
    free(c->reused);
    sc_meta_free(&c->meta);
    if (c->have_old_meta)
        sc_meta_free(&c->old_meta);
}

/* After the swap: the new tree is the policy (its mark goes), the old one is renamed
 * to @old@POLICY, its links that the new policy does not hold are detached and its
 * pins removed. Killed anywhere here, the next command finishes it (recover.c). */
static int finish(apply_ctx *c, bool had_old, sc_rt_apply_report *rep)
{
    sc_rt *rt = c->rt;
    char mark[RT_PATH];
    if (snprintf(mark, sizeof mark, "%s/" RT_MARK, c->dir) >= (int)sizeof mark)
        return rt_fail(rt, "path too long: %s", c->dir);
    if (rmdir(mark) < 0 && errno != ENOENT)
        return rt_fail(rt, "policy '%s' was applied, but %s could not be removed: %s", c->meta.policy, mark,
                       strerror(errno));
    rt_step(rt, "removed %s", mark);
    if (!had_old)
        return 0;
    if (rename(c->staging, c->old) < 0)
        return rt_fail(rt, "policy '%s' was applied, but its old state %s could not be moved to %s: %s",
                       c->meta.policy, c->staging, c->old, strerror(errno));
    rt_step(rt, "moved the old tree to %s", c->old);
    for (size_t i = 0; i < c->nolds; i++) {
        if (!c->olds[i].used) {
            bpf_link_detach(c->olds[i].fd);
            rep->links_detached++;
            rt_step(rt, "detached old link %s", c->olds[i].name);
        }
    }
    rt_step(rt, "about to remove %s", c->old);
    if (rt_remove_tree(rt, c->old, false, NULL, 0) < 0)
        return rt_append(rt, "policy '%s' was applied, but the old state was not removed completely",
                         c->meta.policy);
    return 0;
}

/* --- apply ----------------------------------------------------------------------- */

/* Each program has a log of its own (failed_program): the metadata names each of the
 * object's programs (distinct names), so there are at most nprogs. The pages of the
 * logs that stay empty are never touched. */
static int open_object(apply_ctx *c, const void *obj, size_t len)
{
    c->log = calloc(1 + c->meta.nprogs, LOG_SIZE);
    if (!c->log)
        return rt_fail(c->rt, "out of memory");
    LIBBPF_OPTS(bpf_object_open_opts, oo, .object_name = c->meta.policy, .kernel_log_buf = c->log,
                .kernel_log_size = LOG_SIZE, .kernel_log_level = 0);
    c->obj = bpf_object__open_mem(obj, len, &oo);
    if (!c->obj) {
        int e = errno;
        return rt_fail(c->rt, "cannot open the policy object: %s", strerror(e));
    }
    struct bpf_program *p;
    size_t i = 1;
    bpf_object__for_each_program(p, c->obj) {
        if (!sc_meta_find_prog(&c->meta, bpf_program__name(p)))
            return rt_fail(c->rt, "program '%s' in the object has no sockc metadata", bpf_program__name(p));
        bpf_program__set_log_buf(p, c->log + i++ * LOG_SIZE, LOG_SIZE);
    }
    for (size_t i = 0; i < c->nlinks; i++) {
        c->links[i].prog = bpf_object__find_program_by_name(c->obj, c->links[i].mp->fn);
        if (!c->links[i].prog)
            return rt_fail(c->rt, "the metadata names program '%s', which the object does not have",
                           c->links[i].mp->fn);
    }
    return 0;
}

static int apply_locked(apply_ctx *c, const void *obj, size_t len, sc_rt_apply_report *rep)
{
    sc_rt *rt = c->rt;
    const char *policy = c->meta.policy;
    if (rt_path(rt, c->dir, policy, NULL, NULL) < 0 ||
        snprintf(c->staging, sizeof c->staging, "%s/" RT_STAGING "%s", rt->pin_root, policy) >=
            (int)sizeof c->staging ||
        snprintf(c->old, sizeof c->old, "%s/" RT_OLD "%s", rt->pin_root, policy) >= (int)sizeof c->old)
        return rt_fail(rt, "pin path too long");
    /* (what an interrupted apply left was repaired when the lock was taken) */
    if (rt_check_policy_dir(rt, c->dir) < 0)
        return -1;
    struct stat st;
    bool had_old = stat(c->dir, &st) == 0;
    if (had_old) {
        if (rt_meta_load(rt, policy, &c->old_meta) < 0)
            return rt_append(rt, "the applied policy '%s' looks damaged; remove it with `sockc detach %s`", policy,
                             policy);
        c->have_old_meta = true;
        rep->replaced = true;
    }
    if (open_object(c, obj, len) < 0)
        return -1;
    c->reused = calloc(c->meta.nmaps + 1, sizeof *c->reused);
    if (!c->reused)
        return rt_fail(rt, "out of memory");
    size_t kept = 0;
    struct bpf_map *m;
    bpf_object__for_each_map(m, c->obj) {
        if (bpf_map__is_internal(m))
            continue;
        if (try_reuse(c, m, &kept) < 0)
            return -1;
    }
    int err = bpf_object__load(c->obj);
    if (err) {
        verifier_report(c, err);
        return -1;
    }
    rt_step(rt, "loaded the object");
    bpf_object__for_each_map(m, c->obj) {
        if (!bpf_map__is_internal(m))
            rep->maps_created++;
    }
    rep->maps_kept = (unsigned)kept;
    rep->maps_created -= rep->maps_kept;
    if (fill_maps(c, false, &rep->fills) < 0 || carry_counters(c) < 0)
        return -1;
    if (had_old && read_old_links(c) < 0)
        return -1;
    match_links(c);
    /* From the first attach or link switch to the swap, signals wait */
    sigset_t saved;
    rt_block_signals(&saved);
    int rc = 0;
    if (stage(c, rep) < 0 || fill_maps(c, true, &rep->fills) < 0 || switch_links(c, rep) < 0 ||
        commit(c, had_old) < 0) {
        rollback(c);
        rc = -1;
    } else {
        rc = finish(c, had_old, rep);
    }
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    if (rc < 0)
        return -1;
    rep->programs = (unsigned)c->meta.nprogs;
    for (size_t i = 0; i < c->ncgs; i++) {
        if (c->cgs[i].kind == RT_T_CGROUP)
            rep->cgroups++;
        else if (c->cgs[i].kind == RT_T_NETNS)
            rep->netns++;
        else
            rep->socket_maps++;
    }
    return 0;
}

int sc_rt_apply(sc_rt *rt, const void *obj, size_t len, const char *const *cgroups, size_t ncgroups,
                sc_rt_apply_report *report)
{
    sc_rt_apply_opts o = {.cgroups = cgroups, .ncgroups = ncgroups};
    return sc_rt_apply_opt(rt, obj, len, &o, report);
}

int sc_rt_apply_opt(sc_rt *rt, const void *obj, size_t len, const sc_rt_apply_opts *opts,
                    sc_rt_apply_report *report)
{
    static const sc_rt_apply_opts none;
    if (!opts)
        opts = &none;
    sc_rt_apply_report local;
    sc_rt_apply_report *rep = report ? report : &local;
    memset(rep, 0, sizeof *rep);
    rt_clear(rt);
    if (rt_need_root(rt, "applying a policy") < 0)
        return -1;
    apply_ctx c = {.rt = rt};
    char err[512] = "";
    if (sc_meta_from_object(obj, len, &c.meta, err, sizeof err) < 0)
        return rt_fail(rt, "policy object: %s", err);
    int rc = -1;
    int lock = -1;
    if (!c.meta.policy || !rt_policy_name_ok(c.meta.policy)) {
        rt_fail(rt, "policy object: bad policy name '%s' (bpffs allows letters, digits, '_' and '-'; at most 63)",
                c.meta.policy ? c.meta.policy : "");
        goto out;
    }
    snprintf(rep->policy, sizeof rep->policy, "%s", c.meta.policy);
    if (c.meta.nprogs == 0) {
        rt_fail(rt, "policy '%s' has no programs", c.meta.policy);
        goto out;
    }
    if (resolve_targets(&c, opts->cgroups, opts->ncgroups, opts->netns) < 0 || rt_pin_root(rt, true) < 0 || (lock = rt_lock(rt, true)) < 0)
        goto out;
    rc = apply_locked(&c, obj, len, rep);
out:
    ctx_free(&c);
    rt_unlock(lock);
    return rc;
}
