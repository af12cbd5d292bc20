/* detach: detach every link of a policy, then unpin its tree. */
#include "internal.h"

#include <errno.h>
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
    int lock = rt_lock(rt, true);
    if (lock < 0)
        return -1;
    char dir[RT_PATH], staging[RT_PATH];
    int rc = 0;
    struct stat st;
    if (rt_path(rt, dir, policy, NULL, NULL) < 0 ||
        snprintf(staging, sizeof staging, "%s/@staging@%s", rt->pin_root, policy) >= (int)sizeof staging) {
        rc = rt_fail(rt, "policy name too long");
    } else if (stat(dir, &st) < 0) {
        rc = rt_fail(rt, "policy '%s' is not applied (nothing at %s)", policy, dir);
    } else {
        rt_remove_tree(rt, staging, false);
        rc = rt_remove_tree(rt, dir, true);
    }
    rt_unlock(lock);
    return rc;
}
