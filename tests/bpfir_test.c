/* Tests for compiler/bpfir.c: a module with a hash map, an LPM trie and a
 * cgroup/connect4 program built through bpfir, checked as an object (libbpf's view of
 * it), in the kernel (verifier, BTF line/func info) and in action (a connect() from a
 * child in a fresh cgroup is rewritten from 127.0.0.1:9 to 127.0.0.2:8080, and bound
 * by bpf_bind to source 127.0.0.3).
 *
 * Kernel tests fail when BPF or cgroup2 is unavailable, unless
 * SOCKC_SKIP_KERNEL_TESTS=1, in which case they are skipped. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "bpfir.h"

#define PROG_NAME "connect4_prog"
#define SECTION "cgroup/connect4"
#define LISTEN_PORT 8080
#define HASH_MAX 64
#define LPM_MAX 128

/* 127.0.0.x in network byte order as the u32 the kernel keeps in bpf_sock_addr. */
static uint32_t lo_addr(unsigned x) { return htonl(0x7f000000u | x); }

static const bir_field value_fields[] = {
    {"name", 1, 16},
    {"port", 2, 1},
    {"proto", 1, 1},
    {"action", 1, 1},
};
static const bir_type value_type = {"rule_value", 20, 4, value_fields};
static const bir_type u16_type = {"u16", 2, 0, NULL};
static const bir_field lpm_fields[] = {
    {"prefixlen", 4, 1},
    {"b", 1, 4},
};
static const bir_type lpm_key_type = {"lpm_v4_key", 8, 2, lpm_fields};
static const bir_type u8_type = {"u8", 1, 0, NULL};

static LLVMValueRef i16c(bir_module *m, unsigned v)
{
    return LLVMConstInt(LLVMInt16TypeInContext(bir_context(m)), v, 0);
}
static LLVMValueRef i32c(bir_module *m, uint32_t v)
{
    return LLVMConstInt(LLVMInt32TypeInContext(bir_context(m)), v, 0);
}
static LLVMValueRef i64c(bir_module *m, uint64_t v)
{
    return LLVMConstInt(LLVMInt64TypeInContext(bir_context(m)), v, 0);
}

/* Stores v at slot+off. */
static void store_at(bir_module *m, LLVMValueRef slot, unsigned off, LLVMValueRef v)
{
    LLVMBuilderRef b = bir_builder(m);
    LLVMValueRef idx = i64c(m, off);
    LLVMValueRef p = LLVMBuildInBoundsGEP2(b, LLVMInt8TypeInContext(bir_context(m)), slot, &idx,
                                           1, "");
    LLVMBuildStore(b, v, p);
}

