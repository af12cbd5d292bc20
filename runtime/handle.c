/* The runtime handle and the environment it works in: root, the cgroup v2 mount,
 * bpffs, the state lock. */
#include "internal.h"

#include <bpf/bpf.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

sc_rt *sc_rt_open(const sc_rt_opts *opts)
{
    sc_rt *rt = calloc(1, sizeof *rt);
    if (!rt)
        return NULL;
    const char *root = opts && opts->pin_root ? opts->pin_root : SC_RT_PIN_ROOT;
    snprintf(rt->pin_root, sizeof rt->pin_root, "%s", root);
    size_t n = strlen(rt->pin_root);
    while (n > 1 && rt->pin_root[n - 1] == '/')
        rt->pin_root[--n] = '\0';
    if (opts && opts->cgroup_root)
        snprintf(rt->cgroup_root, sizeof rt->cgroup_root, "%s", opts->cgroup_root);
    rt->verbose = opts && opts->verbose;
    /* test hook (docs/runtime.md, "Crash consistency") */
    const char *crash = getenv("SOCKC_TEST_CRASH_AT");
    if (crash && *crash)
        rt->crash_at = strtol(crash, NULL, 10);
    const char *trace = getenv("SOCKC_TEST_CRASH_TRACE");
    rt->trace = trace && strcmp(trace, "1") == 0;
    return rt;
}

void rt_step(sc_rt *rt, const char *fmt, ...)
{
    if (rt->crash_at <= 0 && !rt->trace)
        return;
    rt->step++;
    if (rt->trace) {
        va_list ap;
        va_start(ap, fmt);
        fprintf(stderr, "sockc: test: step %ld: ", rt->step);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
        va_end(ap);
    }
    if (rt->step == rt->crash_at) {
        fflush(NULL);
        raise(SIGKILL);
    }
}

void sc_rt_close(sc_rt *rt)
{
    if (!rt)
        return;
    free(rt->err);
    free(rt->notes);
    free(rt);
}

const char *sc_rt_error(const sc_rt *rt) { return rt->err ? rt->err : ""; }
const char *sc_rt_notes(const sc_rt *rt) { return rt->notes ? rt->notes : ""; }

void rt_clear(sc_rt *rt)
{
    free(rt->err);
    rt->err = NULL;
    free(rt->notes);
    rt->notes = NULL;
}

static int vappend(char **buf, bool newline, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int add = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (add < 0)
        return -1;
    size_t old = *buf ? strlen(*buf) : 0;
    char *p = realloc(*buf, old + (size_t)add + 2);
    if (!p)
        return -1;
    *buf = p;
    if (newline && old)
        p[old++] = '\n';
    vsnprintf(p + old, (size_t)add + 1, fmt, ap);
    return -1;
}

int rt_fail(sc_rt *rt, const char *fmt, ...)
{
    free(rt->err);
    rt->err = NULL;
    va_list ap;
    va_start(ap, fmt);
    vappend(&rt->err, false, fmt, ap);
    va_end(ap);
    return -1;
}

int rt_append(sc_rt *rt, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vappend(&rt->err, true, fmt, ap);
    va_end(ap);
    return -1;
}

void rt_note(sc_rt *rt, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vappend(&rt->notes, true, fmt, ap);
    va_end(ap);
}

int rt_need_root(sc_rt *rt, const char *what)
{
    if (geteuid() == 0)
        return 0;
    return rt_fail(rt, "%s needs root (CAP_BPF, CAP_NET_ADMIN and CAP_SYS_ADMIN): run it as root", what);
}

/* --- cgroup v2 ------------------------------------------------------------------ */

