/* runtime tests: apply, re-apply, failed re-apply, map access, status and detach on
 * the real kernel, in a cgroup made for each test (sockc-test-PID-N) and with
 * loopback sockets. The objects are tests/runtime_bpf/rt.bpf.c's variants.
 * A missing kernel feature fails the tests, unless SOCKC_SKIP_KERNEL_TESTS=1. */
#include "sockc/runtime.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <json-c/json.h>
#include <linux/magic.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h> /* cmocka needs these before its header */
#include <cmocka.h>

#define POLICY "sockc-test-rt"
#define PIN_DIR SC_RT_PIN_ROOT "/" POLICY
#define REWRITE_PORT 1 /* nothing listens there: a connect reaches a server only if rewritten */

typedef struct fixture {
    char cgroot[512];
    char cgname[64];
    char cgpath[600];
    int lfd;        /* TCP listener on 127.0.0.1:sport, in the test's own cgroup */
    uint16_t sport;
    sc_rt *rt;
} fixture;

/* --- helpers --------------------------------------------------------------------- */

static int find_cgroup2(char *out, size_t len)
{
    FILE *f = fopen("/proc/mounts", "r");
    if (!f)
        return -1;
    char dev[256], dir[512], type[64];
    int rc = -1;
    while (fscanf(f, "%255s %511s %63s %*[^\n]", dev, dir, type) == 3) {
        if (strcmp(type, "cgroup2") == 0) {
            snprintf(out, len, "%s", dir);
            rc = 0;
            break;
        }
    }
    fclose(f);
    return rc;
}

static bool skip_kernel(void)
{
    const char *s = getenv("SOCKC_SKIP_KERNEL_TESTS");
    return s && strcmp(s, "1") == 0;
}

/* The kernel features every test needs; a failure names the missing one. */
static const char *kernel_missing(void)
{
    char root[512];
    if (geteuid() != 0)
        return "the runtime tests run as root";
    if (find_cgroup2(root, sizeof root) < 0)
        return "no cgroup v2 mount";
    int fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "sockc_probe", 4, 4, 1, NULL);
    if (fd < 0)
        return "bpf(2) does not work here";
    close(fd);
    return NULL;
}

static int group_setup(void **state)
{
    (void)state;
    const char *why = kernel_missing();
    if (why) {
        if (skip_kernel()) {
            fprintf(stderr, "runtime_test: skipping: %s (SOCKC_SKIP_KERNEL_TESTS=1)\n", why);
            return 0;
        }
        fprintf(stderr, "runtime_test: %s (set SOCKC_SKIP_KERNEL_TESTS=1 to skip)\n", why);
        return -1;
    }
    return 0;
}

static char *read_obj(const char *variant, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/rt_%s.o", SOCKC_RT_BPF_DIR, variant);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static int apply_variant(fixture *fx, const char *variant, bool with_cgroup, sc_rt_apply_report *rep)
{
    size_t len;
    char *obj = read_obj(variant, &len);
    const char *cgs[] = {fx->cgname};
    int rc = sc_rt_apply(fx->rt, obj, len, cgs, with_cgroup ? 1 : 0, rep);
    free(obj);
    return rc;
}

static int setup(void **state)
{
    if (kernel_missing()) {
        if (skip_kernel())
            skip();
        return -1;
    }
    static int counter;
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx || find_cgroup2(fx->cgroot, sizeof fx->cgroot) < 0)
        return -1;
    snprintf(fx->cgname, sizeof fx->cgname, "sockc-test-%d-%d", (int)getpid(), ++counter);
    snprintf(fx->cgpath, sizeof fx->cgpath, "%s/%s", fx->cgroot, fx->cgname);
    if (mkdir(fx->cgpath, 0755) < 0)
        return -1;
    fx->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    if (fx->lfd < 0 || bind(fx->lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fx->lfd, 512) < 0 ||
        getsockname(fx->lfd, (struct sockaddr *)&a, &al) < 0)
        return -1;
    fx->sport = ntohs(a.sin_port);
    fx->rt = sc_rt_open(NULL);
    sc_rt_detach(fx->rt, POLICY); /* a leftover from an interrupted run */
    *state = fx;
    return fx->rt ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    if (!fx)
        return 0;
    sc_rt_detach(fx->rt, POLICY);
    sc_rt_detach(fx->rt, "sockc-test-fixed");
    sc_rt_close(fx->rt);
    close(fx->lfd);
    /* the children have exited; the cgroup empties asynchronously */
    for (int i = 0; i < 200 && rmdir(fx->cgpath) < 0 && errno == EBUSY; i++)
        usleep(10000);
    free(fx);
    return 0;
}