/* The module of the brief: maps, license, a metadata section and the program. */
static bir_module *build_module(void)
{
    char err[256];
    bir_module *m = bir_module_new("bpfir_test", "/nonexistent/bpfir_test.sp", err, sizeof err);
    if (!m)
        fail_msg("bir_module_new: %s", err);

    bir_map_def hash = {.name = "rules",
                        .type = BPF_MAP_TYPE_HASH,
                        .key = &u16_type,
                        .value = &value_type,
                        .max_entries = HASH_MAX,
                        .line = 2};
    LLVMValueRef hash_map = bir_map(m, &hash);
    assert_non_null(hash_map);
    bir_map_def lpm = {.name = "nets",
                       .type = BPF_MAP_TYPE_LPM_TRIE,
                       .key = &lpm_key_type,
                       .value = &u8_type,
                       .max_entries = LPM_MAX,
                       .flags = BPF_F_NO_PREALLOC,
                       .line = 3};
    LLVMValueRef lpm_map = bir_map(m, &lpm);
    assert_non_null(lpm_map);
    bir_license(m, "GPL");
    static const char meta[] = "policy bpfir_test";
    bir_data_section(m, "sockc_meta", ".sockc.meta", meta, sizeof meta);

    LLVMBuilderRef b = bir_builder(m);
    bir_prog *p = bir_prog_begin(m, PROG_NAME, SECTION, 5);
    assert_non_null(p);
    LLVMBasicBlockRef rewrite = bir_block(p, "rewrite");
    LLVMBasicBlockRef cont = bir_block(p, "cont");

    bir_loc(p, 5, 3);
    LLVMValueRef ip = bir_ctx_load(p, offsetof(struct bpf_sock_addr, user_ip4), 4);
    LLVMValueRef is_lo = LLVMBuildICmp(b, LLVMIntEQ, ip, i32c(m, lo_addr(1)), "");
    LLVMBuildCondBr(b, is_lo, rewrite, cont);

    LLVMPositionBuilderAtEnd(b, rewrite);
    bir_loc(p, 6, 5);
    bir_ctx_store(p, offsetof(struct bpf_sock_addr, user_ip4), i32c(m, lo_addr(2)));
    bir_loc(p, 7, 5);
    bir_ctx_store(p, offsetof(struct bpf_sock_addr, user_port), i32c(m, htons(LISTEN_PORT)));
    LLVMBuildBr(b, cont);

    LLVMPositionBuilderAtEnd(b, cont);
    bir_loc(p, 8, 3);
    LLVMValueRef key = bir_stack(p, 2, "key", 0);
    /* one slot per name, size and scope: a second use shares it, other scopes do not */
    assert_ptr_equal(bir_stack(p, 2, "key", 0), key);
    assert_ptr_not_equal(bir_stack(p, 2, "key", 6), key);
    assert_ptr_not_equal(bir_stack(p, 4, "key", 0), key);
    assert_ptr_not_equal(bir_stack(p, 2, "value", 0), key);
    store_at(m, key, 0, i16c(m, 80));
    LLVMValueRef largs[2] = {hash_map, key};
    LLVMValueRef hit = bir_helper(p, BPF_FUNC_map_lookup_elem, 1, largs, 2);
    assert_int_equal(LLVMGetTypeKind(LLVMTypeOf(hit)), LLVMPointerTypeKind);

    bir_loc(p, 9, 3);
    LLVMValueRef lkey = bir_stack(p, 8, "lpm_key", 0);
    store_at(m, lkey, 0, i32c(m, 32));
    store_at(m, lkey, 4, ip);
    LLVMValueRef lpmargs[2] = {lpm_map, lkey};
    bir_helper(p, BPF_FUNC_map_lookup_elem, 1, lpmargs, 2);

    bir_loc(p, 10, 3);
    LLVMValueRef sa = bir_stack(p, sizeof(struct sockaddr_in), "sa", 0);
    store_at(m, sa, offsetof(struct sockaddr_in, sin_family), i16c(m, AF_INET));
    store_at(m, sa, offsetof(struct sockaddr_in, sin_addr), i32c(m, lo_addr(3)));
    LLVMValueRef bargs[3] = {bir_ctx_ptr(p), sa, i64c(m, sizeof(struct sockaddr_in))};
    LLVMValueRef r = bir_helper(p, BPF_FUNC_bind, 0, bargs, 3);
    assert_true(LLVMTypeOf(r) == LLVMInt64TypeInContext(bir_context(m)));

    bir_loc(p, 11, 3);
    LLVMBuildRet(b, i32c(m, 1));
    bir_prog_end(p);
    assert_null(bir_error(m));
    return m;
}

static char *emit(bir_emit_kind kind, size_t *len)
{
    bir_module *m = build_module();
    char err[512] = "";
    char *out = NULL;
    int rc = bir_emit(m, kind, &out, len, err, sizeof err);
    bir_module_free(m);
    if (rc != 0)
        fail_msg("bir_emit: %s", err);
    assert_non_null(out);
    assert_true(*len > 0);
    return out;
}

static int skip_kernel(void) { return getenv("SOCKC_SKIP_KERNEL_TESTS") && !strcmp(getenv("SOCKC_SKIP_KERNEL_TESTS"), "1"); }

/* ---- the object as libbpf sees it (no kernel needed) ---- */

