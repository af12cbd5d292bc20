/* kernel_util: what the compiler's kernel tests share: the rule that a kernel test
 * fails (not skips) without BPF unless SOCKC_SKIP_KERNEL_TESTS=1, a throwaway cgroup
 * v2 directory, and running a function in a child process inside that cgroup. */
#ifndef SOCKC_TEST_KERNEL_UTIL_H
#define SOCKC_TEST_KERNEL_UTIL_H
#include <stddef.h>

/* 1 when kernel tests should be skipped (explicit opt-out only). */
int ku_skip_kernel(void);
/* The cgroup v2 mount from /proc/mounts, or NULL. */
const char *ku_cgroup2_mount(char *buf, size_t len);
/* Creates <cgroup2>/sockc-test-<tag>-<pid>, first removing those of the tag that a
 * killed run left (their pid is gone); returns an O_DIRECTORY fd (path in path), or
 * -1. */
int ku_cgroup_create(const char *tag, char *path, size_t len);
/* Moves our children back out and removes it. */
void ku_cgroup_remove(const char *path);
/* Forks; the child joins the cgroup and exits with fn(arg). Returns the pid or -1. */
int ku_spawn_in_cgroup(const char *path, int (*fn)(void *), void *arg);
/* Waits for a spawned child; its exit status, or -1. */
int ku_wait(int pid);
/* Both: the child's exit status, or -1. */
int ku_run_in_cgroup(const char *path, int (*fn)(void *), void *arg);
#endif
