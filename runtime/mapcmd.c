/* `sockc map`: read and write a pinned map's entries, written as the language
 * writes keys and values (layout.h types, plus the lpm4/lpm6/u8 of lowered sets). */
#include "flat4.h"
#include "internal.h"
#include "layout.h"
#include "netaddr.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <inttypes.h>
#include <linux/sockios.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct map_handle {
    sc_meta meta;
    const sc_meta_map *mm;
    int fd, lock;
    struct bpf_map_info info;
    bool flat; /* a set's flat trie (one value): read through common/flat4.c */
} map_handle;

/* --- codecs ---------------------------------------------------------------------- */

static size_t type_size(const char *t)
{
    if (strcmp(t, "lpm4") == 0)
        return sizeof(struct sc_lpm4_key);
    if (strcmp(t, "lpm6") == 0)
        return sizeof(struct sc_lpm6_key);
    if (strcmp(t, "u8") == 0)
        return 1;
    int v = sc_vtype_by_name(t);
    return v < 0 ? 0 : sc_vtype_size((sc_vtype)v);
}

static const char *parse_value(const char *t, const char *text, void *buf)
{
    if (strcmp(t, "lpm4") == 0 || strcmp(t, "lpm6") == 0) {
        sc_addr a;
        const char *err = sc_addr_parse(text, &a);
        if (err)
            return err;
        if (a.has_port)
            return "expected an address or prefix, not an endpoint";
        if (sc_addr_has_host_bits(&a))
            return "the prefix has bits set past its length";
        if (t[3] == '4') {
            if (a.family != 4)
                return "expected an IPv4 address or prefix";
            struct sc_lpm4_key *k = buf;
            k->prefixlen = a.plen;
            memcpy(k->b, a.b, 4);
        } else {
            if (a.family == 4)
                a = sc_addr_v4_mapped(&a);
            struct sc_lpm6_key *k = buf;
            k->prefixlen = a.plen;
            memcpy(k->b, a.b, 16);
        }
        return NULL;
    }
    if (strcmp(t, "u8") == 0) {
        uint64_t v;
        if (sc_number_parse(text, &v) || v > 255)
            return "expected a number from 0 to 255";
        *(uint8_t *)buf = (uint8_t)v;
        return NULL;
    }
    int v = sc_vtype_by_name(t);
    if (v < 0)
        return "this type cannot be written by hand";
    return sc_vtype_parse((sc_vtype)v, text, buf);
}

static void format_value(const char *t, const void *buf, size_t size, char *out, size_t len)
{
    if (strcmp(t, "lpm4") == 0 || strcmp(t, "lpm6") == 0) {
        sc_addr a = {0};
        a.has_plen = true;
        if (t[3] == '4') {
            const struct sc_lpm4_key *k = buf;
            a.family = 4;
            a.plen = (uint8_t)k->prefixlen;
            memcpy(a.b, k->b, 4);
        } else {
            const struct sc_lpm6_key *k = buf;
            a.family = 6;
            a.plen = (uint8_t)k->prefixlen;
            memcpy(a.b, k->b, 16);
        }
        sc_addr_format(&a, out, len);
        return;
    }
    if (strcmp(t, "u8") == 0) {
        snprintf(out, len, "%u", *(const uint8_t *)buf);
        return;
    }
    int v = sc_vtype_by_name(t);
    if (v >= 0 && sc_vtype_size((sc_vtype)v) == size) {
        sc_vtype_format((sc_vtype)v, buf, out, len);
        return;
    }
    size_t o = 0;
    const uint8_t *b = buf;
    for (size_t i = 0; i < size && o + 3 < len; i++, o += 2)
        snprintf(out + o, 3, "%02x", b[i]);
    if (len)
        out[o < len ? o : len - 1] = '\0';
}

/* --- opening --------------------------------------------------------------------- */

static void map_close(map_handle *h)
{
    if (h->fd >= 0)
        close(h->fd);
    rt_unlock(h->lock);
    sc_meta_free(&h->meta);
}

/* write: 0 read, MAP_SET, MAP_DELETE (socket maps: deleting is allowed), MAP_REGISTER */
enum { MAP_SET = 1, MAP_DELETE, MAP_REGISTER };