static void test_object_open(void **state)
{
    (void)state;
    size_t len;
    char *obj_buf = emit(BIR_EMIT_OBJ, &len);
    struct bpf_object *obj = bpf_object__open_mem(obj_buf, len, NULL);
    assert_non_null(obj);

    struct bpf_program *prog = bpf_object__find_program_by_name(obj, PROG_NAME);
    assert_non_null(prog);
    assert_string_equal(bpf_program__section_name(prog), SECTION);
    assert_int_equal(bpf_program__type(prog), BPF_PROG_TYPE_CGROUP_SOCK_ADDR);
    assert_int_equal(bpf_program__expected_attach_type(prog), BPF_CGROUP_INET4_CONNECT);

    struct bpf_map *hm = bpf_object__find_map_by_name(obj, "rules");
    assert_non_null(hm);
    assert_int_equal(bpf_map__type(hm), BPF_MAP_TYPE_HASH);
    assert_int_equal(bpf_map__key_size(hm), 2);
    assert_int_equal(bpf_map__value_size(hm), 20);
    assert_int_equal(bpf_map__max_entries(hm), HASH_MAX);
    assert_int_equal(bpf_map__map_flags(hm), 0);
    assert_true(bpf_map__btf_key_type_id(hm) > 0);
    assert_true(bpf_map__btf_value_type_id(hm) > 0);

    struct bpf_map *lm = bpf_object__find_map_by_name(obj, "nets");
    assert_non_null(lm);
    assert_int_equal(bpf_map__type(lm), BPF_MAP_TYPE_LPM_TRIE);
    assert_int_equal(bpf_map__key_size(lm), 8);
    assert_int_equal(bpf_map__value_size(lm), 1);
    assert_int_equal(bpf_map__max_entries(lm), LPM_MAX);
    assert_int_equal(bpf_map__map_flags(lm), BPF_F_NO_PREALLOC);

    /* The BTF of the value struct is the 20-byte layout the brief declares. */
    struct btf *btf = bpf_object__btf(obj);
    assert_non_null(btf);
    const struct btf_type *vt = btf__type_by_id(btf, bpf_map__btf_value_type_id(hm));
    assert_non_null(vt);
    assert_string_equal(btf__name_by_offset(btf, vt->name_off), "rule_value");
    assert_int_equal(vt->size, 20);
    assert_int_equal(btf_vlen(vt), 4);

    bpf_object__close(obj);
    free(obj_buf);
}

/* ---- loading into the kernel ---- */

#define LOG_SIZE (1u << 20)

struct loaded {
    char *obj_buf;
    char *log;
    struct bpf_object *obj;
    struct bpf_program *prog;
};

/* Opens and loads; on failure prints the verifier log and fails the test. */
static void load(struct loaded *l)
{
    size_t len;
    l->obj_buf = emit(BIR_EMIT_OBJ, &len);
    l->log = calloc(1, LOG_SIZE);
    assert_non_null(l->log);
    /* Level 0 with a buffer: libbpf retries a failed load with level 1 into it. */
    LIBBPF_OPTS(bpf_object_open_opts, opts, .kernel_log_buf = l->log,
                .kernel_log_size = LOG_SIZE, .kernel_log_level = 0);
    l->obj = bpf_object__open_mem(l->obj_buf, len, &opts);
    assert_non_null(l->obj);
    int err = bpf_object__load(l->obj);
    if (err) {
        fprintf(stderr, "bpf_object__load: %s\nverifier log:\n%s\n", strerror(-err), l->log);
        fail_msg("the object did not load (BPF unavailable or verifier rejection)");
    }
    l->prog = bpf_object__find_program_by_name(l->obj, PROG_NAME);
    assert_non_null(l->prog);
}

static void unload(struct loaded *l)
{
    bpf_object__close(l->obj);
    free(l->obj_buf);
    free(l->log);
    memset(l, 0, sizeof *l);
}

static int teardown_loaded(void **state)
{
    unload(*state);
    free(*state);
    return 0;
}

static int setup_loaded(void **state)
{
    *state = calloc(1, sizeof(struct loaded));
    return *state ? 0 : -1;
}

static void test_kernel_load(void **state)
{
    if (skip_kernel())
        skip();
    struct loaded *l = *state;
    load(l);
    int fd = bpf_program__fd(l->prog);
    assert_true(fd >= 0);
    struct bpf_prog_info info;
    memset(&info, 0, sizeof info);
    __u32 ilen = sizeof info;
    assert_int_equal(bpf_obj_get_info_by_fd(fd, &info, &ilen), 0);
    assert_int_equal(info.type, BPF_PROG_TYPE_CGROUP_SOCK_ADDR);
    /* The silent-loss guard: the kernel took the BTF func and line info. */
    assert_true(info.nr_func_info > 0);
    assert_true(info.nr_line_info > 0);
    assert_true(info.btf_id > 0);

    struct bpf_map *hm = bpf_object__find_map_by_name(l->obj, "rules");
    assert_true(bpf_map__fd(hm) >= 0);
    struct bpf_map_info minfo;
    memset(&minfo, 0, sizeof minfo);
    __u32 mlen = sizeof minfo;
    assert_int_equal(bpf_obj_get_info_by_fd(bpf_map__fd(hm), &minfo, &mlen), 0);
    assert_int_equal(minfo.type, BPF_MAP_TYPE_HASH);
    assert_int_equal(minfo.key_size, 2);
    assert_int_equal(minfo.value_size, 20);
    assert_int_equal(minfo.max_entries, HASH_MAX);
    assert_true(minfo.btf_value_type_id > 0);
}

