/* status: what is pinned, read back from bpffs and the kernel; text or JSON. */
#include "internal.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *dupstr(const char *s) { return strdup(s ? s : ""); }

/* Entries in a map: keys for hash-like maps, every slot for arrays, filled slots for
 * sockmaps. Bounded by max_entries + 1 so a changing map cannot loop forever. */
static uint32_t count_entries(int fd, const struct bpf_map_info *info)
{
    switch (info->type) {
    case BPF_MAP_TYPE_ARRAY:
    case BPF_MAP_TYPE_PERCPU_ARRAY:
        return info->max_entries;
    case BPF_MAP_TYPE_SOCKMAP: {
        uint32_t n = 0;
        uint64_t v;
        for (uint32_t i = 0; i < info->max_entries; i++)
            if (bpf_map_lookup_elem(fd, &i, &v) == 0 || errno != ENOENT)
                n++;
        return n;
    }
    default:
        break;
    }
    uint8_t *a = calloc(2, info->key_size ? info->key_size : 1);
    if (!a)
        return 0;
    uint8_t *cur = a, *next = a + info->key_size;
    uint32_t n = 0;
    void *prev = NULL;
    while (n <= info->max_entries && bpf_map_get_next_key(fd, prev, next) == 0) {
        n++;
        uint8_t *t = cur;
        cur = next;
        next = t;
        prev = cur;
    }
    free(a);
    return n;
}

/* Each pin of one kind ("links", "progs", "maps") of a policy, read into an element of
 * a new array: read() gets the element, the pin's name and an fd of the pinned object
 * (-1 when it cannot be opened: the element then shows no id), and returns whether to
 * keep the element. A missing directory is an empty list. */
typedef bool (*pin_reader)(void *elem, const char *name, int fd, const sc_meta *m);

static int read_pins(sc_rt *rt, const char *policy, const char *kind, const sc_meta *m, size_t elem_size,
                     pin_reader read, void **elems, size_t *count)
{
    char dir[RT_PATH];
    char **names;
    size_t n;
    if (rt_path(rt, dir, policy, kind, NULL) < 0 || rt_list_dir(dir, &names, &n) < 0)
        return 0;
    *elems = calloc(n ? n : 1, elem_size);
    for (size_t i = 0; *elems && i < n; i++) {
        char path[RT_PATH];
        if (snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= (int)sizeof path)
            continue;
        int fd = bpf_obj_get(path);
        *count += read((char *)*elems + *count * elem_size, names[i], fd, m);
        if (fd >= 0)
            close(fd);
    }
    rt_free_list(names, n);
    return *elems ? 0 : rt_fail(rt, "out of memory");
}

static bool read_link(void *elem, const char *name, int fd, const sc_meta *m)
{
    (void)m;
    sc_rt_link_status *l = elem;
    char fn[256], cg[RT_PATH];
    if (rt_link_name_parse(name, fn, sizeof fn, cg, sizeof cg) < 0)
        return false;
    l->prog = dupstr(fn);
    rt_target_kind kind = rt_target_of(cg);
    char target[RT_PATH + 16];
    if (kind == RT_T_CGROUP) {
        l->cgroup = dupstr(cg[0] ? cg : "/");
        snprintf(target, sizeof target, "cgroup:%s", cg[0] ? cg : "/");
    } else {
        snprintf(target, sizeof target, "%s:%s", kind == RT_T_NETNS ? "netns" : "map", cg + (kind == RT_T_NETNS ? 7 : 5));
    }
    l->target = dupstr(target);
    struct bpf_link_info info = {0};
    uint32_t ilen = sizeof info;
    if (fd >= 0 && bpf_obj_get_info_by_fd(fd, &info, &ilen) == 0) {
        uint32_t type;
        l->id = info.id;
        rt_link_info_target(&info, &type, &l->defunct);
    }
    return true;
}

static bool read_prog(void *elem, const char *name, int fd, const sc_meta *m)
{
    sc_rt_prog_status *p = elem;
    const sc_meta_prog *mp = sc_meta_find_prog(m, name);
    p->name = dupstr(name);
    p->section = dupstr(mp ? mp->section : "");
    p->hook = dupstr(mp ? mp->hook : "");
    struct bpf_prog_info info = {0};
    uint32_t ilen = sizeof info;
    if (fd >= 0 && bpf_obj_get_info_by_fd(fd, &info, &ilen) == 0) {
        p->id = info.id;
        for (int k = 0; k < 8; k++)
            snprintf(p->tag + 2 * k, 3, "%02x", info.tag[k]);
        p->verified_insns = info.verified_insns;
        p->xlated_insns = info.xlated_prog_len / 8;
        p->jited_bytes = info.jited_prog_len;
    }
    return true;
}