static int map_open(sc_rt *rt, const char *policy, const char *map, int write, map_handle *h)
{
    memset(h, 0, sizeof *h);
    h->fd = h->lock = -1;
    rt_clear(rt);
    if (rt_need_root(rt, write ? "changing a map" : "reading a map") < 0)
        return -1;
    if (!rt_policy_name_ok(policy))
        return rt_fail(rt, "'%s' is not a policy name", policy);
    int r = rt_pin_root(rt, false);
    if (r != 0)
        return r < 0 ? -1 : rt_fail(rt, "policy '%s' is not applied", policy);
    if ((h->lock = rt_lock(rt, write)) < 0)
        return -1;
    if (rt_meta_load(rt, policy, &h->meta) < 0) {
        map_close(h);
        return -1;
    }
    h->mm = sc_meta_find_map(&h->meta, map);
    char path[RT_PATH];
    if (!h->mm || rt_path(rt, path, policy, "maps", map) < 0) {
        rt_fail(rt, "policy '%s' has no map '%s'", policy, map);
        if (h->meta.nmaps) {
            rt_append(rt, "  its maps:");
            for (size_t i = 0; i < h->meta.nmaps; i++)
                rt_append(rt, "    %s: %s<%s, %s>[%u]", h->meta.maps[i].name, h->meta.maps[i].kind,
                          h->meta.maps[i].key, h->meta.maps[i].value, h->meta.maps[i].max_entries);
        }
        /* a set's members are in maps named after it (NAME__v4, __v6, __ports, __numbers), or none */
        rt_append(rt, "  (a set's members compared in the program, inline or as a search tree, have no map: "
                      "`sockc map %s SET list` lists a set by its name, wherever its members are)", policy);
        map_close(h);
        return -1;
    }
    h->fd = bpf_obj_get(path);
    uint32_t ilen = sizeof h->info;
    if (h->fd < 0 || bpf_obj_get_info_by_fd(h->fd, &h->info, &ilen) < 0) {
        rt_fail(rt, "cannot open map %s: %s", path, strerror(errno));
        map_close(h);
        return -1;
    }
    bool sock = h->info.type == BPF_MAP_TYPE_SOCKMAP || h->info.type == BPF_MAP_TYPE_SOCKHASH;
    if (write == MAP_SET && sock) {
        rt_fail(rt, "map '%s' is a %s: its values are sockets, which `sockc register` adds", map, h->mm->kind);
        map_close(h);
        return -1;
    }
    h->flat = strcmp(h->mm->value, "flat4") == 0;
    if (h->flat && write) {
        rt_fail(rt, "map '%s' holds a set as a flat trie, one value of %u bytes: `sockc map` can list it and look "
                    "addresses up, not change it (change the set in the policy and apply it again)", map,
                h->info.value_size);
        map_close(h);
        return -1;
    }
    if (strcmp(h->mm->value, "probe") == 0 || strcmp(h->mm->value, "rule") == 0) {
        rt_fail(rt, "map '%s' holds a run of the policy's rules as %s: `sockc map` cannot show or change it "
                    "(`sockc compile --emit plan` shows the rules it holds; change them in the policy and apply it again)",
                map, h->mm->value[0] == 'p'                    ? "a probe table"
                     : strcmp(h->mm->kind, "lpm_trie") == 0 ? "an LPM trie"
                     : strcmp(h->mm->kind, "array") == 0    ? "a search tree's values"
                                                            : "a hash map");
        map_close(h);
        return -1;
    }
    if (strcmp(map, SC_META_COUNTERS_MAP) == 0) {
        rt_fail(rt, "map '%s' holds the policy's counters, one per CPU each: `sockc status %s` shows their sums", map,
                policy);
        map_close(h);
        return -1;
    }
    if (strcmp(h->mm->value, "number_lpm") == 0) { /* a number's prefixes are no IPv4 addresses to show */
        rt_fail(rt, "map '%s' holds a set of numbers as the prefixes of their ranges: `sockc map` cannot show or "
                    "change it (`sockc map %s SET list` lists the set; change it in the policy and apply it again)",
                map, policy);
        map_close(h);
        return -1;
    }
    if (strcmp(h->mm->value, "port_bitmap") == 0 || strcmp(h->mm->value, "number_probe") == 0 ||
        strcmp(h->mm->value, "number_flat") == 0) {
        rt_fail(rt, "map '%s' holds a set as one %s value of %u bytes, not entry by entry: `sockc map` cannot "
                    "show or change it (`sockc map %s SET list` lists the set; change it in the policy and apply it "
                    "again)", map, h->mm->value, h->info.value_size, policy);
        map_close(h);
        return -1;
    }
    if (type_size(h->mm->key) != h->info.key_size ||
        (!sock && !h->flat && type_size(h->mm->value) != h->info.value_size)) {
        rt_fail(rt, "map '%s': its key or value size does not match %s<%s, %s>", map, h->mm->kind, h->mm->key,
                h->mm->value);
        map_close(h);
        return -1;
    }
    return 0;
}

