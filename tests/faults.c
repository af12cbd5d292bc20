/* faults: run a command and print the page faults its process took in user mode
 * (the software event perf counts as page-faults), then exit with its status.
 * Pages that madvise populates are not faults here, which is what startup.sh checks.
 * Usage: faults COMMAND [ARGS...] */
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: faults COMMAND [ARGS...]\n");
        return 2;
    }
    int go[2];
    if (pipe(go) != 0)
        return perror("faults: pipe"), 2;
    pid_t pid = fork();
    if (pid < 0)
        return perror("faults: fork"), 2;
    if (pid == 0) { /* wait until the counter is on this process, then run */
        char c;
        close(go[1]);
        if (read(go[0], &c, 1) != 1)
            _exit(127);
        execvp(argv[1], argv + 1);
        perror("faults: exec");
        _exit(127);
    }
    close(go[0]);
    struct perf_event_attr attr = {
        .type = PERF_TYPE_SOFTWARE,
        .size = sizeof attr,
        .config = PERF_COUNT_SW_PAGE_FAULTS,
        .disabled = 1,
        .enable_on_exec = 1,
        .exclude_kernel = 0,
    };
    int fd = (int)syscall(SYS_perf_event_open, &attr, pid, -1, -1, 0);
    if (fd < 0)
        perror("faults: perf_event_open");
    if (write(go[1], "x", 1) != 1)
        return perror("faults: write"), 2;
    int status;
    if (waitpid(pid, &status, 0) != pid)
        return perror("faults: waitpid"), 2;
    uint64_t n;
    if (fd < 0 || read(fd, &n, sizeof n) != sizeof n)
        return 2;
    printf("%llu\n", (unsigned long long)n);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
