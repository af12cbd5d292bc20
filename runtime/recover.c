/* Repairs what an apply or detach killed midway left in the pin root (the names are
 * in internal.h), so that each policy is again either what it was before the
 * interrupted command or what that command was making, never a mix:
 *
 *   @staging@P with RT_MARK   the apply did not reach its commit (the swap). Each link
 *                             of P is switched back to P's own program (a link it had
 *                             already updated runs the new one), the links only the
 *                             staged tree holds (new attachments) are detached, and
 *                             the staged tree is unpinned: P is as before.
 *   @staging@P, empty         the apply stopped before it staged anything.
 *   @staging@P, no mark       the swap happened: this is P's old tree. Its links that
 *   @old@P                    P (the new tree) does not hold are detached, the rest
 *                             unpinned: P is the new policy.
 *   P with RT_MARK            the swap happened; only the mark is left to remove.
 *   @detaching@P              detach renamed P away first; its remaining links are
 *                             detached and its pins removed.
 *
 * Every repair is idempotent, so a repair that is itself killed is finished by the
 * next one. */
#define _GNU_SOURCE 1
#include "internal.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool has(const char *dir, const char *leaf)
{
    char p[RT_PATH];
    struct stat st;
    return snprintf(p, sizeof p, "%s/%s", dir, leaf) < (int)sizeof p && lstat(p, &st) == 0;
}

/* Whether dir holds no pin at all (only empty subdirectories). */
static bool no_pins(const char *dir)
{
    char **names;
    size_t n;
    if (rt_list_dir(dir, &names, &n) < 0)
        return true;
    bool empty = true;
    for (size_t i = 0; i < n && empty; i++) {
        char p[RT_PATH];
        struct stat st;
        if (snprintf(p, sizeof p, "%s/%s", dir, names[i]) >= (int)sizeof p || lstat(p, &st) < 0)
            continue;
        if (!S_ISDIR(st.st_mode) || !no_pins(p))
            empty = false;
    }
    rt_free_list(names, n);
    return empty;
}

/* Makes every link pinned in dir/links run the program pinned in dir/progs under the
 * name the link carries (FN@TARGET runs progs/FN), as an applied policy always does
 * outside an apply. *switched counts the links that ran another program. */
static int restore_links(sc_rt *rt, const char *dir, unsigned *switched)
{
    char links[RT_PATH];
    if (snprintf(links, sizeof links, "%s/links", dir) >= (int)sizeof links)
        return rt_fail(rt, "path too long: %s", dir);
    char **names;
    size_t n;
    if (rt_list_dir(links, &names, &n) < 0)
        return errno == ENOENT ? 0 : rt_fail(rt, "cannot read %s: %s", links, strerror(errno));
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char fn[256], target[RT_PATH], lp[RT_PATH], pp[RT_PATH];
        if (rt_link_name_parse(names[i], fn, sizeof fn, target, sizeof target) < 0 ||
            snprintf(lp, sizeof lp, "%s/%s", links, names[i]) >= (int)sizeof lp ||
            snprintf(pp, sizeof pp, "%s/progs/%s", dir, fn) >= (int)sizeof pp)
            continue;
        int lfd = bpf_obj_get(lp), pfd = bpf_obj_get(pp);
        struct bpf_link_info li = {0};
        struct bpf_prog_info pi = {0};
        uint32_t ll = sizeof li, pl = sizeof pi;
        if (lfd < 0 || pfd < 0 || bpf_obj_get_info_by_fd(lfd, &li, &ll) < 0 ||
            bpf_obj_get_info_by_fd(pfd, &pi, &pl) < 0) {
            rc = rt_fail(rt, "cannot read link %s or program %s: %s", lp, pp, strerror(errno));
        } else if (li.prog_id != pi.id) {
            /* ENOLINK: the cgroup or namespace is gone, and the link with it */
            if (bpf_link_update(lfd, pfd, NULL) < 0 && errno != ENOLINK)
                rc = rt_fail(rt, "cannot switch link %s back to program %s: %s", lp, pp, strerror(errno));
            else {
                (*switched)++;
                rt_step(rt, "switched link %s back", lp);
            }
        }
        if (lfd >= 0)
            close(lfd);
        if (pfd >= 0)
            close(pfd);
    }
    rt_free_list(names, n);
    return rc;
}

/* Unpins tree, first detaching its links that the policy at live does not hold. */
static int drop_tree(sc_rt *rt, const char *tree, const char *live)
{
    struct bpf_link_info *infos = NULL;
    size_t n = 0;
    struct stat st;
    if (stat(live, &st) == 0 && rt_link_infos(live, &infos, &n) < 0)
        return rt_fail(rt, "cannot read the links of %s: %s", live, strerror(errno));
    uint32_t *ids = malloc((n ? n : 1) * sizeof *ids);
    for (size_t i = 0; ids && i < n; i++)
        ids[i] = infos[i].id;
    int rc = ids ? rt_remove_tree(rt, tree, true, ids, n) : rt_fail(rt, "out of memory");
    free(ids);
    free(infos);
    return rc;
}