static int parse_key(sc_rt *rt, map_handle *h, const char *text, void *buf)
{
    const char *err = parse_value(h->mm->key, text, buf);
    if (err)
        return rt_fail(rt, "bad key '%s' for map '%s' (key type %s): %s", text, h->mm->name, h->mm->key, err);
    return 0;
}

/* --- operations ------------------------------------------------------------------ */

static void value_str(map_handle *h, const void *v, char *buf, size_t len)
{
    if (h->info.type == BPF_MAP_TYPE_SOCKMAP || h->info.type == BPF_MAP_TYPE_SOCKHASH) {
        if (h->info.value_size == 8)
            snprintf(buf, len, "socket cookie %" PRIu64, *(const uint64_t *)v);
        else
            snprintf(buf, len, "socket");
    } else {
        format_value(h->mm->value, v, h->info.value_size, buf, len);
    }
}

static int lookup(map_handle *h, const void *key, void *val)
{
    if (bpf_map_lookup_elem(h->fd, key, val) == 0)
        return 0;
    bool sock = h->info.type == BPF_MAP_TYPE_SOCKMAP || h->info.type == BPF_MAP_TYPE_SOCKHASH;
    if (sock && errno == ENOSPC) { /* a socket is there; 4-byte values cannot show its cookie */
        memset(val, 0, h->info.value_size);
        return 0;
    }
    return -1;
}

/* A flat trie (a set's IPv4 members, common/layout.h): its one value, read back. */
static int flat_read(sc_rt *rt, map_handle *h, sc_flat4 *f)
{
    static const uint32_t zero = 0;
    f->size = h->info.value_size;
    f->image = malloc(f->size ? f->size : 1);
    if (!f->image)
        return rt_fail(rt, "out of memory");
    if (bpf_map_lookup_elem(h->fd, &zero, f->image) < 0) {
        free(f->image);
        return rt_fail(rt, "cannot read map '%s': %s", h->mm->name, strerror(errno));
    }
    return 0;
}

/* Entries of a list, grown one at a time; the key and value are copied. */
typedef struct entry_list {
    sc_rt_map_entry **out;
    size_t *n, cap;
    int failed;
} entry_list;

static void entry_add(entry_list *l, const char *key, const char *value)
{
    if (l->failed)
        return;
    if (*l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        sc_rt_map_entry *p = realloc(*l->out, cap * sizeof *p);
        if (!p) {
            l->failed = 1;
            return;
        }
        *l->out = p;
        l->cap = cap;
    }
    sc_rt_map_entry *e = &(*l->out)[*l->n];
    e->key = strdup(key);
    e->value = strdup(value);
    if (!e->key || !e->value) {
        free(e->key), free(e->value);
        l->failed = 1;
        return;
    }
    ++*l->n;
}

static void flat_entry(void *arg, const uint8_t b[4], unsigned plen)
{
    struct sc_lpm4_key k = {.prefixlen = plen};
    memcpy(k.b, b, 4);
    char kb[64];
    format_value("lpm4", &k, sizeof k, kb, sizeof kb);
    entry_add(arg, kb, "1");
}

/* The entries of a hash, LPM, array or socket map, in the kernel's order. */
static int list_entries(sc_rt *rt, map_handle *h, entry_list *l)
{
    uint8_t *keys = calloc(2, h->info.key_size);
    uint8_t *val = calloc(1, h->info.value_size ? h->info.value_size : 1);
    if (!keys || !val) {
        free(keys), free(val);
        return rt_fail(rt, "out of memory");
    }
    uint8_t *cur = keys, *next = keys + h->info.key_size;
    void *prev = NULL;
    size_t steps = 0;
    while (!l->failed && steps++ <= h->info.max_entries && bpf_map_get_next_key(h->fd, prev, next) == 0) {
        uint8_t *t = cur;
        cur = next;
        next = t;
        prev = cur;
        if (lookup(h, cur, val) < 0)
            continue; /* deleted meanwhile, or an empty sockmap slot */
        char kb[256], vb[256];
        format_value(h->mm->key, cur, h->info.key_size, kb, sizeof kb);
        value_str(h, val, vb, sizeof vb);
        entry_add(l, kb, vb);
    }
    free(keys);
    free(val);
    return 0;
}