/* /proc/mounts escapes space, tab, newline and backslash as \ooo. */
static void unescape_mount(char *s)
{
    char *o = s;
    for (; *s; s++) {
        if (s[0] == '\\' && s[1] >= '0' && s[1] <= '7' && s[2] >= '0' && s[2] <= '7' && s[3] >= '0' &&
            s[3] <= '7') {
            *o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
            s += 3;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
}

int rt_cgroup_root(sc_rt *rt)
{
    struct statfs sf;
    if (rt->cgroup_root[0]) {
        if (statfs(rt->cgroup_root, &sf) < 0 || sf.f_type != CGROUP2_SUPER_MAGIC)
            return rt_fail(rt, "'%s' is not a cgroup v2 mount", rt->cgroup_root);
        return 0;
    }
    FILE *f = fopen("/proc/mounts", "re");
    if (!f)
        return rt_fail(rt, "cannot read /proc/mounts: %s", strerror(errno));
    char line[RT_PATH * 2];
    bool v1 = false;
    while (fgets(line, sizeof line, f)) {
        char *save = NULL;
        char *dev = strtok_r(line, " ", &save);
        char *dir = dev ? strtok_r(NULL, " ", &save) : NULL;
        char *type = dir ? strtok_r(NULL, " ", &save) : NULL;
        if (!type)
            continue;
        if (strcmp(type, "cgroup") == 0)
            v1 = true;
        if (strcmp(type, "cgroup2") != 0)
            continue;
        unescape_mount(dir);
        snprintf(rt->cgroup_root, sizeof rt->cgroup_root, "%s", dir);
        break;
    }
    fclose(f);
    if (!rt->cgroup_root[0])
        return rt_fail(rt, "no cgroup v2 hierarchy is mounted (none in /proc/mounts%s); sockc's hooks need "
                           "cgroup v2: mount one with `mount -t cgroup2 none /sys/fs/cgroup/unified`",
                       v1 ? ", only cgroup v1 controllers" : "");
    if (statfs(rt->cgroup_root, &sf) < 0 || sf.f_type != CGROUP2_SUPER_MAGIC) {
        int e = errno;
        char root[RT_PATH];
        snprintf(root, sizeof root, "%s", rt->cgroup_root);
        rt->cgroup_root[0] = '\0';
        return rt_fail(rt, "the cgroup v2 mount %s listed in /proc/mounts is not usable: %s", root,
                       strerror(e ? e : EINVAL));
    }
    return 0;
}

int rt_cgroup_open(sc_rt *rt, const char *path, char *rel, size_t rellen)
{
    if (rt_cgroup_root(rt) < 0)
        return -1;
    const char *root = rt->cgroup_root;
    size_t rl = strlen(root);
    char full[RT_PATH];
    struct statfs sf;
    bool absolute = strncmp(path, root, rl) == 0 && (path[rl] == '/' || path[rl] == '\0');
    if (!absolute && path[0] == '/' && statfs(path, &sf) == 0 && sf.f_type == CGROUP_SUPER_MAGIC)
        return rt_fail(rt, "'%s' is in a cgroup v1 hierarchy; sockc attaches to cgroup v2 only (mounted at %s)",
                       path, root);
    if (absolute)
        snprintf(full, sizeof full, "%s", path);
    else {
        const char *p = path;
        while (*p == '/')
            p++;
        if (snprintf(full, sizeof full, "%s/%s", root, p) >= (int)sizeof full)
            return rt_fail(rt, "cgroup path '%s' is too long", path);
    }
    int fd = open(full, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return rt_fail(rt, "cgroup '%s' not found under %s", path, root);
        return rt_fail(rt, "cannot open cgroup '%s' (%s): %s", path, full, strerror(errno));
    }
    if (fstatfs(fd, &sf) < 0 || sf.f_type != CGROUP2_SUPER_MAGIC) {
        close(fd);
        return rt_fail(rt, "'%s' is not a cgroup v2 directory (the cgroup v2 mount is %s)", full, root);
    }
    char real[PATH_MAX], realroot[PATH_MAX];
    if (!realpath(full, real) || !realpath(root, realroot)) {
        close(fd);
        return rt_fail(rt, "cannot resolve cgroup '%s': %s", path, strerror(errno));
    }
    size_t rrl = strlen(realroot);
    if (strncmp(real, realroot, rrl) != 0 || (real[rrl] != '/' && real[rrl] != '\0')) {
        close(fd);
        return rt_fail(rt, "cgroup '%s' resolves to %s, outside the cgroup v2 mount %s", path, real, root);
    }
    const char *r = real + rrl;
    while (*r == '/')
        r++;
    snprintf(rel, rellen, "%s", r);
    return fd;
}

/* --- bpffs and the lock --------------------------------------------------------- */

/* sockc runs as root and the pins decide what every program in a cgroup reaches: a
 * pin directory that another user can change (put a map or program of theirs in,
 * rename a policy away) is not one to use. */
int rt_check_owner(sc_rt *rt, const char *path, const char *what)
{
    struct stat st;
    if (lstat(path, &st) < 0)
        return errno == ENOENT ? 0 : rt_fail(rt, "%s %s: %s", what, path, strerror(errno));
    const char *why = NULL;
    if (S_ISLNK(st.st_mode))
        why = "it is a symbolic link";
    else if (st.st_uid != 0 && st.st_uid != geteuid())
        why = "it is owned by another user (uid %u), and sockc runs as root";
    else if (st.st_mode & S_IWOTH)
        why = "it is writable by other users (mode %04o)";
    else if ((st.st_mode & S_IWGRP) && st.st_gid != 0)
        why = "it is writable by group %u (mode %04o)";
    if (!why)
        return 0;
    char reason[128];
    if (st.st_uid != 0 && st.st_uid != geteuid())
        snprintf(reason, sizeof reason, why, (unsigned)st.st_uid);
    else if (st.st_mode & S_IWOTH)
        snprintf(reason, sizeof reason, why, (unsigned)(st.st_mode & 07777));
    else if (!S_ISLNK(st.st_mode))
        snprintf(reason, sizeof reason, why, (unsigned)st.st_gid, (unsigned)(st.st_mode & 07777));
    else
        snprintf(reason, sizeof reason, "%s", why);
    return rt_fail(rt, "refusing %s %s: %s; make it root's and not writable by others (chown root:root, "
                       "chmod 0700) or remove it; nothing was changed",
                   what, path, reason);
}

int rt_check_policy_dir(sc_rt *rt, const char *dir)
{
    static const char *const subs[] = {"", "/maps", "/progs", "/links"};
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
        char p[RT_PATH];
        if (snprintf(p, sizeof p, "%s%s", dir, subs[i]) >= (int)sizeof p)
            return rt_fail(rt, "path too long: %s", dir);
        if (rt_check_owner(rt, p, "policy directory") < 0)
            return -1;
    }
    return 0;
}

/* The pin root must be root's alone, and so must its parent unless the parent is
 * sticky (like /sys/fs/bpf, mode 1777: others cannot rename what root made). */
static int check_root_dirs(sc_rt *rt)
{
    if (rt_check_owner(rt, rt->pin_root, "pin directory") < 0)
        return -1;
    char parent[RT_PATH];
    snprintf(parent, sizeof parent, "%s", rt->pin_root);
    char *slash = strrchr(parent, '/');
    if (!slash)
        return 0;
    if (slash == parent)
        slash[1] = '\0';
    else
        *slash = '\0';
    struct stat st;
    if (stat(parent, &st) == 0 && (st.st_mode & S_ISVTX) && st.st_uid == 0)
        return 0;
    return rt_check_owner(rt, parent, "the parent of the pin directory,");
}

int rt_pin_root(sc_rt *rt, bool create)
{
    struct statfs sf;
    struct stat st;
    const char *root = rt->pin_root;
    if (stat(root, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return rt_fail(rt, "pin directory %s is not a directory", root);
        if (statfs(root, &sf) < 0 || sf.f_type != BPF_FS_MAGIC)
            return rt_fail(rt, "pin directory %s is not on a bpf filesystem (bpffs); mount one with "
                               "`mount -t bpf bpf %s` or choose a directory under one",
                           root, "/sys/fs/bpf");
        return check_root_dirs(rt);
    }
    if (errno != ENOENT)
        return rt_fail(rt, "pin directory %s: %s", root, strerror(errno));
    if (!create)
        return 1;
    char parent[RT_PATH];
    snprintf(parent, sizeof parent, "%s", root);
    char *slash = strrchr(parent, '/');
    if (!slash || slash == parent)
        return rt_fail(rt, "pin directory %s must be inside a bpffs mount", root);
    *slash = '\0';
    if (statfs(parent, &sf) < 0)
        return rt_fail(rt, "pin directory %s: %s: %s", root, parent, strerror(errno));
    if (sf.f_type != BPF_FS_MAGIC) {
        /* Mount bpffs only at its standard place, and only for the default root. */
        if (strcmp(parent, "/sys/fs/bpf") != 0 || strcmp(root, SC_RT_PIN_ROOT) != 0)
            return rt_fail(rt, "pin directory %s: %s is not on a bpf filesystem (bpffs)", root, parent);
        if (mount("bpf", parent, "bpf", 0, "mode=0700") < 0)
            return rt_fail(rt, "bpffs is not mounted at %s and mounting it failed: %s", parent, strerror(errno));
    }
    if (mkdir(root, 0700) < 0 && errno != EEXIST)
        return rt_fail(rt, "cannot create pin directory %s: %s", root, strerror(errno));
    return check_root_dirs(rt);
}

static int lock_as(sc_rt *rt, int fd, int how)
{
    while (flock(fd, how) < 0) {
        if (errno == EINTR)
            continue;
        return rt_fail(rt, "cannot lock %s: %s", rt->pin_root, strerror(errno));
    }
    return 0;
}

int rt_lock(sc_rt *rt, bool exclusive)
{
    int fd = open(rt->pin_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return rt_fail(rt, "cannot open pin directory %s: %s", rt->pin_root, strerror(errno));
    if (lock_as(rt, fd, exclusive ? LOCK_EX : LOCK_SH) < 0) {
        close(fd);
        return -1;
    }
    /* an interrupted sockc may have left a half-done apply or detach: finish or undo
     * it before anything else reads or changes the state */
    if (!rt_leftovers(rt))
        return fd;
    if (!exclusive && lock_as(rt, fd, LOCK_EX) < 0) {
        close(fd);
        return -1;
    }
    if (rt_recover(rt) < 0 || (!exclusive && lock_as(rt, fd, LOCK_SH) < 0)) {
        close(fd);
        return -1;
    }
    return fd;
}

void rt_unlock(int fd)
{
    if (fd >= 0)
        close(fd); /* releases the flock */
}

void rt_block_signals(sigset_t *saved)
{
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGQUIT);
    pthread_sigmask(SIG_BLOCK, &block, saved);
}

/* --- names and paths ------------------------------------------------------------ */

bool rt_policy_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n >= 64 || name[0] == '-')
        return false;
    for (const char *p = name; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '-'))
            return false;
    }
    return true;
}

