/* detach: rename the policy's tree away (one step: from then on the policy is not
 * applied, and an interrupted detach is finished by the next sockc command), then
 * detach every link and unpin the tree. */
#include "internal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int sc_rt_detach(sc_rt *rt, const char *policy)
{
    rt_clear(rt);
    if (rt_need_root(rt, "detaching a policy") < 0)
        return -1;
    if (!rt_policy_name_ok(policy))
        return rt_fail(rt, "'%s' is not a policy name", policy);
    int r = rt_pin_root(rt, false);
    if (r < 0)
        return -1;
    if (r == 1)
        return rt_fail(rt, "policy '%s' is not applied (no %s)", policy, rt->pin_root);
    int lock = rt_lock(rt, true); /* repairs an interrupted detach or apply first */
    if (lock < 0)
        return -1;
    char dir[RT_PATH], gone[RT_PATH];
    int rc = 0;
    struct stat st;
    if (rt_path(rt, dir, policy, NULL, NULL) < 0 ||
        snprintf(gone, sizeof gone, "%s/" RT_DETACHING "%s", rt->pin_root, policy) >= (int)sizeof gone) {
        rc = rt_fail(rt, "policy name too long");
    } else if (stat(dir, &st) < 0) {
        /* a detach of this policy killed midway, finished just now, is a success */
        char done[128];
        snprintf(done, sizeof done, "repaired policy '%s': a detach was killed midway", policy);
        if (!rt->notes || !strstr(rt->notes, done))
            rc = rt_fail(rt, "policy '%s' is not applied (nothing at %s)", policy, dir);
    } else if (rt_check_policy_dir(rt, dir) < 0) {
        rc = -1;
    } else {
        sigset_t saved;
        rt_block_signals(&saved);
        if (rename(dir, gone) < 0) {
            rc = rt_fail(rt, "cannot move %s to %s: %s", dir, gone, strerror(errno));
        } else {
            rt_step(rt, "moved %s to %s", dir, gone);
            rc = rt_remove_tree(rt, gone, true, NULL, 0);
        }
        pthread_sigmask(SIG_SETMASK, &saved, NULL);
    }
    rt_unlock(lock);
    return rc;
}
