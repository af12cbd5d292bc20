/* The pinned state of a policy: its stored metadata and the removal of its tree. */
#include "internal.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define META_CHUNK 4096u

int rt_meta_store(sc_rt *rt, const sc_meta *m, const char *path)
{
    sc_meta copy = *m; /* set contents are in the maps already; keep the rest */
    copy.fills = NULL;
    copy.nfills = 0;
    char *text = NULL;
    size_t len = 0;
    if (sc_meta_write(&copy, &text, &len) < 0)
        return rt_fail(rt, "out of memory");
    uint32_t chunks = (uint32_t)((len + 1 + META_CHUNK - 1) / META_CHUNK);
    char *buf = calloc(chunks, META_CHUNK);
    if (!buf) {
        free(text);
        return rt_fail(rt, "out of memory");
    }
    memcpy(buf, text, len);
    free(text);
    LIBBPF_OPTS(bpf_map_create_opts, mo, .map_flags = BPF_F_RDONLY_PROG);
    int fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "sockc_meta", 4, META_CHUNK, chunks, &mo);
    int rc = 0;
    if (fd < 0) {
        rc = rt_fail(rt, "cannot create the policy's metadata map: %s", strerror(errno));
        goto out;
    }
    for (uint32_t i = 0; i < chunks; i++) {
        if (bpf_map_update_elem(fd, &i, buf + (size_t)i * META_CHUNK, BPF_ANY) < 0) {
            rc = rt_fail(rt, "cannot write the policy's metadata map: %s", strerror(errno));
            goto out;
        }
    }
    if (bpf_map_freeze(fd) < 0 || bpf_obj_pin(fd, path) < 0)
        rc = rt_fail(rt, "cannot pin %s: %s", path, strerror(errno));
out:
    if (fd >= 0)
        close(fd);
    free(buf);
    return rc;
}

int rt_meta_load(sc_rt *rt, const char *policy, sc_meta *m)
{
    char path[RT_PATH];
    memset(m, 0, sizeof *m);
    if (rt_path(rt, path, policy, "meta", NULL) < 0)
        return rt_fail(rt, "policy name too long");
    int fd = bpf_obj_get(path);
    if (fd < 0) {
        if (errno == ENOENT)
            return rt_fail(rt, "policy '%s' is not applied (nothing at %s)", policy, path);
        return rt_fail(rt, "cannot open %s: %s", path, strerror(errno));
    }
    struct bpf_map_info info = {0};
    uint32_t ilen = sizeof info;
    int rc = 0;
    char *buf = NULL;
    if (bpf_obj_get_info_by_fd(fd, &info, &ilen) < 0 || info.type != BPF_MAP_TYPE_ARRAY || info.key_size != 4 ||
        info.value_size == 0) {
        rc = rt_fail(rt, "%s is not a sockc metadata map", path);
        goto out;
    }
    size_t total = (size_t)info.value_size * info.max_entries;
    buf = calloc(1, total + 1);
    if (!buf) {
        rc = rt_fail(rt, "out of memory");
        goto out;
    }
    for (uint32_t i = 0; i < info.max_entries; i++) {
        if (bpf_map_lookup_elem(fd, &i, buf + (size_t)i * info.value_size) < 0) {
            rc = rt_fail(rt, "cannot read %s: %s", path, strerror(errno));
            goto out;
        }
    }
    char err[256] = "";
    if (sc_meta_parse(buf, strnlen(buf, total), m, err, sizeof err) < 0)
        rc = rt_fail(rt, "policy '%s': stored metadata: %s", policy, err);
out:
    free(buf);
    close(fd);
    return rc;
}

static bool kept(uint32_t id, const uint32_t *keep, size_t nkeep)
{
    for (size_t i = 0; i < nkeep; i++)
        if (keep[i] == id)
            return true;
    return false;
}

typedef struct remove_opts {
    sc_rt *rt;
    bool detach;
    const uint32_t *keep;
    size_t nkeep;
} remove_opts;

static int remove_rec(const remove_opts *o, const char *dir, bool is_links, int depth)
{
    char **names;
    size_t n;
    if (rt_list_dir(dir, &names, &n) < 0)
        return errno == ENOENT ? 0 : -1;
    int rc = 0;
    /* the mark of an uncommitted tree goes last (recover.c reads it) */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            if ((depth == 0 && strcmp(names[i], RT_MARK) == 0) != (pass == 1))
                continue;
            char p[RT_PATH];
            if (snprintf(p, sizeof p, "%s/%s", dir, names[i]) >= (int)sizeof p) {
                rc = -1;
                continue;
            }
            struct stat st;
            if (lstat(p, &st) < 0)
                continue;
            if (S_ISDIR(st.st_mode)) {
                if (depth < 2 && remove_rec(o, p, strcmp(names[i], "links") == 0, depth + 1) < 0)
                    rc = -1;
                continue;
            }
            if (is_links && o->detach) {
                int fd = bpf_obj_get(p);
                if (fd >= 0) {
                    struct bpf_link_info info = {0};
                    uint32_t ilen = sizeof info;
                    if (bpf_obj_get_info_by_fd(fd, &info, &ilen) < 0 || !kept(info.id, o->keep, o->nkeep)) {
                        bpf_link_detach(fd); /* synchronous; the unpin alone releases it later */
                        rt_step(o->rt, "detached link %s", p);
                    }
                    close(fd);
                }
            }
            if (unlink(p) < 0 && errno != ENOENT)
                rc = -1;
            rt_step(o->rt, "unpinned %s", p);
        }
    }
    rt_free_list(names, n);
    if (rmdir(dir) < 0 && errno != ENOENT)
        rc = -1;
    return rc;
}

int rt_remove_tree(sc_rt *rt, const char *dir, bool detach_links, const uint32_t *keep, size_t nkeep)
{
    remove_opts o = {.rt = rt, .detach = detach_links, .keep = keep, .nkeep = nkeep};
    if (remove_rec(&o, dir, false, 0) < 0)
        return rt_fail(rt, "cannot remove %s completely: %s", dir, strerror(errno));
    return 0;
}

int rt_link_infos(const char *dir, struct bpf_link_info **infos, size_t *n)
{
    *infos = NULL;
    *n = 0;
    char links[RT_PATH];
    if (snprintf(links, sizeof links, "%s/links", dir) >= (int)sizeof links)
        return -1;
    char **names;
    size_t k;
    if (rt_list_dir(links, &names, &k) < 0)
        return errno == ENOENT ? 0 : -1;
    *infos = calloc(k ? k : 1, sizeof **infos);
    if (!*infos) {
        rt_free_list(names, k);
        return -1;
    }
    for (size_t i = 0; i < k; i++) {
        char p[RT_PATH];
        if (snprintf(p, sizeof p, "%s/%s", links, names[i]) >= (int)sizeof p)
            continue;
        int fd = bpf_obj_get(p);
        if (fd < 0)
            continue;
        uint32_t ilen = sizeof **infos;
        if (bpf_obj_get_info_by_fd(fd, &(*infos)[*n], &ilen) == 0)
            (*n)++;
        close(fd);
    }
    rt_free_list(names, k);
    return 0;
}