/* A long if-chain over ctx fields: without llvm.preserve.static.offset and a fresh GEP
 * per access, LLVM stops folding field offsets from about 100 accesses on and the
 * verifier rejects "dereference of modified ctx ptr". */
#define CHAIN_RULES 300

static void test_kernel_long_chain(void **state)
{
    if (skip_kernel())
        skip();
    struct loaded *l = *state;
    char err[256];
    bir_module *m = bir_module_new("chain", "chain.sp", err, sizeof err);
    if (!m)
        fail_msg("bir_module_new: %s", err);
    bir_license(m, "GPL");
    LLVMBuilderRef b = bir_builder(m);
    bir_prog *p = bir_prog_begin(m, "chain", SECTION, 1);
    static const unsigned fields[] = {offsetof(struct bpf_sock_addr, user_ip4),
                                      offsetof(struct bpf_sock_addr, user_port),
                                      offsetof(struct bpf_sock_addr, protocol)};
    for (unsigned i = 0; i < CHAIN_RULES; i++) {
        LLVMBasicBlockRef hit = bir_block(p, "hit"), next = bir_block(p, "next");
        bir_loc(p, i + 1, 1);
        LLVMValueRef v = bir_ctx_load(p, fields[i % 3], 4);
        LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, v, i32c(m, 1000 + i), ""), hit, next);
        LLVMPositionBuilderAtEnd(b, hit);
        bir_ctx_store(p, offsetof(struct bpf_sock_addr, user_ip4), i32c(m, lo_addr(2)));
        bir_ctx_store(p, offsetof(struct bpf_sock_addr, user_port), i32c(m, htons(1000 + i)));
        LLVMBuildRet(b, i32c(m, 1));
        LLVMPositionBuilderAtEnd(b, next);
    }
    bir_loc(p, CHAIN_RULES + 1, 1);
    LLVMBuildRet(b, i32c(m, 1));
    bir_prog_end(p);
    size_t len;
    int rc = bir_emit(m, BIR_EMIT_OBJ, &l->obj_buf, &len, err, sizeof err);
    bir_module_free(m);
    if (rc)
        fail_msg("bir_emit: %s", err);
    l->log = calloc(1, LOG_SIZE);
    assert_non_null(l->log);
    LIBBPF_OPTS(bpf_object_open_opts, opts, .kernel_log_buf = l->log,
                .kernel_log_size = LOG_SIZE);
    l->obj = bpf_object__open_mem(l->obj_buf, len, &opts);
    assert_non_null(l->obj);
    int e = bpf_object__load(l->obj);
    if (e) {
        size_t n = strlen(l->log);
        fprintf(stderr, "verifier log (tail):\n%s\n", l->log + (n > 4000 ? n - 4000 : 0));
        fail_msg("bpf_object__load: %s", strerror(-e));
    }
}

/* ---- running it in a cgroup ---- */

struct cgrun {
    struct loaded l;
    char cg[1024];      /* the test cgroup's directory */
    char home[1024];    /* where the child returns to before exiting */
    int cg_made;
    int cgfd;
    int lfd, afd;
    struct bpf_link *link;
    pid_t child;
};

static int setup_cgrun(void **state)
{
    struct cgrun *c = calloc(1, sizeof *c);
    if (!c)
        return -1;
    c->cgfd = c->lfd = c->afd = -1;
    *state = c;
    return 0;
}

static int teardown_cgrun(void **state)
{
    struct cgrun *c = *state;
    if (c->child > 0) {
        kill(c->child, SIGKILL);
        waitpid(c->child, NULL, 0);
    }
    if (c->afd >= 0)
        close(c->afd);
    if (c->lfd >= 0)
        close(c->lfd);
    bpf_link__destroy(c->link);
    if (c->cgfd >= 0)
        close(c->cgfd);
    if (c->cg_made) {
        /* The child has been reaped; a dying task can keep the cgroup busy briefly. */
        for (int i = 0; i < 100 && rmdir(c->cg) != 0 && errno == EBUSY; i++)
            usleep(10000);
        struct stat st;
        if (stat(c->cg, &st) == 0)
            fprintf(stderr, "warning: could not remove %s\n", c->cg);
    }
    unload(&c->l);
    free(c);
    return 0;
}