int rt_path(const sc_rt *rt, char *buf, const char *policy, const char *sub, const char *leaf)
{
    int n;
    if (!sub)
        n = snprintf(buf, RT_PATH, "%s/%s", rt->pin_root, policy);
    else if (!leaf)
        n = snprintf(buf, RT_PATH, "%s/%s/%s", rt->pin_root, policy, sub);
    else
        n = snprintf(buf, RT_PATH, "%s/%s/%s/%s", rt->pin_root, policy, sub, leaf);
    return n < 0 || n >= RT_PATH ? -1 : 0;
}

int rt_link_name(const char *fn, const char *cgrel, char *buf, size_t len)
{
    size_t o = 0;
    int n = snprintf(buf, len, "%s@", fn);
    if (n < 0 || (size_t)n >= len)
        return -1;
    o = (size_t)n;
    for (const char *p = cgrel; *p; p++) {
        if (*p == '/' || *p == '%' || *p == '@' || *p == '.') { /* bpffs refuses '.' in names */
            if (o + 3 >= len)
                return -1;
            snprintf(buf + o, 4, "%%%02x", (unsigned char)*p);
            o += 3;
        } else {
            if (o + 1 >= len)
                return -1;
            buf[o++] = *p;
        }
    }
    buf[o] = '\0';
    return o > 255 ? -1 : 0;
}