static int unmark(sc_rt *rt, const char *live)
{
    char p[RT_PATH];
    if (snprintf(p, sizeof p, "%s/" RT_MARK, live) >= (int)sizeof p)
        return rt_fail(rt, "path too long: %s", live);
    if (rmdir(p) < 0 && errno != ENOENT)
        return rt_fail(rt, "cannot remove %s: %s", p, strerror(errno));
    return 0;
}

static int recover_one(sc_rt *rt, const char *name)
{
    char tree[RT_PATH], live[RT_PATH];
    const char *policy = NULL;
    enum { STAGING, OLD, DETACHING, LIVE } kind;
    if (strncmp(name, RT_STAGING, strlen(RT_STAGING)) == 0)
        kind = STAGING, policy = name + strlen(RT_STAGING);
    else if (strncmp(name, RT_OLD, strlen(RT_OLD)) == 0)
        kind = OLD, policy = name + strlen(RT_OLD);
    else if (strncmp(name, RT_DETACHING, strlen(RT_DETACHING)) == 0)
        kind = DETACHING, policy = name + strlen(RT_DETACHING);
    else if (name[0] != '@')
        kind = LIVE, policy = name;
    else
        return 0; /* not ours */
    if (!rt_policy_name_ok(policy) || rt_path(rt, live, policy, NULL, NULL) < 0 ||
        snprintf(tree, sizeof tree, "%s/%s", rt->pin_root, name) >= (int)sizeof tree)
        return 0;
    struct stat st;
    bool have_live = stat(live, &st) == 0;
    switch (kind) {
    case LIVE:
        if (!has(live, RT_MARK))
            return 0;
        if (unmark(rt, live) < 0)
            return -1;
        rt_note(rt, "repaired policy '%s': an apply was killed after it put the new policy in place; "
                    "the new policy is in place",
                policy);
        return 0;
    case DETACHING:
        if (rt_remove_tree(rt, tree, true, NULL, 0) < 0)
            return -1;
        rt_note(rt, "repaired policy '%s': a detach was killed midway; finished it (nothing of the policy is "
                    "attached)",
                policy);
        return 0;
    case OLD:
        if (drop_tree(rt, tree, live) < 0 || (have_live && unmark(rt, live) < 0))
            return -1;
        rt_note(rt, "repaired policy '%s': an apply was killed while removing the old state; removed it "
                    "(the new policy is in place)",
                policy);
        return 0;
    case STAGING:
        break;
    }
    if (has(tree, RT_MARK)) {
        /* not committed: back to P as it was */
        unsigned switched = 0;
        if (have_live && restore_links(rt, live, &switched) < 0)
            return -1;
        if (drop_tree(rt, tree, live) < 0)
            return -1;
        if (have_live)
            rt_note(rt, "repaired policy '%s': an apply was killed before it was complete; undid it "
                        "(%u link%s switched back; the policy applied before is in place)",
                    policy, switched, switched == 1 ? "" : "s");
        else
            rt_note(rt, "repaired policy '%s': its first apply was killed before it was complete; undid it "
                        "(nothing of the policy is attached)",
                    policy);
        return 0;
    }
    if (no_pins(tree)) {
        if (rt_remove_tree(rt, tree, false, NULL, 0) < 0)
            return -1;
        rt_note(rt, "repaired policy '%s': an apply was killed before it changed anything; removed its empty "
                    "staging directory",
                policy);
        return 0;
    }
    /* committed: this is the old tree */
    if (drop_tree(rt, tree, live) < 0 || (have_live && unmark(rt, live) < 0))
        return -1;
    rt_note(rt, "repaired policy '%s': an apply was killed after it put the new policy in place; removed the "
                "old state (the new policy is in place)",
            policy);
    return 0;
}

bool rt_leftovers(sc_rt *rt)
{
    char **names;
    size_t n;
    if (rt_list_dir(rt->pin_root, &names, &n) < 0)
        return false;
    bool any = false;
    for (size_t i = 0; i < n && !any; i++) {
        char p[RT_PATH];
        any = names[i][0] == '@' ||
              (snprintf(p, sizeof p, "%s/%s", rt->pin_root, names[i]) < (int)sizeof p && has(p, RT_MARK));
    }
    rt_free_list(names, n);
    return any;
}

int rt_recover(sc_rt *rt)
{
    char **names;
    size_t n;
    if (rt_list_dir(rt->pin_root, &names, &n) < 0)
        return rt_fail(rt, "cannot read %s: %s", rt->pin_root, strerror(errno));
    int rc = 0;
    /* the trees next to the policies first: they decide what the policy's own tree
     * must look like */
    for (int pass = 0; pass < 2 && rc == 0; pass++)
        for (size_t i = 0; i < n && rc == 0; i++)
            if ((names[i][0] == '@') == (pass == 0))
                rc = recover_one(rt, names[i]);
    rt_free_list(names, n);
    if (rc < 0)
        rt_append(rt, "an interrupted sockc left state in %s that could not be repaired; nothing else was done",
                  rt->pin_root);
    return rc;
}
