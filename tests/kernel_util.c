#include "kernel_util.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int ku_skip_kernel(void)
{
    const char *s = getenv("SOCKC_SKIP_KERNEL_TESTS");
    return s && strcmp(s, "1") == 0;
}

const char *ku_cgroup2_mount(char *buf, size_t len)
{
    FILE *f = fopen("/proc/mounts", "r");
    char dev[256], dir[512], type[64];
    const char *found = NULL;
    while (f && fscanf(f, "%255s %511s %63s %*[^\n]", dev, dir, type) == 3) {
        if (strcmp(type, "cgroup2") == 0) {
            snprintf(buf, len, "%s", dir);
            found = buf;
            break;
        }
    }
    if (f)
        fclose(f);
    return found;
}

/* Removes the cgroups sockc-test-<tag>-<pid> under mnt whose process is gone: a run
 * that was killed before its teardown left them. */
static void remove_stale(const char *mnt, const char *tag)
{
    char prefix[128], path[1024];
    snprintf(prefix, sizeof prefix, "sockc-test-%s-", tag);
    DIR *d = opendir(mnt);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        char *end;
        if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
            continue;
        long pid = strtol(e->d_name + strlen(prefix), &end, 10);
        if (*end || pid <= 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        snprintf(path, sizeof path, "%s/%s", mnt, e->d_name);
        rmdir(path);
    }
    if (d)
        closedir(d);
}

int ku_cgroup_create(const char *tag, char *path, size_t len)
{
    char mnt[512];
    if (!ku_cgroup2_mount(mnt, sizeof mnt))
        return -1;
    remove_stale(mnt, tag);
    snprintf(path, len, "%s/sockc-test-%s-%d", mnt, tag, (int)getpid());
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        return -1;
    return open(path, O_RDONLY | O_DIRECTORY);
}

void ku_cgroup_remove(const char *path)
{
    /* the cgroup may still be draining exited children for a moment */
    for (int i = 0; i < 100 && rmdir(path) != 0 && errno == EBUSY; i++)
        nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
}

int ku_spawn_in_cgroup(const char *path, int (*fn)(void *), void *arg)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        char procs[600];
        snprintf(procs, sizeof procs, "%s/cgroup.procs", path);
        FILE *f = fopen(procs, "w");
        if (!f || fprintf(f, "%d\n", (int)getpid()) < 0 || fclose(f) != 0)
            _exit(120);
        _exit(fn(arg));
    }
    return (int)pid;
}

int ku_wait(int pid)
{
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) != pid)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int ku_run_in_cgroup(const char *path, int (*fn)(void *), void *arg)
{
    return ku_wait(ku_spawn_in_cgroup(path, fn, arg));
}