/* The cgroup2 mount point from /proc/mounts. */
static int cgroup2_mount(char *out, size_t n)
{
    FILE *f = fopen("/proc/mounts", "r");
    if (!f)
        return -1;
    char dev[256], dir[512], type[64];
    int found = -1;
    while (fscanf(f, "%255s %511s %63s %*[^\n]", dev, dir, type) == 3) {
        if (!strcmp(type, "cgroup2")) {
            found = (size_t)snprintf(out, n, "%s", dir) < n ? 0 : -1; /* a cut path is no path */
            break;
        }
    }
    fclose(f);
    return found;
}

/* This process's cgroup2 directory ("0::/path" in /proc/self/cgroup). */
static int own_cgroup(const char *mnt, char *out, size_t n)
{
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (!f)
        return -1;
    char line[1024];
    int found = -1;
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "0::", 3)) {
            line[strcspn(line, "\n")] = '\0';
            found = (size_t)snprintf(out, n, "%s%s", mnt, line + 3) < n ? 0 : -1;
        }
    }
    fclose(f);
    return found;
}

static int join_cgroup(const char *dir)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/cgroup.procs", dir);
    int fd = open(path, O_WRONLY);
    if (fd < 0)
        return -1;
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%d\n", (int)getpid());
    int ok = write(fd, pid, (size_t)n) == n;
    close(fd);
    return ok ? 0 : -1;
}

/* The child: join the cgroup, connect to 127.0.0.1:9, check where it went, go home.
 * Exit codes say which step failed. */
static void child_main(const struct cgrun *c)
{
    int code = 0;
    if (join_cgroup(c->cg) != 0)
        _exit(10);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0)
        _exit(11);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(9)};
    to.sin_addr.s_addr = lo_addr(1);
    if (connect(s, (struct sockaddr *)&to, sizeof to) != 0) {
        code = 12;
    } else {
        struct sockaddr_in peer;
        socklen_t pl = sizeof peer;
        if (getpeername(s, (struct sockaddr *)&peer, &pl) != 0 || peer.sin_addr.s_addr != lo_addr(2)
            || peer.sin_port != htons(LISTEN_PORT))
            code = 13;
    }
    close(s);
    if (join_cgroup(c->home) != 0 && code == 0)
        code = 14;
    _exit(code);
}

