/* sockpick: the socket `sockc register` puts in a socket map. A descriptor of a running
 * process, or the one socket that a local address picks among a process's descriptors
 * or among the sockets systemd passed to sockc (LISTEN_FDS, sd_listen_fds(3)). */
#include "internal.h"
#include "netaddr.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

#define LISTEN_FDS_START 3 /* SD_LISTEN_FDS_START */
#define MAX_SHOWN 8        /* sockets listed in a message */

/* A socket that can be picked: a TCP socket that listens, or a UDP socket that is
 * bound and not connected. */
typedef struct cand {
    int fd;   /* its number in the process (ours, for LISTEN_FDS) */
    int sock; /* our descriptor */
    bool tcp, reuseport;
    sc_addr local; /* an endpoint; an IPv4-mapped address as IPv4 */
    uint64_t cookie;
} cand;

typedef struct cands {
    cand *v;
    size_t n, cap;
    size_t others; /* sockets seen that cannot be picked */
} cands;

static void cands_free(cands *c)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].sock >= 0)
            close(c->v[i].sock);
    free(c->v);
}

static void describe(const cand *c, char *buf, size_t len)
{
    char addr[64];
    sc_addr_format(&c->local, addr, sizeof addr);
    snprintf(buf, len, "%s %s", c->tcp ? "tcp" : "udp", addr);
}

/* Reads what sock is; false when it cannot be picked (closes nothing). */
static bool inspect(int sock, cand *c)
{
    int v = 0, acc = 0, reuse = 0;
    socklen_t l = sizeof v;
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (getsockopt(sock, SOL_SOCKET, SO_PROTOCOL, &v, &l) < 0 || (v != IPPROTO_TCP && v != IPPROTO_UDP))
        return false;
    c->tcp = v == IPPROTO_TCP;
    if (getsockname(sock, (struct sockaddr *)&ss, &sl) < 0)
        return false;
    memset(&c->local, 0, sizeof c->local);
    c->local.has_port = true;
    if (ss.ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)&ss;
        c->local.family = 4;
        memcpy(c->local.b, &in->sin_addr, 4);
        c->local.port = ntohs(in->sin_port);
        c->local.plen = 32;
    } else if (ss.ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&ss;
        c->local.family = 6;
        c->local.plen = 128;
        memcpy(c->local.b, in6->sin6_addr.s6_addr, 16);
        c->local.port = ntohs(in6->sin6_port);
        c->local = sc_addr_v4_unmapped(&c->local);
    } else {
        return false;
    }
    l = sizeof acc;
    if (c->tcp && (getsockopt(sock, SOL_SOCKET, SO_ACCEPTCONN, &acc, &l) < 0 || !acc))
        return false;
    sl = sizeof ss;
    if (!c->tcp && (c->local.port == 0 || getpeername(sock, (struct sockaddr *)&ss, &sl) == 0))
        return false;
    l = sizeof reuse;
    c->reuseport = getsockopt(sock, SOL_SOCKET, SO_REUSEPORT, &reuse, &l) == 0 && reuse;
    l = sizeof c->cookie;
    if (getsockopt(sock, SOL_SOCKET, SO_COOKIE, &c->cookie, &l) < 0)
        c->cookie = 0;
    return true;
}

/* Adds sock (which it owns from here) as descriptor fd, once per socket. */
static int add(sc_rt *rt, cands *c, int fd, int sock)
{
    cand x = {.fd = fd, .sock = sock};
    if (!inspect(sock, &x)) {
        c->others++;
        close(sock);
        return 0;
    }
    for (size_t i = 0; i < c->n; i++)
        if (x.cookie && c->v[i].cookie == x.cookie) { /* the same socket under two numbers */
            close(sock);
            return 0;
        }
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        cand *v = realloc(c->v, cap * sizeof *v);
        if (!v) {
            close(sock);
            return rt_fail(rt, "out of memory");
        }
        c->v = v, c->cap = cap;
    }
    c->v[c->n++] = x;
    return 0;
}

/* The sockets among the descriptors of process pid. */
static int from_process(sc_rt *rt, int pid, int pidfd, cands *c)
{
    char dir[64], link[96], target[64];
    snprintf(dir, sizeof dir, "/proc/%d/fd", pid);
    DIR *d = opendir(dir);
    if (!d)
        return rt_fail(rt, "cannot list the descriptors of process %d (%s): %s", pid, dir, strerror(errno));
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        char *end;
        long fd = strtol(e->d_name, &end, 10);
        if (*end || end == e->d_name)
            continue;
        snprintf(link, sizeof link, "%s/%ld", dir, fd);
        ssize_t n = readlink(link, target, sizeof target - 1);
        if (n < 0)
            continue;
        target[n] = '\0';
        if (strncmp(target, "socket:", 7) != 0)
            continue;
        int sock = (int)syscall(SYS_pidfd_getfd, pidfd, (int)fd, 0);
        if (sock >= 0)
            rc = add(rt, c, (int)fd, sock);
        else if (errno != EBADF) /* EBADF: closed meanwhile */
            rc = rt_fail(rt, "cannot take descriptor %ld of process %d: %s", fd, pid, strerror(errno));
    }
    closedir(d);
    return rc;
}