/* --- work done by a child inside the cgroup -------------------------------------- */

enum { OP_CONNECT, OP_BIND, OP_SENDTO };

typedef struct op {
    int kind;
    const char *ip;
    uint16_t port;
    int lfd;
} op;

static int join_cgroup(const fixture *fx)
{
    char p[700];
    snprintf(p, sizeof p, "%s/cgroup.procs", fx->cgpath);
    int fd = open(p, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = write(fd, "0", 1) == 1 ? 0 : -1;
    close(fd);
    return rc;
}

/* Connects and, when it works, accepts on lfd: the server side sees the connection. */
static int do_connect(const char *ip, uint16_t port, int lfd)
{
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, ip, &a.sin_addr);
    int rc = 0;
    if (connect(s, (struct sockaddr *)&a, sizeof a) < 0) {
        rc = errno;
    } else {
        struct pollfd p = {.fd = lfd, .events = POLLIN};
        int c = poll(&p, 1, 2000) == 1 ? accept(lfd, NULL, NULL) : -1;
        if (c < 0)
            rc = ETIMEDOUT; /* connected, but not to our server */
        else
            close(c);
    }
    close(s);
    return rc;
}

static int run_op(const op *o)
{
    if (o->kind == OP_CONNECT)
        return do_connect(o->ip, o->port, o->lfd);
    int s = socket(AF_INET, (o->kind == OP_BIND ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(o->port)};
    inet_pton(AF_INET, o->ip, &a.sin_addr);
    int rc = 0;
    if (o->kind == OP_BIND)
        rc = bind(s, (struct sockaddr *)&a, sizeof a) < 0 ? errno : 0;
    else
        rc = sendto(s, "x", 1, 0, (struct sockaddr *)&a, sizeof a) < 0 ? errno : 0;
    close(s);
    return rc;
}

/* Runs o in a child inside the test's cgroup; returns 0 or the errno it failed with. */
static int in_cgroup(const fixture *fx, op o)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (join_cgroup(fx) < 0)
            _exit(250);
        _exit(run_op(&o));
    }
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

static op connect_op(const fixture *fx, const char *ip, uint16_t port)
{
    return (op){.kind = OP_CONNECT, .ip = ip, .port = port, .lfd = fx->lfd};
}

