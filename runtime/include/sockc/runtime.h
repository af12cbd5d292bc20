/* sockc runtime: puts a compiled policy object in place and keeps it there.
 *
 * State lives in bpffs, one directory per policy (default /sys/fs/bpf/sockc/POLICY/:
 * meta, maps/NAME, progs/FN, links/FN@CGROUP), so no daemon is needed; a handle only
 * carries options and the last error message. Every state change holds an flock on the
 * pin root. Re-applying a policy of the same name swaps programs under the pinned
 * links (bpf_link update), keeps the maps whose definition did not change, and leaves
 * the old policy untouched when anything fails.
 *
 * Policy names are letters, digits, '_' and '-' (bpffs refuses dots).
 * Functions return 0, or -1 with a message in sc_rt_error() (one or more lines, no
 * "sockc: error:" prefix). */
#ifndef SOCKC_RUNTIME_H
#define SOCKC_RUNTIME_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SC_RT_PIN_ROOT "/sys/fs/bpf/sockc"

typedef struct sc_rt sc_rt;

typedef struct sc_rt_opts {
    const char *pin_root;    /* NULL: SC_RT_PIN_ROOT (bpffs is mounted at its parent if absent) */
    const char *cgroup_root; /* NULL: the cgroup2 mount found in /proc/mounts */
    bool verbose;            /* error messages carry the full verifier log */
} sc_rt_opts;

/* Returns NULL only when out of memory. opts may be NULL. */
sc_rt *sc_rt_open(const sc_rt_opts *opts);
void sc_rt_close(sc_rt *rt);
/* The message of the last failed call ("" when none). */
const char *sc_rt_error(const sc_rt *rt);
/* What the last call repaired of an interrupted sockc before doing its work (an
 * apply or detach killed midway): one line each, "" when nothing. See docs/runtime.md,
 * "Crash consistency". */
const char *sc_rt_notes(const sc_rt *rt);

typedef struct sc_rt_apply_report {
    char policy[64];
    bool replaced;            /* a policy of this name was in place and was replaced */
    unsigned programs;        /* programs loaded */
    unsigned cgroups;         /* distinct cgroups attached to */
    unsigned links_attached;  /* new links */
    unsigned links_updated;   /* existing links switched to the new program */
    unsigned links_detached;  /* links to cgroups or programs no longer named */
    unsigned maps_created, maps_kept, fills;
    unsigned netns;           /* network namespaces (lookup programs) attached to */
    unsigned socket_maps;     /* socket maps (msg programs) attached to */
} sc_rt_apply_report;

/* Loads, fills, attaches and pins the object (bytes of a sockc policy object).
 * cgroups (may be empty) replace every program's cgroup target; relative paths are
 * relative to the cgroup v2 mount. report may be NULL. */
int sc_rt_apply(sc_rt *rt, const void *obj, size_t len, const char *const *cgroups, size_t ncgroups,
                sc_rt_apply_report *report);

/* Where the programs go. cgroups (may be empty) replace the cgroup target of every
 * cgroup program (bind ... getsockname, sockops); relative paths are relative to the
 * cgroup v2 mount. netns is the network namespace that lookup (sk_lookup) programs
 * attach to: a path such as /run/netns/NAME or /proc/PID/ns/net; NULL: the caller's
 * own. msg (sk_msg) programs attach to the policy's socket map that they name. */
typedef struct sc_rt_apply_opts {
    const char *const *cgroups;
    size_t ncgroups;
    const char *netns;
} sc_rt_apply_opts;
/* sc_rt_apply with options (opts may be NULL). */
int sc_rt_apply_opt(sc_rt *rt, const void *obj, size_t len, const sc_rt_apply_opts *opts,
                    sc_rt_apply_report *report);
/* Detaches and unpins everything the policy made. */
int sc_rt_detach(sc_rt *rt, const char *policy);