/* The members of a flat trie, as the fewest aligned prefixes. */
static int list_flat(sc_rt *rt, map_handle *h, entry_list *l)
{
    sc_flat4 f;
    if (flat_read(rt, h, &f) < 0)
        return -1;
    sc_flat4_each(&f, flat_entry, l);
    free(f.image);
    return 0;
}

/* `sockc map POLICY SET list` for a set of the policy: the members its programs
 * compare (value "program"; the map SET__numbers where the policy has it, which holds
 * them: a set of uids as a probe table or a hash map), then the entries of its maps
 * SET__v4 and SET__v6 (value the map's name). 1 when the policy has no such set (the
 * error before it stands). */
static int list_set(sc_rt *rt, const char *policy, const char *set, entry_list *l)
{
    char *err = rt->err ? strdup(rt->err) : NULL; /* map_open's, kept unless a set is found */
    int lock = rt_lock(rt, false);
    sc_meta m;
    if (lock < 0 || rt_meta_load(rt, policy, &m) < 0) {
        rt_unlock(lock);
        rt_fail(rt, "%s", err ? err : "?");
        free(err);
        return 1;
    }
    rt_unlock(lock);
    char base[RT_PATH], part[3][RT_PATH + 16];
    sc_meta_set_base(set, base, sizeof base);
    snprintf(part[0], sizeof part[0], "%s__v4", base);
    snprintf(part[1], sizeof part[1], "%s__v6", base);
    snprintf(part[2], sizeof part[2], "%s__numbers", base);
    bool found = sc_meta_find_map(&m, part[0]) || sc_meta_find_map(&m, part[1]);
    const char *held = sc_meta_find_map(&m, part[2]) ? part[2] : "program";
    for (size_t i = 0; i < m.nmembers; i++)
        if (strcmp(m.members[i].set, set) == 0) {
            entry_add(l, m.members[i].text, held);
            found = true;
        }
    int rc = found ? 0 : 1;
    for (int k = 0; k < 2 && rc == 0; k++) {
        sc_rt_map_entry *e;
        size_t n;
        if (!sc_meta_find_map(&m, part[k]))
            continue;
        if (sc_rt_map_list(rt, policy, part[k], &e, &n) < 0)
            rc = -1;
        for (size_t i = 0; rc == 0 && i < n; i++)
            entry_add(l, e[i].key, part[k]);
        if (rc == 0)
            sc_rt_map_entries_free(e, n);
    }
    sc_meta_free(&m);
    if (rc == 1)
        rt_fail(rt, "%s", err ? err : "?");
    else if (rc == 0)
        rt_clear(rt);
    free(err);
    return rc;
}