/* The sockets systemd passed to this process, as sd_listen_fds(3) takes them. */
static int from_systemd(sc_rt *rt, cands *c)
{
    const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
    uint64_t n, p;
    if (!fds)
        return rt_fail(rt, "--listen-fds: no sockets were passed to sockc (LISTEN_FDS is not set); run it from a "
                           "systemd service that has the sockets (Sockets=, or a .socket unit of the same name)");
    if (sc_number_parse(fds, &n) || n > 1024)
        return rt_fail(rt, "--listen-fds: LISTEN_FDS is '%s', not a number of sockets", fds);
    if (pid && (sc_number_parse(pid, &p) || p != (uint64_t)getpid()))
        return rt_fail(rt, "--listen-fds: the sockets were passed to process %s (LISTEN_PID), not to sockc (%d)", pid,
                       (int)getpid());
    for (int fd = LISTEN_FDS_START; fd < LISTEN_FDS_START + (int)n; fd++) {
        struct stat st;
        if (fstat(fd, &st) < 0 || !S_ISSOCK(st.st_mode)) {
            c->others++;
            continue;
        }
        int sock = fcntl(fd, F_DUPFD_CLOEXEC, 0);
        if (sock < 0)
            return rt_fail(rt, "cannot duplicate descriptor %d: %s", fd, strerror(errno));
        if (add(rt, c, fd, sock) < 0)
            return -1;
    }
    return 0;
}

/* --listen: "ADDR:PORT", "[ADDR6]:PORT", or a port alone (any address: *any). */
static int parse_listen(sc_rt *rt, const char *text, sc_addr *a, bool *any)
{
    uint64_t port;
    memset(a, 0, sizeof *a);
    *any = sc_number_parse(text, &port) == NULL;
    if (*any) {
        if (port > SC_PORT_MAX)
            return rt_fail(rt, "--listen: port %s is out of range (0 to 65535)", text);
        a->port = (uint16_t)port;
        return 0;
    }
    const char *err = sc_addr_parse(text, a);
    if (err || !a->has_port || a->has_plen)
        return rt_fail(rt, "--listen: '%s' is not ADDR:PORT, [ADDR6]:PORT or a port%s%s", text, err ? ": " : "",
                       err ? err : "");
    *a = sc_addr_v4_unmapped(a);
    return 0;
}

static bool wanted(const cand *c, const sc_rt_sock_pick *pick, const sc_addr *a, bool any)
{
    if (pick->proto && c->tcp != (strcmp(pick->proto, "tcp") == 0))
        return false;
    if (!pick->listen)
        return true;
    if (c->local.port != a->port)
        return false;
    return any || (c->local.family == a->family && memcmp(c->local.b, a->b, a->family == 4 ? 4 : 16) == 0);
}

/* lead, then "tcp 0.0.0.0:80 (fd 6), ..." for the candidates keep marks (all: NULL). */
static void list(sc_rt *rt, const cands *c, const bool *keep, const char *lead)
{
    char line[1024], one[96];
    size_t used = (size_t)snprintf(line, sizeof line, "%s", lead), shown = 0, all = 0;
    for (size_t i = 0; i < c->n; i++) {
        if ((keep && !keep[i]) || all++ >= MAX_SHOWN)
            continue;
        describe(&c->v[i], one, sizeof one);
        used += (size_t)snprintf(line + used, sizeof line - used, "%s%s (fd %d)", shown++ ? ", " : "", one, c->v[i].fd);
    }
    if (all > shown)
        snprintf(line + used, sizeof line - used, ", and %zu more", all - shown);
    rt_append(rt, "%s", line);
}