static bool read_map(void *elem, const char *name, int fd, const sc_meta *m)
{
    sc_rt_map_status *s = elem;
    const sc_meta_map *mm = sc_meta_find_map(m, name);
    s->name = dupstr(name);
    s->kind = dupstr(mm ? mm->kind : "");
    s->key = dupstr(mm ? mm->key : "");
    s->value = dupstr(mm ? mm->value : "");
    s->origin = dupstr(mm ? mm->origin : "");
    struct bpf_map_info info = {0};
    uint32_t ilen = sizeof info;
    if (fd >= 0 && bpf_obj_get_info_by_fd(fd, &info, &ilen) == 0) {
        s->id = info.id;
        s->max_entries = info.max_entries;
        s->entries = count_entries(fd, &info);
    }
    return true;
}

/* The counters of policy name (meta m), each summed over the CPUs of the per-CPU
 * array. A counter that cannot be read shows 0. */
static int read_counters(sc_rt *rt, const char *name, const sc_meta *m, sc_rt_policy_status *ps)
{
    if (!m->ncounters)
        return 0;
    ps->counters = calloc(m->ncounters, sizeof *ps->counters);
    int ncpus = libbpf_num_possible_cpus();
    uint64_t *v = ncpus > 0 ? calloc((size_t)ncpus, sizeof *v) : NULL;
    if (!ps->counters || !v) {
        free(v);
        return rt_fail(rt, "out of memory");
    }
    char path[RT_PATH];
    int fd = rt_path(rt, path, name, "maps", SC_META_COUNTERS_MAP) < 0 ? -1 : bpf_obj_get(path);
    int rc = 0;
    for (uint32_t i = 0; i < m->ncounters && rc == 0; i++) {
        sc_rt_counter *c = &ps->counters[ps->ncounters++];
        if (!(c->name = dupstr(m->counters[i])))
            rc = rt_fail(rt, "out of memory");
        if (fd >= 0 && bpf_map_lookup_elem(fd, &i, v) == 0)
            for (int k = 0; k < ncpus; k++)
                c->value += v[k];
    }
    if (fd >= 0)
        close(fd);
    free(v);
    return rc;
}

static int read_policy(sc_rt *rt, const char *name, sc_rt_policy_status *ps)
{
    sc_meta m;
    if (rt_meta_load(rt, name, &m) < 0)
        return -1;
    ps->name = dupstr(name);
    ps->source = dupstr(m.source);
    ps->compiler = dupstr(m.compiler);
    int rc = 0;
    void *links = NULL, *progs = NULL, *maps = NULL;
    if (read_pins(rt, name, "links", &m, sizeof *ps->links, read_link, &links, &ps->nlinks) < 0 ||
        read_pins(rt, name, "progs", &m, sizeof *ps->progs, read_prog, &progs, &ps->nprogs) < 0 ||
        read_pins(rt, name, "maps", &m, sizeof *ps->maps, read_map, &maps, &ps->nmaps) < 0)
        rc = -1;
    ps->links = links, ps->progs = progs, ps->maps = maps; /* freed with ps, whatever happened */
    if (rc == 0)
        rc = read_counters(rt, name, &m, ps);
    sc_meta_free(&m);
    return rc;
}