int sc_rt_map_list(sc_rt *rt, const char *policy, const char *map, sc_rt_map_entry **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    map_handle h;
    if (map_open(rt, policy, map, false, &h) < 0) {
        entry_list l = {out, n, 0, 0};
        int rc = rt_policy_name_ok(policy) ? list_set(rt, policy, map, &l) : 1;
        if (rc == 0 && l.failed)
            rc = rt_fail(rt, "out of memory");
        if (rc != 0) {
            sc_rt_map_entries_free(*out, *n);
            *out = NULL;
            *n = 0;
        }
        return rc == 0 ? 0 : -1;
    }
    entry_list l = {out, n, 0, 0};
    int rc = h.flat ? list_flat(rt, &h, &l) : list_entries(rt, &h, &l);
    if (rc == 0 && l.failed)
        rc = rt_fail(rt, "out of memory");
    map_close(&h);
    if (rc < 0) {
        sc_rt_map_entries_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

void sc_rt_map_entries_free(sc_rt_map_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(e[i].key), free(e[i].value);
    free(e);
}

/* Whether the IPv4 address text is in the flat trie: "1", or no entry. */
static int get_flat(sc_rt *rt, map_handle *h, const char *policy, const char *key, char **value)
{
    sc_addr a;
    const char *err = sc_addr_parse(key, &a);
    if (!err && (a.family != 4 || a.has_port || a.plen != 32))
        err = "a flat trie holds IPv4 addresses: look one up (10.0.0.1), not a prefix, port or IPv6 address";
    if (err)
        return rt_fail(rt, "bad key '%s' for map '%s': %s", key, h->mm->name, err);
    sc_flat4 f;
    if (flat_read(rt, h, &f) < 0)
        return -1;
    int in = sc_flat4_contains(&f, a.b);
    free(f.image);
    if (!in)
        return rt_fail(rt, "map '%s' of policy '%s' has no entry for %s", h->mm->name, policy, key);
    *value = strdup("1");
    return *value ? 0 : rt_fail(rt, "out of memory");
}

int sc_rt_map_get(sc_rt *rt, const char *policy, const char *map, const char *key, char **value)
{
    *value = NULL;
    map_handle h;
    if (map_open(rt, policy, map, false, &h) < 0)
        return -1;
    if (h.flat) {
        int rc = get_flat(rt, &h, policy, key, value);
        map_close(&h);
        return rc;
    }
    int rc = 0;
    char vb[256];
    uint8_t *k = calloc(1, h.info.key_size), *v = calloc(1, h.info.value_size ? h.info.value_size : 1);
    if (!k || !v)
        rc = rt_fail(rt, "out of memory");
    else if (parse_key(rt, &h, key, k) < 0)
        rc = -1;
    else if (lookup(&h, k, v) < 0)
        rc = errno == ENOENT ? rt_fail(rt, "map '%s' of policy '%s' has no entry for %s", map, policy, key)
                             : rt_fail(rt, "cannot read map '%s': %s", map, strerror(errno));
    else {
        value_str(&h, v, vb, sizeof vb);
        if (!(*value = strdup(vb)))
            rc = rt_fail(rt, "out of memory");
    }
    free(k);
    free(v);
    map_close(&h);
    return rc;
}

int sc_rt_map_set(sc_rt *rt, const char *policy, const char *map, const char *key, const char *value)
{
    map_handle h;
    if (map_open(rt, policy, map, MAP_SET, &h) < 0)
        return -1;
    int rc = 0;
    uint8_t *k = calloc(1, h.info.key_size), *v = calloc(1, h.info.value_size);
    const char *err;
    if (!k || !v)
        rc = rt_fail(rt, "out of memory");
    else if (parse_key(rt, &h, key, k) < 0)
        rc = -1;
    else if ((err = parse_value(h.mm->value, value, v)))
        rc = rt_fail(rt, "bad value '%s' for map '%s' (value type %s): %s", value, map, h.mm->value, err);
    else if (bpf_map_update_elem(h.fd, k, v, BPF_ANY) < 0)
        rc = errno == E2BIG ? rt_fail(rt, "map '%s' is full (%u entries)", map, h.info.max_entries)
                            : rt_fail(rt, "cannot write map '%s': %s", map, strerror(errno));
    free(k);
    free(v);
    map_close(&h);
    return rc;
}

int sc_rt_map_delete(sc_rt *rt, const char *policy, const char *map, const char *key)
{
    map_handle h;
    if (map_open(rt, policy, map, MAP_DELETE, &h) < 0)
        return -1;
    int rc = 0;
    uint8_t *k = calloc(1, h.info.key_size);
    if (!k)
        rc = rt_fail(rt, "out of memory");
    else if (parse_key(rt, &h, key, k) < 0)
        rc = -1;
    else if (h.info.type == BPF_MAP_TYPE_ARRAY || h.info.type == BPF_MAP_TYPE_PERCPU_ARRAY)
        rc = rt_fail(rt, "map '%s' is an array: its entries cannot be deleted, only set", map);
    else if (bpf_map_delete_elem(h.fd, k) < 0)
        rc = errno == ENOENT ? rt_fail(rt, "map '%s' of policy '%s' has no entry for %s", map, policy, key)
                             : rt_fail(rt, "cannot delete from map '%s': %s", map, strerror(errno));
    free(k);
    map_close(&h);
    return rc;
}

/* --- register -------------------------------------------------------------------- */

/* The network namespace (its inode) that the policy's lookup program is attached to,
 * or 0 when it has none attached to one. */
static uint64_t steered_netns(sc_rt *rt, const char *policy)
{
    char dir[RT_PATH];
    struct bpf_link_info *infos;
    size_t n;
    uint64_t ino = 0;
    if (rt_path(rt, dir, policy, NULL, NULL) < 0 || rt_link_infos(dir, &infos, &n) < 0)
        return 0;
    for (size_t i = 0; i < n && !ino; i++)
        if (infos[i].type == BPF_LINK_TYPE_NETNS)
            ino = infos[i].netns.netns_ino;
    free(infos);
    return ino;
}

/* A socket for a map that the policy's lookup program assigns from must be of the
 * namespace that program steers: one of another would get the connections (the kernel
 * hands them over) and answer them in its own namespace, where they hang. */
static int check_netns(sc_rt *rt, const map_handle *h, const char *policy, const char *map, int sock,
                       const char *what)
{
    char target[RT_PATH];
    snprintf(target, sizeof target, "map:%s", map);
    for (size_t i = 0; i < h->meta.nprogs; i++)
        if (strcmp(h->meta.progs[i].target, target) == 0)
            return 0; /* a msg program's map: its sockets are in whichever namespaces */
    uint64_t steered = steered_netns(rt, policy);
    int ns = steered ? ioctl(sock, SIOCGSKNS) : -1;
    struct stat st;
    bool other = ns >= 0 && fstat(ns, &st) == 0 && st.st_ino != steered;
    if (ns >= 0)
        close(ns);
    if (other)
        return rt_fail(rt, "the socket %s is in network namespace %llu, and policy '%s' steers connections in "
                           "namespace %llu: it would get them and answer in its own, where they hang; register a "
                           "socket of namespace %llu",
                       what, (unsigned long long)st.st_ino, policy, (unsigned long long)steered,
                       (unsigned long long)steered);
    return 0;
}

int sc_rt_register(sc_rt *rt, const char *policy, const char *map, const char *key, const sc_rt_sock_pick *pick,
                   char *what, size_t whatlen)
{
    map_handle h;
    if (map_open(rt, policy, map, MAP_REGISTER, &h) < 0)
        return -1;
    int rc = 0, sock = -1;
    uint8_t *k = calloc(1, h.info.key_size ? h.info.key_size : 1);
    if (!k) {
        rc = rt_fail(rt, "out of memory");
        goto out;
    }
    if (h.info.type != BPF_MAP_TYPE_SOCKMAP && h.info.type != BPF_MAP_TYPE_SOCKHASH) {
        rc = rt_fail(rt, "map '%s' of policy '%s' is a %s, not a sockmap or sockhash: `sockc map set` writes it", map,
                     policy, h.mm->kind);
        goto out;
    }
    if (parse_key(rt, &h, key, k) < 0) {
        rc = -1;
        goto out;
    }
    if (h.info.type == BPF_MAP_TYPE_SOCKMAP && *(uint32_t *)k >= h.info.max_entries) {
        rc = rt_fail(rt, "slot %s is out of range: sockmap '%s' has slots 0 to %u", key, map, h.info.max_entries - 1);
        goto out;
    }
    if ((sock = rt_sock_pick(rt, pick, what, whatlen)) < 0 || check_netns(rt, &h, policy, map, sock, what) < 0) {
        rc = -1;
        goto out;
    }
    uint64_t v64 = (uint64_t)sock;
    uint32_t v32 = (uint32_t)sock;
    if (bpf_map_update_elem(h.fd, k, h.info.value_size == 8 ? (void *)&v64 : (void *)&v32, BPF_ANY) < 0) {
        int e = errno;
        if (e == EOPNOTSUPP)
            rc = rt_fail(rt, "cannot put the socket %s into '%s': the kernel takes TCP sockets that listen or "
                             "are connected, and bound UDP sockets",
                         what, map);
        else if (e == E2BIG || e == ENOSPC)
            rc = rt_fail(rt, "map '%s' is full (%u entries)", map, h.info.max_entries);
        else
            rc = rt_fail(rt, "cannot put the socket %s into '%s': %s", what, map, strerror(e));
    }
out:
    if (sock >= 0)
        close(sock);
    free(k);
    map_close(&h);
    return rc;
}
