/* Runtime internals shared by its files: the handle, the environment checks (root,
 * cgroup v2, bpffs), the lock, and the layout of a policy's pin directory. */
#ifndef SOCKC_RUNTIME_INTERNAL_H
#define SOCKC_RUNTIME_INTERNAL_H
#include "meta.h"
#include "sockc/runtime.h"

#include <limits.h>
#include <signal.h>
#include <stdarg.h>

#define RT_PATH 4096

struct sc_rt {
    char pin_root[RT_PATH];
    char cgroup_root[RT_PATH]; /* "" until found */
    bool verbose;
    char *err;   /* last error message */
    char *notes; /* repairs made by the last call (lines), NULL when none */
    long crash_at, step; /* the SOCKC_TEST_CRASH_AT test hook (rt_step) */
    bool trace;          /* SOCKC_TEST_CRASH_TRACE=1: name each step on stderr */
};

/* Names in the pin root next to the policies ('@' is not allowed in policy names):
 *   @staging@P    an apply of P builds its new tree here; it holds RT_MARK until
 *                 it is swapped with P (RENAME_EXCHANGE), after which the old tree
 *                 of P is here (without the mark)
 *   @old@P        the old tree of P after a committed apply, being removed
 *   @detaching@P  P being detached
 * Any of them, or P holding RT_MARK, is left only by an interrupted sockc; the next
 * state change (or status) repairs it under the exclusive lock (recover.c). */
#define RT_STAGING "@staging@"
#define RT_OLD "@old@"
#define RT_DETACHING "@detaching@"
#define RT_MARK "@uncommitted@"

/* Test hook: counts state-changing steps; the SOCKC_TEST_CRASH_AT-th one raises
 * SIGKILL. Inert (one branch) unless the variable is set. */
void rt_step(sc_rt *rt, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Adds a line to rt->notes. */
void rt_note(sc_rt *rt, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Sets the error message (replacing the previous one); returns -1. */
int rt_fail(sc_rt *rt, const char *fmt, ...);
/* Appends a line to the current error message; returns -1. */
int rt_append(sc_rt *rt, const char *fmt, ...);
void rt_clear(sc_rt *rt);

int rt_need_root(sc_rt *rt, const char *what);
/* Finds the cgroup v2 mount (or checks opts->cgroup_root). */
int rt_cgroup_root(sc_rt *rt);
/* Resolves a cgroup path as the language writes it; fills rel ("" for the root) and
 * returns an O_RDONLY directory fd, or -1 with a message. */
int rt_cgroup_open(sc_rt *rt, const char *path, char *rel, size_t rellen);
/* Makes sure the pin root exists on bpffs (mounting bpffs at its parent when
 * create is set and nothing is mounted there). Returns 0, 1 when it does not exist
 * and create is false, or -1. */
int rt_pin_root(sc_rt *rt, bool create);
/* Refuses a directory (or file) of the state that a user other than root can change
 * (owner not root, writable by others, or by a group other than root's). Returns 0 or
 * -1 with a message naming it and why. */
int rt_check_owner(sc_rt *rt, const char *path, const char *what);
/* rt_check_owner on a policy's directory and its maps/, progs/, links/. */
int rt_check_policy_dir(sc_rt *rt, const char *dir);
/* Takes the state lock (flock on the pin root directory) and repairs what an
 * interrupted sockc left (rt_recover; with a shared lock only when something is
 * left, upgrading to exclusive meanwhile). Returns the fd or -1. */
int rt_lock(sc_rt *rt, bool exclusive);
void rt_unlock(int fd);
/* Holds off SIGINT, SIGTERM, SIGHUP and SIGQUIT (the mask before goes to saved) while
 * a state change must run to its end: only SIGKILL stops it there, and the next
 * sockc command repairs that (recover.c). Undo with pthread_sigmask(SIG_SETMASK). */
void rt_block_signals(sigset_t *saved);

bool rt_policy_name_ok(const char *name);
/* pin_root/policy[/sub[/leaf]] into buf; -1 when too long. */
int rt_path(const sc_rt *rt, char *buf, const char *policy, const char *sub, const char *leaf);

/* What a link is attached to. The part of its pin name after '@' is the cgroup's
 * path relative to the mount (never starting with '/'), "/netns/INODE" for a network
 * namespace, or "/map/NAME" for one of the policy's socket maps. */
typedef enum rt_target_kind { RT_T_CGROUP, RT_T_NETNS, RT_T_MAP } rt_target_kind;
rt_target_kind rt_target_of(const char *rel);
struct bpf_link_info;
/* The attach type of a link, and whether what it was attached to is gone. */
void rt_link_info_target(const struct bpf_link_info *info, uint32_t *attach_type, bool *defunct);

/* Link pin names: FN@CGROUP with '/', '.', '%' and '@' %-escaped (bpffs refuses
 * dots in names). */
int rt_link_name(const char *fn, const char *cgrel, char *buf, size_t len);
int rt_link_name_parse(const char *name, char *fn, size_t fnlen, char *cgrel, size_t cglen);

/* The policy's metadata (without fills) is kept in a frozen array map at
 * POLICY/meta. */
int rt_meta_store(sc_rt *rt, const sc_meta *m, const char *path);
int rt_meta_load(sc_rt *rt, const char *policy, sc_meta *m);

/* Removes every pin in dir (and its maps/, progs/, links/, mark), then dir itself.
 * detach_links: detach each link whose id is not in keep[0..nkeep) first
 * (synchronously), else only unpin. Each unpin is a step (rt_step). */
int rt_remove_tree(sc_rt *rt, const char *dir, bool detach_links, const uint32_t *keep, size_t nkeep);
/* What the kernel says of each link pinned in dir/links (*infos malloc'ed): its id,
 * type and attach point. */
struct bpf_link_info;
int rt_link_infos(const char *dir, struct bpf_link_info **infos, size_t *n);
/* Repairs every leftover of an interrupted apply or detach (see RT_STAGING).
 * Needs the exclusive lock. Adds notes; returns 0 or -1. */
int rt_recover(sc_rt *rt);
/* Whether anything is left to repair. */
bool rt_leftovers(sc_rt *rt);

/* The socket pick selects (sockpick.c): our descriptor of it, its description in
 * what; or -1 with a message. */
int rt_sock_pick(sc_rt *rt, const sc_rt_sock_pick *pick, char *what, size_t len);

/* Reads a sorted list of the entries of a directory (no dot entries). */
int rt_list_dir(const char *dir, char ***names, size_t *n);
void rt_free_list(char **names, size_t n);
#endif