int sc_rt_status_get(sc_rt *rt, const char *policy, sc_rt_status **out)
{
    rt_clear(rt);
    *out = NULL;
    if (rt_need_root(rt, "reading the policies' state") < 0)
        return -1;
    sc_rt_status *st = calloc(1, sizeof *st);
    if (!st)
        return rt_fail(rt, "out of memory");
    int r = rt_pin_root(rt, false);
    if (r < 0) {
        free(st);
        return -1;
    }
    if (r == 1) {
        if (policy) {
            free(st);
            return rt_fail(rt, "policy '%s' is not applied", policy);
        }
        *out = st;
        return 0;
    }
    int lock = rt_lock(rt, false);
    if (lock < 0) {
        free(st);
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    int rc = 0;
    if (rt_list_dir(rt->pin_root, &names, &n) < 0) {
        rc = rt_fail(rt, "cannot read %s: %s", rt->pin_root, strerror(errno));
        goto out;
    }
    st->policies = calloc(n ? n : 1, sizeof *st->policies);
    if (!st->policies) {
        rc = rt_fail(rt, "out of memory");
        goto out;
    }
    bool found = false;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (names[i][0] == '@' || (policy && strcmp(policy, names[i]) != 0))
            continue;
        found = true;
        rc = read_policy(rt, names[i], &st->policies[st->npolicies++]);
    }
    if (rc == 0 && policy && !found)
        rc = rt_fail(rt, "policy '%s' is not applied", policy);
out:
    rt_free_list(names, n);
    rt_unlock(lock);
    if (rc < 0)
        sc_rt_status_free(st);
    else
        *out = st;
    return rc;
}

void sc_rt_status_free(sc_rt_status *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < st->npolicies; i++) {
        sc_rt_policy_status *p = &st->policies[i];
        free(p->name), free(p->source), free(p->compiler);
        for (size_t k = 0; k < p->nlinks; k++)
            free(p->links[k].prog), free(p->links[k].cgroup), free(p->links[k].target);
        for (size_t k = 0; k < p->nprogs; k++)
            free(p->progs[k].name), free(p->progs[k].section), free(p->progs[k].hook);
        for (size_t k = 0; k < p->nmaps; k++)
            free(p->maps[k].name), free(p->maps[k].kind), free(p->maps[k].key), free(p->maps[k].value),
                free(p->maps[k].origin);
        for (size_t k = 0; k < p->ncounters; k++)
            free(p->counters[k].name);
        free(p->links), free(p->progs), free(p->maps), free(p->counters);
    }
    free(st->policies);
    free(st);
}

/* --- output ---------------------------------------------------------------------- */

/* Whether link k is not on a cgroup, or on one an earlier link was on. */
static bool seen_before(const sc_rt_policy_status *p, size_t k)
{
    if (!p->links[k].cgroup)
        return true;
    for (size_t j = 0; j < k; j++)
        if (p->links[j].cgroup && strcmp(p->links[j].cgroup, p->links[k].cgroup) == 0)
            return true;
    return false;
}

static const char *link_where(const sc_rt_link_status *l, char *buf, size_t len)
{
    if (l->cgroup)
        return l->cgroup;
    if (strncmp(l->target, "netns:", 6) == 0)
        snprintf(buf, len, "network namespace (inode %s)", l->target + 6);
    else
        snprintf(buf, len, "socket map %s", l->target + 4);
    return buf;
}

static json_object *policy_json(const sc_rt_policy_status *p)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "name", json_object_new_string(p->name));
    json_object_object_add(o, "source", json_object_new_string(p->source));
    json_object_object_add(o, "compiler", json_object_new_string(p->compiler));
    json_object *cgs = json_object_new_array();
    for (size_t k = 0; k < p->nlinks; k++)
        if (!seen_before(p, k))
            json_object_array_add(cgs, json_object_new_string(p->links[k].cgroup));
    json_object_object_add(o, "cgroups", cgs);
    json_object *links = json_object_new_array();
    for (size_t k = 0; k < p->nlinks; k++) {
        json_object *l = json_object_new_object();
        json_object_object_add(l, "program", json_object_new_string(p->links[k].prog));
        json_object_object_add(l, "cgroup", p->links[k].cgroup ? json_object_new_string(p->links[k].cgroup) : NULL);
        json_object_object_add(l, "target", json_object_new_string(p->links[k].target));
        json_object_object_add(l, "id", json_object_new_int64(p->links[k].id));
        json_object_object_add(l, "defunct", json_object_new_boolean(p->links[k].defunct));
        json_object_array_add(links, l);
    }
    json_object_object_add(o, "links", links);
    json_object *progs = json_object_new_array();
    for (size_t k = 0; k < p->nprogs; k++) {
        const sc_rt_prog_status *s = &p->progs[k];
        json_object *j = json_object_new_object();
        json_object_object_add(j, "name", json_object_new_string(s->name));
        json_object_object_add(j, "section", json_object_new_string(s->section));
        json_object_object_add(j, "hook", json_object_new_string(s->hook));
        json_object_object_add(j, "id", json_object_new_int64(s->id));
        json_object_object_add(j, "tag", json_object_new_string(s->tag));
        json_object_object_add(j, "verified_insns", json_object_new_int64(s->verified_insns));
        json_object_object_add(j, "xlated_insns", json_object_new_int64(s->xlated_insns));
        json_object_object_add(j, "jited_bytes", json_object_new_int64(s->jited_bytes));
        json_object_array_add(progs, j);
    }
    json_object_object_add(o, "programs", progs);
    json_object *maps = json_object_new_array();
    for (size_t k = 0; k < p->nmaps; k++) {
        const sc_rt_map_status *s = &p->maps[k];
        json_object *j = json_object_new_object();
        json_object_object_add(j, "name", json_object_new_string(s->name));
        json_object_object_add(j, "kind", json_object_new_string(s->kind));
        json_object_object_add(j, "key", json_object_new_string(s->key));
        json_object_object_add(j, "value", json_object_new_string(s->value));
        json_object_object_add(j, "origin", json_object_new_string(s->origin));
        json_object_object_add(j, "id", json_object_new_int64(s->id));
        json_object_object_add(j, "max_entries", json_object_new_int64(s->max_entries));
        json_object_object_add(j, "entries", json_object_new_int64(s->entries));
        json_object_array_add(maps, j);
    }
    json_object_object_add(o, "maps", maps);
    json_object *counters = json_object_new_object();
    for (size_t k = 0; k < p->ncounters; k++)
        json_object_object_add(counters, p->counters[k].name, json_object_new_uint64(p->counters[k].value));
    json_object_object_add(o, "counters", counters);
    return o;
}