typedef struct sc_rt_link_status {
    char *prog;        /* program (function) name */
    char *cgroup;      /* relative to the cgroup v2 mount, "/" for its root; NULL when the
                          link is not on a cgroup */
    char *target;      /* "cgroup:PATH", "netns:INODE" (network namespace inode) or
                          "map:NAME" (a socket map of the policy) */
    uint32_t id;       /* link id */
    bool defunct;      /* the cgroup was removed */
} sc_rt_link_status;

typedef struct sc_rt_prog_status {
    char *name, *section, *hook;
    uint32_t id;
    char tag[17];
    uint32_t verified_insns, xlated_insns, jited_bytes;
} sc_rt_prog_status;

typedef struct sc_rt_map_status {
    char *name, *kind, *key, *value, *origin;
    uint32_t id, max_entries, entries;
} sc_rt_map_status;

/* A counter of `count NAME;`: its sum over the CPUs. */
typedef struct sc_rt_counter {
    char *name;
    uint64_t value;
} sc_rt_counter;

typedef struct sc_rt_policy_status {
    char *name, *source, *compiler;
    sc_rt_link_status *links;
    size_t nlinks;
    sc_rt_prog_status *progs;
    size_t nprogs;
    sc_rt_map_status *maps;
    size_t nmaps;
    sc_rt_counter *counters; /* in the policy's order (first count first) */
    size_t ncounters;
} sc_rt_policy_status;

typedef struct sc_rt_status {
    sc_rt_policy_status *policies;
    size_t npolicies;
} sc_rt_status;

/* Reads the state of one policy, or of all (policy NULL). *out is freed with
 * sc_rt_status_free. */
int sc_rt_status_get(sc_rt *rt, const char *policy, sc_rt_status **out);
void sc_rt_status_free(sc_rt_status *st);
/* Writes st as text, or as one JSON object ({"policies": [...]}). Returns 0 or -1. */
int sc_rt_status_write(const sc_rt_status *st, FILE *f, bool json);

/* `sockc map`: keys and values as the language writes them ("10.0.0.1:80", "443",
 * "10.0.0.0/8" for address-set maps). */
typedef struct sc_rt_map_entry {
    char *key, *value;
} sc_rt_map_entry;

int sc_rt_map_list(sc_rt *rt, const char *policy, const char *map, sc_rt_map_entry **out, size_t *n);
void sc_rt_map_entries_free(sc_rt_map_entry *e, size_t n);
/* *value is malloc'ed; a missing key is an error. */
int sc_rt_map_get(sc_rt *rt, const char *policy, const char *map, const char *key, char **value);
int sc_rt_map_set(sc_rt *rt, const char *policy, const char *map, const char *key, const char *value);
int sc_rt_map_delete(sc_rt *rt, const char *policy, const char *map, const char *key);

/* `sockc register`: which socket goes into a socket map.
 *   pid > 0, fd >= 0: descriptor fd of process pid (taken with pidfd_getfd(2); the
 *     process keeps its own), whatever socket it is;
 *   pid > 0, fd < 0: the one listening socket of process pid that listen and proto select;
 *   listen_fds: the one listening socket that listen and proto select among those
 *     systemd passed to this process (LISTEN_FDS and LISTEN_PID, from fd 3).
 * A listening socket is a TCP socket that listens, or a UDP socket that is bound and
 * not connected. listen is "ADDR:PORT", "[ADDR6]:PORT" or a port alone (any address),
 * NULL for any; proto "tcp", "udp" or NULL for either. The sockets of one SO_REUSEPORT
 * group count as one: the first is taken, and the kernel picks within the group. */
typedef struct sc_rt_sock_pick {
    int pid, fd;
    bool listen_fds;
    const char *listen, *proto;
} sc_rt_sock_pick;

/* Puts the socket pick selects into a sockmap or sockhash of the policy under key (as
 * the language writes the map's key type: "0" for a sockmap slot). what receives the
 * socket's description ("tcp 127.0.0.1:8080 (fd 3 of process 1234)"). */
int sc_rt_register(sc_rt *rt, const char *policy, const char *map, const char *key, const sc_rt_sock_pick *pick,
                   char *what, size_t whatlen);
#endif