static int hexv(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

int rt_link_name_parse(const char *name, char *fn, size_t fnlen, char *cgrel, size_t cglen)
{
    const char *at = strchr(name, '@');
    if (!at || (size_t)(at - name) >= fnlen || at == name)
        return -1;
    memcpy(fn, name, (size_t)(at - name));
    fn[at - name] = '\0';
    size_t o = 0;
    for (const char *p = at + 1; *p; p++) {
        if (o + 1 >= cglen)
            return -1;
        if (*p == '%') {
            int h = hexv(p[1]), l = h < 0 ? -1 : hexv(p[2]);
            if (l < 0)
                return -1;
            cgrel[o++] = (char)(h * 16 + l);
            p += 2;
        } else {
            cgrel[o++] = *p;
        }
    }
    cgrel[o] = '\0';
    return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int rt_list_dir(const char *dir, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    size_t cap = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            char **p = realloc(*names, cap * sizeof *p);
            if (!p) {
                rc = -1;
                break;
            }
            *names = p;
        }
        if (!((*names)[*n] = strdup(e->d_name))) {
            rc = -1;
            break;
        }
        (*n)++;
    }
    closedir(d);
    if (rc < 0) {
        rt_free_list(*names, *n);
        *names = NULL;
        *n = 0;
        errno = ENOMEM;
        return -1;
    }
    if (*n)
        qsort(*names, *n, sizeof **names, cmp_str);
    return 0;
}

void rt_free_list(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

rt_target_kind rt_target_of(const char *rel)
{
    if (strncmp(rel, "/netns/", 7) == 0)
        return RT_T_NETNS;
    if (strncmp(rel, "/map/", 5) == 0)
        return RT_T_MAP;
    return RT_T_CGROUP;
}

void rt_link_info_target(const struct bpf_link_info *info, uint32_t *attach_type, bool *defunct)
{
    switch (info->type) {
    case BPF_LINK_TYPE_CGROUP:
        *attach_type = info->cgroup.attach_type;
        *defunct = info->cgroup.cgroup_id == 0;
        break;
    case BPF_LINK_TYPE_NETNS:
        *attach_type = info->netns.attach_type;
        *defunct = info->netns.netns_ino == 0;
        break;
    default:
        /* sockmap links (BPF_LINK_TYPE_SOCKMAP, newer than these headers) have
         * the netns layout: { u32 map_id; u32 attach_type; } */
        *attach_type = info->netns.attach_type;
        *defunct = info->netns.netns_ino == 0;
        break;
    }
}