int sc_rt_status_write(const sc_rt_status *st, FILE *f, bool json)
{
    if (json) {
        json_object *root = json_object_new_object();
        json_object *arr = json_object_new_array();
        for (size_t i = 0; i < st->npolicies; i++)
            json_object_array_add(arr, policy_json(&st->policies[i]));
        json_object_object_add(root, "policies", arr);
        const char *s = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
        int rc = fprintf(f, "%s\n", s) < 0 ? -1 : 0;
        json_object_put(root);
        return rc;
    }
    if (st->npolicies == 0)
        fprintf(f, "no policies applied\n");
    for (size_t i = 0; i < st->npolicies; i++) {
        const sc_rt_policy_status *p = &st->policies[i];
        fprintf(f, "%spolicy %s (source %s, compiler %s)\n", i ? "\n" : "", p->name, p->source[0] ? p->source : "?",
                p->compiler[0] ? p->compiler : "?");
        fprintf(f, "  cgroups:");
        for (size_t k = 0; k < p->nlinks; k++)
            if (!seen_before(p, k))
                fprintf(f, " %s", p->links[k].cgroup);
        size_t ncg = 0;
        for (size_t k = 0; k < p->nlinks; k++)
            ncg += p->links[k].cgroup != NULL;
        fprintf(f, "%s\n", ncg ? "" : " (none)");
        for (size_t k = 0; k < p->nprogs; k++) {
            const sc_rt_prog_status *s = &p->progs[k];
            fprintf(f, "  program %s  %s  id %u  tag %s  %u insns verified, %u xlated, %u B jited\n", s->name,
                    s->section, s->id, s->tag, s->verified_insns, s->xlated_insns, s->jited_bytes);
            for (size_t j = 0; j < p->nlinks; j++)
                if (strcmp(p->links[j].prog, s->name) == 0) {
                    char buf[RT_PATH];
                    fprintf(f, "    attached to %s (link %u)%s\n", link_where(&p->links[j], buf, sizeof buf),
                            p->links[j].id,
                            !p->links[j].defunct ? ""
                            : p->links[j].cgroup ? ": the cgroup is gone"
                                                 : ": it is gone");
                }
        }
        for (size_t k = 0; k < p->nmaps; k++) {
            const sc_rt_map_status *s = &p->maps[k];
            fprintf(f, "  map %s  %s<%s, %s>[%u]  %u entr%s  (%s)  id %u\n", s->name, s->kind, s->key, s->value,
                    s->max_entries, s->entries, s->entries == 1 ? "y" : "ies", s->origin[0] ? s->origin : "?", s->id);
        }
        for (size_t k = 0; k < p->ncounters; k++)
            fprintf(f, "  counter %s  %" PRIu64 "\n", p->counters[k].name, p->counters[k].value);
    }
    return ferror(f) ? -1 : 0;
}