static void test_cgroup_rewrite(void **state)
{
    if (skip_kernel())
        skip();
    struct cgrun *c = *state;

    char mnt[256];
    if (cgroup2_mount(mnt, sizeof mnt) != 0)
        fail_msg("no cgroup2 mount in /proc/mounts");
    if (own_cgroup(mnt, c->home, sizeof c->home) != 0)
        fail_msg("no cgroup2 entry in /proc/self/cgroup");
    snprintf(c->cg, sizeof c->cg, "%s/sockc-test-bpfir-%d", mnt, (int)getpid());
    if (mkdir(c->cg, 0755) != 0)
        fail_msg("mkdir %s: %s", c->cg, strerror(errno));
    c->cg_made = 1;
    c->cgfd = open(c->cg, O_RDONLY | O_DIRECTORY);
    assert_true(c->cgfd >= 0);

    /* The listener the rewrite should lead to, before anything connects. */
    c->lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    assert_true(c->lfd >= 0);
    int one = 1;
    assert_int_equal(setsockopt(c->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one), 0);
    struct sockaddr_in la = {.sin_family = AF_INET, .sin_port = htons(LISTEN_PORT)};
    la.sin_addr.s_addr = lo_addr(2);
    if (bind(c->lfd, (struct sockaddr *)&la, sizeof la) != 0)
        fail_msg("bind 127.0.0.2:%d: %s", LISTEN_PORT, strerror(errno));
    assert_int_equal(listen(c->lfd, 4), 0);

    load(&c->l);
    c->link = bpf_program__attach_cgroup(c->l.prog, c->cgfd);
    if (!c->link)
        fail_msg("bpf_program__attach_cgroup: %s", strerror(errno));

    fflush(NULL);
    c->child = fork();
    assert_true(c->child >= 0);
    if (c->child == 0)
        child_main(c);

    struct pollfd pfd = {.fd = c->lfd, .events = POLLIN};
    int pr = poll(&pfd, 1, 5000);
    assert_int_equal(pr, 1);
    struct sockaddr_in from;
    socklen_t fl = sizeof from;
    c->afd = accept(c->lfd, (struct sockaddr *)&from, &fl);
    assert_true(c->afd >= 0);
    /* bpf_bind in the program chose the source address. */
    assert_int_equal(from.sin_addr.s_addr, lo_addr(3));

    int status = 0;
    assert_int_equal(waitpid(c->child, &status, 0), c->child);
    c->child = 0;
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* ---- text output ---- */

static void test_emit_asm(void **state)
{
    (void)state;
    size_t len;
    char *s = emit(BIR_EMIT_ASM, &len);
    assert_int_equal(strlen(s), len);
    assert_non_null(strstr(s, "\"" SECTION "\""));
    assert_non_null(strstr(s, PROG_NAME ":"));
    assert_non_null(strstr(s, "call 1"));
    assert_non_null(strstr(s, "call 64"));
    assert_non_null(strstr(s, ".maps"));
    free(s);
}

static void test_emit_llvm(void **state)
{
    (void)state;
    size_t len;
    char *s = emit(BIR_EMIT_LLVM, &len);
    assert_int_equal(strlen(s), len);
    assert_non_null(strstr(s, "section \"" SECTION "\""));
    assert_non_null(strstr(s, "call i64 inttoptr (i64 64 to ptr)"));
    assert_non_null(strstr(s, "call ptr inttoptr (i64 1 to ptr)"));
    assert_non_null(strstr(s, "section \".maps\""));
    assert_non_null(strstr(s, "target triple = \"bpfel\""));
    assert_non_null(strstr(s, "DICompileUnit"));
    free(s);
}

/* ---- errors are values ---- */

static void test_errors(void **state)
{
    (void)state;
    char err[256];
    bir_module *m = bir_module_new("bad", "bad.sp", err, sizeof err);
    assert_non_null(m);
    static const bir_field odd[] = {{"x", 3, 1}};
    static const bir_type bad_key = {"bad", 3, 1, odd};
    bir_map_def def = {.name = "bad", .type = BPF_MAP_TYPE_HASH, .key = &bad_key,
                       .value_size = 4, .max_entries = 1};
    assert_null(bir_map(m, &def));
    assert_non_null(bir_error(m));
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(bir_emit(m, BIR_EMIT_OBJ, &out, &len, err, sizeof err), -1);
    assert_null(out);
    assert_non_null(strstr(err, "size 3"));
    bir_module_free(m);

    /* A wrong struct size is reported, not silently padded. */
    m = bir_module_new("bad2", "bad.sp", err, sizeof err);
    assert_non_null(m);
    static const bir_type short_val = {"v", 19, 4, value_fields};
    bir_map_def def2 = {.name = "m", .type = BPF_MAP_TYPE_HASH, .key_size = 4,
                        .value = &short_val, .max_entries = 1};
    assert_null(bir_map(m, &def2));
    assert_non_null(strstr(bir_error(m), "20 bytes"));
    bir_module_free(m);

    /* Duplicate names are errors; LLVM would rename the second silently. */
    m = bir_module_new("dup", "dup.sp", err, sizeof err);
    assert_non_null(m);
    bir_map_def d = {.name = "m", .type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 4,
                     .max_entries = 1};
    assert_non_null(bir_map(m, &d));
    assert_null(bir_map(m, &d));
    assert_non_null(strstr(bir_error(m), "twice"));
    bir_module_free(m);
    m = bir_module_new("dup2", "dup.sp", err, sizeof err);
    assert_non_null(m);
    bir_prog *p = bir_prog_begin(m, "f", SECTION, 1);
    assert_non_null(p);
    LLVMBuildRet(bir_builder(m), i32c(m, 1));
    bir_prog_end(p);
    assert_null(bir_prog_begin(m, "f", SECTION, 2));
    assert_non_null(strstr(bir_error(m), "twice"));
    bir_module_free(m);

    /* Emitting twice is an error, not a crash. */
    m = build_module();
    assert_int_equal(bir_emit(m, BIR_EMIT_LLVM, &out, &len, err, sizeof err), 0);
    free(out);
    out = NULL;
    assert_int_equal(bir_emit(m, BIR_EMIT_OBJ, &out, &len, err, sizeof err), -1);
    assert_null(out);
    assert_non_null(strstr(err, "already emitted"));
    bir_module_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_object_open),
        cmocka_unit_test_setup_teardown(test_kernel_load, setup_loaded, teardown_loaded),
        cmocka_unit_test_setup_teardown(test_kernel_long_chain, setup_loaded, teardown_loaded),
        cmocka_unit_test_setup_teardown(test_cgroup_rewrite, setup_cgrun, teardown_cgrun),
        cmocka_unit_test(test_emit_asm),
        cmocka_unit_test(test_emit_llvm),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