static void set_service(fixture *fx)
{
    char key[16], val[64];
    snprintf(key, sizeof key, "%d", REWRITE_PORT);
    snprintf(val, sizeof val, "127.0.0.1:%u", fx->sport);
    if (sc_rt_map_set(fx->rt, POLICY, "services", key, val) < 0)
        fail_msg("map set: %s", sc_rt_error(fx->rt));
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Programs of one attach type on the cgroup (ours or anyone's). */
static uint32_t attached(const fixture *fx, enum bpf_attach_type type)
{
    int fd = open(fx->cgpath, O_RDONLY | O_DIRECTORY);
    uint32_t ids[16], n = 16;
    int rc = bpf_prog_query(fd, type, 0, NULL, ids, &n);
    close(fd);
    return rc < 0 ? 999 : n;
}

static const sc_rt_policy_status *find_policy(const sc_rt_status *st, const char *name)
{
    for (size_t i = 0; i < st->npolicies; i++)
        if (strcmp(st->policies[i].name, name) == 0)
            return &st->policies[i];
    return NULL;
}

static uint32_t link_id(sc_rt *rt, const char *prog)
{
    sc_rt_status *st;
    if (sc_rt_status_get(rt, POLICY, &st) < 0)
        fail_msg("status: %s", sc_rt_error(rt));
    uint32_t id = 0;
    const sc_rt_policy_status *p = find_policy(st, POLICY);
    for (size_t i = 0; p && i < p->nlinks; i++)
        if (strcmp(p->links[i].prog, prog) == 0)
            id = p->links[i].id;
    sc_rt_status_free(st);
    return id;
}

/* Every path under dir, sorted, one per line. */
static char *snapshot(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "find %s | sort", dir);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char *buf = calloc(1, 65536);
    size_t n = fread(buf, 1, 65535, p);
    buf[n] = '\0';
    pclose(p);
    return buf;
}

/* --- tests ----------------------------------------------------------------------- */

/* apply attaches, a process in the cgroup sees the rewrite and the set contents,
 * `map` round-trips, status reads back, detach removes every pin and the effect. */
static void test_apply_map_status_detach(void **state)
{
    fixture *fx = *state;
    sc_rt_apply_report rep;
    if (apply_variant(fx, "V1", true, &rep) < 0)
        fail_msg("apply: %s", sc_rt_error(fx->rt));
    assert_false(rep.replaced);
    assert_int_equal(rep.links_attached, 2);
    assert_int_equal(rep.fills, 2);
    assert_int_equal(rep.cgroups, 1);
    assert_true(exists(PIN_DIR "/links"));

    /* no service entry yet: the connect is not rewritten */
    assert_int_equal(in_cgroup(fx, connect_op(fx, "127.0.0.1", REWRITE_PORT)), ECONNREFUSED);
    set_service(fx);
    char *v = NULL;
    if (sc_rt_map_get(fx->rt, POLICY, "services", "1", &v) < 0)
        fail_msg("map get: %s", sc_rt_error(fx->rt));
    char want[64];
    snprintf(want, sizeof want, "127.0.0.1:%u", fx->sport);
    assert_string_equal(v, want);
    free(v);
    sc_rt_map_entry *e;
    size_t n;
    assert_int_equal(sc_rt_map_list(fx->rt, POLICY, "deny4", &e, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(e[0].key, "127.77.0.0/16");
    sc_rt_map_entries_free(e, n);

    /* in the cgroup: rewritten; outside: not */
    assert_int_equal(in_cgroup(fx, connect_op(fx, "127.0.0.1", REWRITE_PORT)), 0);
    assert_int_equal(do_connect("127.0.0.1", REWRITE_PORT, fx->lfd), ECONNREFUSED);
    /* the filled set denies; bind4 denies its port */
    assert_int_equal(in_cgroup(fx, connect_op(fx, "127.77.0.1", fx->sport)), EPERM);
    assert_int_equal(in_cgroup(fx, (op){.kind = OP_BIND, .ip = "127.0.0.1", .port = 4747}), EPERM);
    assert_int_equal(in_cgroup(fx, (op){.kind = OP_BIND, .ip = "127.0.0.1", .port = 0}), 0);

    /* status: programs with ids and verified instructions, links, map sizes */
    sc_rt_status *st;
    if (sc_rt_status_get(fx->rt, NULL, &st) < 0)
        fail_msg("status: %s", sc_rt_error(fx->rt));
    const sc_rt_policy_status *p = find_policy(st, POLICY);
    assert_non_null(p);
    assert_int_equal(p->nprogs, 2);
    for (size_t i = 0; i < p->nprogs; i++) {
        assert_true(p->progs[i].id > 0);
        assert_true(p->progs[i].verified_insns > 0);
        assert_int_equal(strlen(p->progs[i].tag), 16);
    }
    assert_int_equal(p->nlinks, 2);
    assert_string_equal(p->links[0].cgroup, fx->cgname);
    assert_int_equal(p->nmaps, 3);
    for (size_t i = 0; i < p->nmaps; i++)
        if (strcmp(p->maps[i].name, "services") == 0)
            assert_int_equal(p->maps[i].entries, 1);
    /* --json parses and says the same */
    char *js = NULL;
    size_t jl = 0;
    FILE *f = open_memstream(&js, &jl);
    assert_int_equal(sc_rt_status_write(st, f, true), 0);
    fclose(f);
    sc_rt_status_free(st);
    json_object *root = json_tokener_parse(js);
    assert_non_null(root);
    json_object *pols;
    assert_true(json_object_object_get_ex(root, "policies", &pols));
    bool found = false;
    for (size_t i = 0; i < json_object_array_length(pols); i++) {
        json_object *po = json_object_array_get_idx(pols, i), *name, *progs;
        assert_true(json_object_object_get_ex(po, "name", &name));
        if (strcmp(json_object_get_string(name), POLICY) != 0)
            continue;
        found = true;
        assert_true(json_object_object_get_ex(po, "programs", &progs));
        assert_int_equal(json_object_array_length(progs), 2);
    }
    assert_true(found);
    json_object_put(root);
    free(js);

    /* map errors name the problem */
    assert_int_equal(sc_rt_map_set(fx->rt, POLICY, "services", "http", "10.0.0.1:80"), -1);
    assert_non_null(strstr(sc_rt_error(fx->rt), "bad key 'http'"));
    assert_int_equal(sc_rt_map_set(fx->rt, POLICY, "nosuch", "1", "1"), -1);
    assert_non_null(strstr(sc_rt_error(fx->rt), "has no map 'nosuch'"));
    assert_non_null(strstr(sc_rt_error(fx->rt), "SET list` lists a set by its name"));
    assert_int_equal(sc_rt_map_delete(fx->rt, POLICY, "services", "1"), 0);
    assert_int_equal(sc_rt_map_get(fx->rt, POLICY, "services", "1", &v), -1);
    assert_non_null(strstr(sc_rt_error(fx->rt), "no entry for 1"));
    set_service(fx);

    /* detach: no pins, nothing attached, no effect */
    if (sc_rt_detach(fx->rt, POLICY) < 0)
        fail_msg("detach: %s", sc_rt_error(fx->rt));
    assert_false(exists(PIN_DIR));
    assert_int_equal(attached(fx, BPF_CGROUP_INET4_CONNECT), 0);
    assert_int_equal(attached(fx, BPF_CGROUP_INET4_BIND), 0);
    assert_int_equal(in_cgroup(fx, connect_op(fx, "127.0.0.1", REWRITE_PORT)), ECONNREFUSED);
    assert_int_equal(in_cgroup(fx, connect_op(fx, "127.77.0.1", fx->sport)), ECONNREFUSED); /* not EPERM */
    assert_int_equal(sc_rt_detach(fx->rt, POLICY), -1);
    assert_non_null(strstr(sc_rt_error(fx->rt), "not applied"));
}

typedef struct load_result {
    long ok, failed;
    int first_errno;
} load_result;

/* Re-applying 50 times while a process in the cgroup connects without pause: no
 * connect fails, the links are the same links (updated, not re-attached), the map
 * that did not change keeps its entry, and the last version's rules hold. */
static void test_reapply_under_load(void **state)
{
    fixture *fx = *state;
    if (apply_variant(fx, "V1", true, NULL) < 0)
        fail_msg("apply: %s", sc_rt_error(fx->rt));
    set_service(fx);
    uint32_t connect_link = link_id(fx->rt, "connect4_0");
    assert_true(connect_link > 0);

    int stop[2], res[2];
    assert_int_equal(pipe(stop), 0);
    assert_int_equal(pipe(res), 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(stop[1]);
        close(res[0]);
        load_result r = {0};
        if (join_cgroup(fx) < 0)
            _exit(1);
        for (;;) {
            struct pollfd p = {.fd = stop[0], .events = POLLIN};
            if (poll(&p, 1, 0) != 0)
                break;
            int e = do_connect("127.0.0.1", REWRITE_PORT, fx->lfd);
            if (e == 0) {
                r.ok++;
            } else {
                if (!r.failed)
                    r.first_errno = e;
                r.failed++;
            }
        }
        _exit(write(res[1], &r, sizeof r) == sizeof r ? 0 : 1);
    }
    close(stop[0]);
    close(res[1]);
    usleep(20000);
    int applies = 0;
    for (int i = 0; i < 50; i++) {
        sc_rt_apply_report rep;
        const char *variant = i % 2 == 0 ? "V2" : "V1";
        if (apply_variant(fx, variant, true, &rep) < 0) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            fail_msg("re-apply %d (%s): %s", i, variant, sc_rt_error(fx->rt));
        }
        assert_true(rep.replaced);
        assert_int_equal(rep.links_updated, 1); /* connect4_0 */
        assert_int_equal(rep.links_attached, 1); /* bind4_0 <-> sendmsg4_0 */
        assert_int_equal(rep.links_detached, 1);
        assert_int_equal(rep.maps_kept, 1);      /* services */
        applies++;
        usleep(2000); /* let connects run against each version */
    }
    usleep(20000);
    close(stop[1]);
    load_result r = {0};
    assert_int_equal(read(res[0], &r, sizeof r), (ssize_t)sizeof r);
    close(res[0]);
    int status;
    waitpid(pid, &status, 0);
    fprintf(stderr, "runtime_test: %d re-applies under load: %ld connects, %ld failed (first errno %d)\n", applies,
            r.ok, r.failed, r.first_errno);
    assert_int_equal(r.failed, 0);
    assert_true(r.ok > 50);
    assert_int_equal(link_id(fx->rt, "connect4_0"), connect_link);

    /* one more: V2's rules are in force, V1's bind hook is gone */
    if (apply_variant(fx, "V2", true, NULL) < 0)
        fail_msg("apply V2: %s", sc_rt_error(fx->rt));
    assert_int_equal(in_cgroup(fx, connect_op(fx, "127.0.0.1", REWRITE_PORT)), 0);
    assert_int_equal(in_cgroup(fx, connect_op(fx, "127.78.0.1", fx->sport)), EPERM);
    assert_int_equal(in_cgroup(fx, (op){.kind = OP_BIND, .ip = "127.0.0.1", .port = 4747}), 0);
    assert_int_equal(in_cgroup(fx, (op){.kind = OP_SENDTO, .ip = "127.77.0.1", .port = 9}), EPERM);
    assert_int_equal(attached(fx, BPF_CGROUP_INET4_BIND), 0);
    assert_int_equal(attached(fx, BPF_CGROUP_INET4_CONNECT), 1);
    assert_int_equal(attached(fx, BPF_CGROUP_UDP4_SENDMSG), 1);
    char *snap = snapshot(SC_RT_PIN_ROOT);
    assert_null(strstr(snap, "@staging@"));
    free(snap);
}

/* A re-apply whose program the verifier rejects changes nothing: same pins, same
 * programs, the old rewrite still works; the message shows the source line. */
static void test_failed_reapply_keeps_old(void **state)
{
    fixture *fx = *state;
    if (apply_variant(fx, "V1", true, NULL) < 0)
        fail_msg("apply: %s", sc_rt_error(fx->rt));
    set_service(fx);
    char *before = snapshot(SC_RT_PIN_ROOT);
    uint32_t link_before = link_id(fx->rt, "connect4_0");
    sc_rt_status *st;
    assert_int_equal(sc_rt_status_get(fx->rt, POLICY, &st), 0);
    uint32_t prog_before = st->policies[0].progs[1].id;
    sc_rt_status_free(st);

    assert_int_equal(apply_variant(fx, "BAD", true, NULL), -1);
    const char *msg = sc_rt_error(fx->rt);
    assert_non_null(strstr(msg, "verifier rejected program 'bind4_0'")); /* the second loaded */
    assert_non_null(strstr(msg, "at rt.bpf.c:"));
    assert_non_null(strstr(msg, "ctx->family = 10;"));

    char *after = snapshot(SC_RT_PIN_ROOT);
    assert_string_equal(before, after);
    free(before);
    free(after);
    assert_int_equal(link_id(fx->rt, "connect4_0"), link_before);
    assert_int_equal(sc_rt_status_get(fx->rt, POLICY, &st), 0);
    assert_int_equal(st->policies[0].progs[1].id, prog_before);
    sc_rt_status_free(st);
    assert_int_equal(attached(fx, BPF_CGROUP_INET4_CONNECT), 1);
    assert_int_equal(in_cgroup(fx, connect_op(fx, "127.0.0.1", REWRITE_PORT)), 0);

    /* a changed map definition is not kept: the entry is gone */
    sc_rt_apply_report rep;
    if (apply_variant(fx, "CHANGED", true, &rep) < 0)
        fail_msg("apply CHANGED: %s", sc_rt_error(fx->rt));
    assert_int_equal(rep.maps_kept, 0);
    assert_int_equal(rep.links_updated, 2);
    sc_rt_map_entry *e;
    size_t n;
    assert_int_equal(sc_rt_map_list(fx->rt, POLICY, "services", &e, &n), 0);
    assert_int_equal(n, 0);
    sc_rt_map_entries_free(e, n);
    assert_int_equal(in_cgroup(fx, connect_op(fx, "127.0.0.1", REWRITE_PORT)), ECONNREFUSED);
}

static void expect_error(fixture *fx, int rc, const char *text)
{
    assert_int_equal(rc, -1);
    if (!strstr(sc_rt_error(fx->rt), text))
        fail_msg("expected '%s' in the message, got: %s", text, sc_rt_error(fx->rt));
}

/* Bad input and a bad environment give a message that names the problem, and
 * nothing is pinned or attached. */
static void test_errors_change_nothing(void **state)
{
    fixture *fx = *state;
    char text[700];
    snprintf(text, sizeof text, "cgroup 'sockc-test-missing-cg' not found under %s", fx->cgroot);
    expect_error(fx, apply_variant(fx, "FIXED", false, NULL), text);
    assert_false(exists(SC_RT_PIN_ROOT "/sockc-test-fixed"));

    expect_error(fx, apply_variant(fx, "V1", false, NULL), "give one with --cgroup PATH");
    const char *nope[] = {"sockc-test-no-such-cgroup"};
    size_t len;
    char *obj = read_obj("V1", &len);
    expect_error(fx, sc_rt_apply(fx->rt, obj, len, nope, 1, NULL), "cgroup 'sockc-test-no-such-cgroup' not found");
    expect_error(fx, apply_variant(fx, "OLDFMT", true, NULL), "sockc object format 2");
    expect_error(fx, sc_rt_apply(fx->rt, "garbage", 7, NULL, 0, NULL), "not an ELF object");

    /* a cgroup v1 hierarchy, where the machine has one */
    FILE *m = fopen("/proc/mounts", "r");
    char dev[256], dir[512], type[64], v1[512] = "";
    while (m && fscanf(m, "%255s %511s %63s %*[^\n]", dev, dir, type) == 3)
        if (strcmp(type, "cgroup") == 0 && !v1[0])
            snprintf(v1, sizeof v1, "%s", dir);
    if (m)
        fclose(m);
    if (v1[0]) {
        const char *cg1[] = {v1};
        expect_error(fx, sc_rt_apply(fx->rt, obj, len, cg1, 1, NULL), "cgroup v1");
    }

    /* a pin directory that is not on bpffs */
    char tmp[] = "/tmp/sockc-test-pins-XXXXXX";
    assert_non_null(mkdtemp(tmp));
    sc_rt *other = sc_rt_open(&(sc_rt_opts){.pin_root = tmp});
    const char *cgs[] = {fx->cgname};
    assert_int_equal(sc_rt_apply(other, obj, len, cgs, 1, NULL), -1);
    assert_non_null(strstr(sc_rt_error(other), "is not on a bpf filesystem"));
    sc_rt_close(other);
    rmdir(tmp);

    /* not root */
    pid_t pid = fork();
    if (pid == 0) {
        if (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0)
            _exit(2);
        int rc = sc_rt_apply(fx->rt, obj, len, cgs, 1, NULL);
        _exit(rc == -1 && strstr(sc_rt_error(fx->rt), "needs root") ? 0 : 1);
    }
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    free(obj);

    assert_false(exists(PIN_DIR));
    assert_int_equal(attached(fx, BPF_CGROUP_INET4_CONNECT), 0);
    expect_error(fx, sc_rt_detach(fx->rt, POLICY), "not applied");
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
    (void)level, (void)fmt, (void)ap;
    return 0;
}

int main(void)
{
    libbpf_set_print(quiet); /* the runtime reports failures itself */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_apply_map_status_detach, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reapply_under_load, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_reapply_keeps_old, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_change_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