/* Takes the socket pick names; returns our descriptor of it, or -1 with a message. */
int rt_sock_pick(sc_rt *rt, const sc_rt_sock_pick *pick, char *what, size_t len)
{
    char has[64]; /* the subject of a message, with its verb */
    if (pick->listen_fds)
        snprintf(has, sizeof has, "systemd passed");
    else
        snprintf(has, sizeof has, "process %d has", pick->pid);
    sc_addr a;
    bool any = false;
    if (pick->listen && parse_listen(rt, pick->listen, &a, &any) < 0)
        return -1;
    if (pick->proto && strcmp(pick->proto, "tcp") != 0 && strcmp(pick->proto, "udp") != 0)
        return rt_fail(rt, "--proto: '%s' is neither tcp nor udp", pick->proto);
    if (!pick->listen_fds && pick->pid <= 0)
        return rt_fail(rt, "register: need a process id (--pid), or --listen-fds");

    int pidfd = -1, sock = -1;
    if (!pick->listen_fds) {
        pidfd = (int)syscall(SYS_pidfd_open, pick->pid, 0);
        if (pidfd < 0)
            return rt_fail(rt, "cannot open process %d: %s", pick->pid, strerror(errno));
    }
    if (pick->fd >= 0) { /* a descriptor named by number: the kernel says what it takes */
        sock = (int)syscall(SYS_pidfd_getfd, pidfd, pick->fd, 0);
        int e = errno;
        close(pidfd);
        if (sock < 0)
            return e == EBADF ? rt_fail(rt, "process %d has no file descriptor %d", pick->pid, pick->fd)
                              : rt_fail(rt, "cannot take file descriptor %d of process %d: %s", pick->fd, pick->pid,
                                        strerror(e));
        struct stat st;
        if (fstat(sock, &st) < 0 || !S_ISSOCK(st.st_mode)) {
            close(sock);
            return rt_fail(rt, "file descriptor %d of process %d is not a socket", pick->fd, pick->pid);
        }
        snprintf(what, len, "fd %d of process %d", pick->fd, pick->pid);
        return sock;
    }

    cands c = {0};
    int rc = pick->listen_fds ? from_systemd(rt, &c) : from_process(rt, pick->pid, pidfd, &c);
    if (pidfd >= 0)
        close(pidfd);
    bool *keep = rc == 0 ? calloc(c.n + 1, sizeof *keep) : NULL;
    if (rc == 0 && !keep)
        rc = rt_fail(rt, "out of memory");
    if (rc < 0)
        goto out;
    size_t n = 0, first = 0;
    for (size_t i = 0; i < c.n; i++)
        if ((keep[i] = wanted(&c.v[i], pick, &a, any)) && n++ == 0)
            first = i;
    /* Sockets of one SO_REUSEPORT group are one: the kernel picks within the group
     * for each connection (after sk_lookup too, unless told not to). */
    bool group = n > 1;
    for (size_t i = 0; i < c.n; i++) {
        const cand *x = &c.v[i], *f = &c.v[first];
        if (keep[i] && (!x->reuseport || !f->reuseport || x->tcp != f->tcp ||
                        memcmp(&x->local, &f->local, sizeof x->local) != 0))
            group = false;
    }
    const char *kind = !pick->proto ? "" : strcmp(pick->proto, "tcp") == 0 ? "TCP " : "UDP ";
    char at[80] = "", t[64];
    if (pick->listen && any)
        snprintf(at, sizeof at, " on port %u", a.port);
    else if (pick->listen) {
        sc_addr_format(&a, t, sizeof t);
        snprintf(at, sizeof at, " on %s", t);
    }
    if (n == 0) {
        rc = rt_fail(rt, "%s no listening %ssocket%s", has, kind, at);
        rt_append(rt, "(a listening socket is a TCP socket that listens, or a UDP socket that is bound and not "
                      "connected)");
        if (c.n)
            list(rt, &c, NULL, "listening sockets there: ");
        if (c.others)
            rt_append(rt, c.others == 1 ? "and %zu other descriptor that is not a listening socket"
                                        : "and %zu other descriptors that are not listening sockets",
                      c.others);
    } else if (n > 1 && !group) {
        const char *opts = pick->listen_fds ? (pick->proto ? "--listen ADDR:PORT" : "--listen ADDR:PORT or --proto")
                           : pick->proto    ? "--listen ADDR:PORT or --fd"
                                            : "--listen ADDR:PORT, --proto or --fd";
        rc = rt_fail(rt, "%s %zu listening %ssockets%s: pick one with %s", has, n, kind, at, opts);
        list(rt, &c, keep, "");
    } else {
        cand *x = &c.v[first];
        char d[96];
        describe(x, d, sizeof d);
        if (pick->listen_fds)
            snprintf(what, len, "%s (fd %d, passed by systemd)", d, x->fd);
        else
            snprintf(what, len, "%s (fd %d of process %d)", d, x->fd, pick->pid);
        if (group)
            rt_note(rt, "%s is one of a SO_REUSEPORT group of %zu sockets; the kernel picks within the group", d, n);
        sock = x->sock;
        x->sock = -1; /* ours now: cands_free leaves it */
    }
out:
    free(keep);
    cands_free(&c);
    return rc == 0 ? sock : -1;
}
