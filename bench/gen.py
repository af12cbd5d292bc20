#!/usr/bin/env python3
"""Generates the sized benchmark policies, deterministically, with the stdlib only.

For each size N it writes into OUTDIR:
  chain_N.sp          on connect4 { if dst == A_i:80 { rewrite dst B_i:8080; } ... }  (N rules)
  chain_N.bpf.c       the same rules by hand in BPF C, as an if-chain
  chain_N.fill        the same rules as entries of hand/chain_hash.bpf.c's hash map
  chain_N.probe.fill  the same rules as the one value of hand/chain_probe.bpf.c's array:
                      the probe table of common/layout.h, built here by probe_table(),
                      an implementation independent of the compiler's (common/probe.c)
  chain_N.probe.bpf.c hand/chain_probe.bpf.c with that table's slot count, hash
                      multiplier and probe count as constants (none when N has no
                      probe table: over 4 MiB or 32 probes)
  chain_N.hit.fill,   the same two fills with one more rule, 127.0.0.1:6379 -> :16379
  chain_N.probe.hit.fill  (in place of one of the N in the probe table when it would
                      need more probes than the program makes): the bench's check that
                      a hit is rewritten
  set_N.sp            set blocked = { N prefixes (below) }; on connect4 { if dst in blocked { deny; } }
  set_N.bpf.c         the same set by hand as inline prefix compares
  set_N.tree.bpf.c    the same set by hand as a balanced search over its ranges (nested
                      ifs on the address, the middle range's start first)
  set_N.fill          the same prefixes as entries of hand/set_lpm.bpf.c's LPM trie
  set_N.flat.fill     the same prefixes as the one value of hand/set_flat.bpf.c's array:
                      the flat trie of common/layout.h, built here by flat_trie(), an
                      implementation independent of the compiler's (common/flat4.c)

  ports_N.sp          on connect4 { if dst.port in LO_i..HI_i { rewrite dst.port 16379; } ... }
                      (N rules of 1 to 5 ports, disjoint, in 1024..65535; a rule of one
                      port is written `dst.port == P`, every fourth rule a set {LO, HI})
  ports_N.bpf.c       the same rules by hand as an if-chain of compares
  ports_N.fill        the same rules as entries of hand/ports_array.bpf.c's array of
                      65536 ports (the new port, as user_port holds it; 0 for none)
  ports_N.hit.fill    the same with 6379 -> 16379 added: the bench's hit check

  bindings_N.sp       sockmap sockets[4]; on lookup { if proto == tcp and dst in P_i and
                      dst.port == PORT_i { assign sockets[S_i]; } ... }  (N sk_lookup
                      bindings: distinct prefixes /16../32 of 10.0.0.0/8, ports from a
                      spread of 64, slots 0..3; below)
  bindings_N.bpf.c    the same bindings by hand as an if-chain (first match assigns)
  bindings_N.tree.bpf.c  the same bindings by hand as a search for IPv4: over the ports,
                      then over that port's address ranges (each the first binding that
                      holds it); IPv6 in an LPM trie of the bindings IPv4-mapped
                      (bindings_N.6.fill)
  bindings_N.fill     the same bindings as entries of hand/bindings_lpm.bpf.c's IPv4 LPM
                      trie, where it also looks up IPv4-mapped addresses, as sockc's
                      program does with LPM tries: key {prefixlen, port, address}, value
                      the slot (u32)
  bindings_N.6.fill   the same, IPv4-mapped, for bindings_N.tree.bpf.c's IPv6 trie, as
                      sockc's sk_lookup program has them where its IPv4 lookup is a
                      search tree (not to have the tree twice in one program)
  bindings_N.hit.sp,  the same with one more binding, 127.0.0.1/32 port 6379 to
  bindings_N.hit.fill sockets[3]: the bench's check that a hit is assigned

A .fill file has one map entry a line: KEYHEX VALUEHEX, the bytes as the map stores
them (the driver's --fill MAP=FILE reads it; the flat trie's value is one long line, and
its size is the length of that hex). No pattern or prefix ever matches 127.0.0.1, so the
benchmark's loopback connects go through untouched (and every rule is evaluated: the
worst case for a chain). No rewrite target matches any pattern, which makes the
first-match-and-return chain and the hash map equivalent to the policy's
run-every-rule semantics. Nothing ever connects to any of these addresses.

A set of N >= 2 prefixes holds two near misses of 127.0.0.1, 127.0.0.0/32 and
127.0.0.2/31, in place of two of the random 10.0.0.0/8 ones (it still has N). Without
them the lookup of 127.0.0.1 stops at the first level of every structure (an empty root
entry of the flat trie, the first node of the LPM trie), which flatters both; with them
it walks the whole depth of the flat trie (root, node, leaf) and goes deep in the LPM
trie. The set of size 1 stays one random prefix (an inline compare).

No port rule holds 6379 (where the benchmark connects) or 16379 (where the rules send
a connect), so the rules never match it and no rewrite lands in another rule's ports.

The bindings' prefixes are distinct, and none is inside an earlier binding's of the
same port (such a binding never runs: sockc warns and leaves it out), so the first
binding that matches is the one of the longest prefix: the if-chain and the LPM tries
agree. 6379 is among their ports, so that a connect to 127.0.0.1:6379 follows the port
to the end of its bits in the trie before the address misses.

usage: gen.py OUTDIR [--chain 1,100,1000] [--set 1,100,10000] [--ports 1,100,10000]
                     [--bindings 1,100,10000] [--c-max 10000] [--seed 1]
       gen.py --self-test    (flat_trie() against a direct membership test, probe_table()
                              against the rules it holds and random misses, the bindings'
                              first match against their tries)
(sizes above --c-max get no inline .bpf.c: clang -O2 would take minutes on them)
"""
import argparse
import bisect
import os
import random
import struct
import sys

HEADER = "/* generated by bench/gen.py; do not edit */\n"


def ip_str(ip):
    return "%d.%d.%d.%d" % (ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255)


def write(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def chain_rules(n, rng):
    """n distinct (pattern ip, target ip) pairs: patterns in 10.0.0.0/9, targets in
    10.128.0.0/9, so no target is ever a pattern."""
    pats, seen = [], set()
    while len(pats) < n:
        ip = 0x0A000000 | rng.getrandbits(23)
        if ip & 255 in (0, 255) or ip in seen:
            continue
        seen.add(ip)
        pats.append(ip)
    return [(p, 0x0A800000 | (p & 0x7FFFFF)) for p in pats]


def gen_chain(outdir, n, rng, c_max):
    rules = chain_rules(n, rng)
    sp = ["# generated by bench/gen.py: %d rules; none matches 127.0.0.1" % n,
          'policy "bench_chain_%d";' % n, "on connect4 {"]
    for p, t in rules:
        sp.append("    if dst == %s:80 { rewrite dst %s:8080; }" % (ip_str(p), ip_str(t)))
    sp.append("}")
    write(os.path.join(outdir, "chain_%d.sp" % n), "\n".join(sp) + "\n")

    c = None if n > c_max else [HEADER, '#include "bench.h"\n',
         "/* %d rules, first match wins (equivalent: no target matches a pattern). */" % n,
         'SEC("cgroup/connect4")', "int connect4(struct bpf_sock_addr *ctx)", "{",
         "    __u32 ip = bpf_ntohl(ctx->user_ip4), port = bpf_ntohs(ctx->user_port);"]
    for p, t in rules if c else ():
        c.append("    if (ip == 0x%08x && port == 80) { ctx->user_ip4 = bpf_htonl(0x%08x); "
                 "ctx->user_port = bpf_htons(8080); return ALLOW; }" % (p, t))
    if c:
        c += ["    return ALLOW;", "}", "", 'char LICENSE[] SEC("license") = "GPL";', ""]
        write(os.path.join(outdir, "chain_%d.bpf.c" % n), "\n".join(c))

    # struct ep { __u32 ip; __u32 port; }: ip in network order; port as user_port holds
    # it (network order in the low 16 bits of a little-endian u32).
    def ep(ip, port):
        return (struct.pack(">I", ip) + struct.pack(">H", port) + b"\0\0").hex()
    write(os.path.join(outdir, "chain_%d.fill" % n),
          "".join("%s %s\n" % (ep(p, 80), ep(t, 8080)) for p, t in rules))
    write(os.path.join(outdir, "chain_%d.hit.fill" % n),
          "".join("%s %s\n" % (ep(p, 80), ep(t, 8080)) for p, t in rules) +
          "%s %s\n" % (ep(*HIT_RULE[:2]), ep(*HIT_RULE[2:])))

    # the probe table: key words [user_ip4, user_port], value [action, needs_mapped,
    # user_ip4, user_port], all as the context holds them
    entries = [chain_entry(p, 80, t, 8080) for p, t in rules]
    pt = probe_table(entries)
    wrapper = os.path.join(outdir, "chain_%d.probe.bpf.c" % n)
    for suffix in (".probe.fill", ".probe.hit.fill"):
        if os.path.exists(os.path.join(outdir, "chain_%d%s" % (n, suffix))):
            os.unlink(os.path.join(outdir, "chain_%d%s" % (n, suffix)))
    if pt is None:
        if os.path.exists(wrapper):
            os.unlink(wrapper)
        return
    img, slots, mult, probes = pt
    write(wrapper, HEADER + "/* chain_%d's probe table: %d slots of %d bytes, multiplier 0x%08x, at most %d "
          "probe%s; the value is %d bytes (chain_%d.probe.fill). */\n"
          "#define PROBE_SLOTS %du\n#define PROBE_MULT 0x%08xu\n#define PROBE_PROBES %d\n"
          '#include "chain_probe.bpf.c"\n'
          % (n, slots, PROBE_SLOT_BYTES, mult, probes, "" if probes == 1 else "s", len(img), n,
             slots, mult, probes))
    write(os.path.join(outdir, "chain_%d.probe.fill" % n), "00000000 %s\n" % img.hex())
    hit = probe_hit_table(entries, slots, mult, probes)
    write(os.path.join(outdir, "chain_%d.probe.hit.fill" % n), "00000000 %s\n" % hit.hex())


# --- the probe table (common/layout.h), written from the layout alone ------------------

PROBE_MAX_BYTES = 4 << 20     # SC_PROBE_MAX_BYTES
PROBE_MAX_PROBES = 32         # SC_PROBE_MAX_PROBES
PROBE_MULTIPLIERS = (0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1)
PROBE_KEY_BYTES, PROBE_VALUE_BYTES = 8, 16   # connect4, keyed by the destination endpoint
PROBE_SLOT_BYTES = PROBE_KEY_BYTES + PROBE_VALUE_BYTES
RULE_REWRITE = 3              # SC_RULE_REWRITE; 0 in the action word is an empty slot

# the rule the bench's hit check adds: the one endpoint the bench connects to, rewritten
# to the other port it listens on (nothing leaves 127.0.0.1)
HIT_RULE = (0x7F000001, 6379, 0x7F000001, 16379)


def chain_entry(ip, port, new_ip, new_port):
    """A rewrite rule as a probe table entry (key bytes, value bytes): the words of
    bpf_sock_addr as the program reads them, user_ip4 (network order) and user_port
    (network order in the low 16 bits), and the value action, needs_mapped, address
    word and port word."""
    def words(a, p):
        return struct.pack(">I", a) + struct.pack(">H", p) + b"\0\0"
    return words(ip, port), struct.pack("<II", RULE_REWRITE, 0) + words(new_ip, new_port)


def probe_home(key, mult, slots):
    """x = 0; for each little-endian u32 key word w: x = (x ^ w) * M mod 2^32; the home
    slot is x * S >> 32."""
    x = 0
    for (w,) in struct.iter_unpack("<I", key):
        x = ((x ^ w) * mult) & 0xFFFFFFFF
    return (x * slots) >> 32


def probe_slots(n, slot_bytes=PROBE_SLOT_BYTES):
    """S for n entries: 2n, or what PROBE_MAX_BYTES leaves with PROBE_MAX_PROBES spare
    slots (the value is S + P slots); None under 5n/4."""
    room = PROBE_MAX_BYTES // slot_bytes - PROBE_MAX_PROBES
    s = min(max(2 * n, 1), room)
    return None if s <= 0 or 4 * s < 5 * n else s


def robin_hood(homes, slots, limit=PROBE_MAX_PROBES):
    """Places entries 0.. (their home slots in homes) in order by Robin Hood linear
    probing without wrap-around: walking from its home, an entry takes an empty slot, or
    that of a resident strictly nearer its own home, which walks on from the next slot.
    Returns (the entry in each slot or None, P = the greatest distance + 1), or None as
    soon as an entry walks limit slots or more from its home."""
    at = [None] * (slots + limit)
    dist = [0] * (slots + limit)
    for e, h in enumerate(homes):
        s, d, cur = h, 0, e
        while True:
            if d >= limit:
                return None
            if at[s] is None:
                at[s], dist[s] = cur, d
                break
            if dist[s] < d:
                at[s], cur = cur, at[s]
                dist[s], d = d, dist[s]
            s += 1
            d += 1
    return at, 1 + max((d for e, d in zip(at, dist) if e is not None), default=0)


def probe_image(entries, at, slots, probes):
    """The map value: S + P slots (the walk reaches S + P - 1 of them; layout.h keeps
    one more for the verifier's bound), each the entry's key then its value, zeros where
    empty."""
    slot = PROBE_SLOT_BYTES
    img = bytearray(slot * (slots + probes))
    for s, e in enumerate(at[:slots + probes]):
        if e is not None:
            k, v = entries[e]
            img[s * slot:(s + 1) * slot] = k + v
    return bytes(img)


def probe_table(entries):
    """The probe table of the entries [(key, value)] (distinct keys, in policy order):
    (image, S, M, P), with M the first multiplier giving the least P; None when there
    is none (S under 5n/4, or P over PROBE_MAX_PROBES for every multiplier)."""
    slots = probe_slots(len(entries))
    if slots is None:
        return None
    best = None
    for m in PROBE_MULTIPLIERS:
        placed = robin_hood([probe_home(k, m, slots) for k, _ in entries], slots,
                            best[2] if best else PROBE_MAX_PROBES)  # only a strictly smaller P counts
        if placed and (best is None or placed[1] < best[2]):
            best = (placed[0], m, placed[1])
    if best is None:
        return None
    at, m, p = best
    return probe_image(entries, at, slots, p), slots, m, p


def probe_hit_table(entries, slots, mult, probes):
    """A table of the same S, M and at most P (what chain_N.probe.bpf.c was built for)
    holding HIT_RULE: added to the entries, or in place of the first entry for which it
    fits in P probes."""
    hit = chain_entry(*HIT_RULE)
    for i in range(-1, len(entries)):
        es = entries + [hit] if i < 0 else entries[:i] + [hit] + entries[i + 1:]
        placed = robin_hood([probe_home(k, mult, slots) for k, _ in es], slots, probes)
        if placed:
            return probe_image(es, placed[0], slots, probes)
    raise RuntimeError("no hit table within %d probes" % probes)


def probe_find(img, slots, mult, probes, key):
    """The value of key in the table img, or None: the walk the program does."""
    slot, h = PROBE_SLOT_BYTES, probe_home(key, mult, slots)
    for i in range(probes):
        off = (h + i) * slot
        if u32(img, off + len(key)) == 0:
            return None
        if img[off:off + len(key)] == key:
            return img[off + len(key):off + slot]
    return None


# 127.0.0.0/32 and 127.0.0.2/31: in every set of 2 or more (see the module doc).
NEAR_MISSES = [(0x7F000000, 32), (0x7F000002, 31)]


def set_prefixes(n, rng):
    """n distinct prefixes without host bits: from n = 2 the NEAR_MISSES, the rest in
    10.0.0.0/8, about 60% /32, 30% /24, 10% /28, like a blocklist. Overlaps are
    allowed (a /32 inside a /24)."""
    out = list(NEAR_MISSES) if n >= 2 else []
    seen = set(out)
    while len(out) < n:
        r = rng.random()
        plen = 32 if r < 0.6 else (24 if r < 0.9 else 28)
        ip = 0x0A000000 | rng.getrandbits(24)
        ip &= (0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF
        if (ip, plen) in seen:
            continue
        seen.add((ip, plen))
        out.append((ip, plen))
    return out


def set_ranges(pfx):
    """The prefixes' union as sorted disjoint ranges [lo, hi], touching ones merged."""
    out = []
    for lo, plen in sorted(pfx):
        hi = lo | ((1 << (32 - plen)) - 1)
        if out and lo <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return out


def in_ranges(ranges, ip):
    k = bisect.bisect_right(ranges, [ip, 0xFFFFFFFF])  # the ranges starting at or before ip
    return k > 0 and ranges[k - 1][1] >= ip


def tree_c(ranges, indent):
    """C statements that return DENY when `ip` is in one of the ranges and ALLOW
    otherwise: a balanced search that compares with the middle range's start first."""
    pad = " " * indent
    if not ranges:
        return [pad + "return ALLOW;"]
    if len(ranges) == 1:
        lo, hi = ranges[0]
        test = "ip == 0x%08x" % lo if lo == hi else "ip - 0x%08xu <= 0x%xu" % (lo, hi - lo)
        return [pad + "return %s ? DENY : ALLOW;" % test]
    mid = len(ranges) // 2
    return ([pad + "if (ip < 0x%08xu) {" % ranges[mid][0]] + tree_c(ranges[:mid], indent + 4) +
            [pad + "}"] + tree_c(ranges[mid:], indent))


# --- the flat trie (common/layout.h), written from the layout alone -------------------

ROOT_BYTES, NODE_BYTES, LEAF_BYTES = 65536 * 4, 256 * 4, 32
NONE, ALL = 0, 1  # a root or node entry: no member below, or all of them


def u32(img, off):
    return struct.unpack_from("<I", img, off)[0]


def flat_trie(pfx):
    """The map value of the flat trie of the prefixes [(ip, plen)]: strides 16-8-8; the
    root's 65536 u32 entries indexed by b0 | b1 << 8, a node's 256 u32 by b2, a leaf's
    256 bits by b3; an entry is NONE, ALL or the offset of the node or leaf below it.
    Prefixes go in shortest first (input order among equals), blocks are appended in the
    order they are first needed, and the size is rounded up to a multiple of 8."""
    img = bytearray(ROOT_BYTES)

    def below(off, size):
        """The block under the entry at off, made when the entry is NONE; None when
        the entry is ALL (the prefix adds nothing)."""
        e = u32(img, off)
        if e == NONE:
            e = len(img)
            img.extend(bytes(size))
            struct.pack_into("<I", img, off, e)
        return None if e == ALL else e

    for ip, plen in sorted(pfx, key=lambda p: (p[1], p[0])):  # as common/flat4.c: length, then address
        b0, b1, b2, b3 = ip.to_bytes(4, "big")
        if plen <= 16:
            for v in range(ip >> 16, (ip >> 16) + (1 << (16 - plen))):      # v = b0.b1
                struct.pack_into("<I", img, 4 * (v >> 8 | (v & 255) << 8), ALL)
            continue
        node = below(4 * (b0 | b1 << 8), NODE_BYTES)
        if node is None:
            continue
        if plen <= 24:
            for i in range(b2, b2 + (1 << (24 - plen))):
                struct.pack_into("<I", img, node + 4 * i, ALL)
            continue
        leaf = below(node + 4 * b2, LEAF_BYTES)
        if leaf is None:
            continue
        for i in range(b3, b3 + (1 << (32 - plen))):
            img[leaf + i // 8] |= 1 << (i % 8)
    img.extend(bytes(-len(img) % 8))
    return bytes(img)


def flat_contains(img, ip):
    """Whether ip is in the flat trie img: the walk the program does."""
    b0, b1, b2, b3 = ip.to_bytes(4, "big")
    e = u32(img, 4 * (b0 | b1 << 8))
    if e > ALL:
        e = u32(img, e + 4 * b2)
        if e > ALL:
            return img[e + b3 // 8] >> (b3 % 8) & 1 == 1
    return e == ALL


def flat_tiles(img):
    """Whether the blocks below the entries tile the value after the root exactly: each
    one reached once, none shared, overlapping or unreachable."""
    nodes = [e for e in struct.unpack_from("<65536I", img) if e > ALL]
    if any(n + NODE_BYTES > len(img) for n in nodes):
        return False
    leaves = [e for n in nodes for e in struct.unpack_from("<256I", img, n) if e > ALL]
    end = ROOT_BYTES
    for off, size in sorted([(n, NODE_BYTES) for n in nodes] + [(l, LEAF_BYTES) for l in leaves]):
        if off != end:
            return False
        end += size
    return len(img) == end + -end % 8


def self_test():
    """flat_trie() against the definition of membership (some prefix's first plen bits
    are the address's) on random and edge addresses, and its blocks against the layout
    (flat_tiles), for the benchmark's sets and for random sets of all prefix lengths with
    nesting."""
    rng = random.Random("self-test")
    sets = [("set_%d" % n, set_prefixes(n, random.Random(n))) for n in (2, 17, 1000, 30000)]
    for k in range(20):
        pfx = []
        for _ in range(rng.choice((1, 5, 50, 500))):
            plen = rng.choice((rng.randint(0, 32), rng.randint(17, 32), 32))
            ip = rng.getrandbits(32) & (0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF
            pfx.append((ip, plen))
            if rng.random() < 0.2:          # nested in a shorter one, or the reverse
                p2 = rng.randint(0, 32)
                pfx.append((ip & (0xFFFFFFFF << (32 - p2)) & 0xFFFFFFFF, p2))
        sets.append(("random_%d" % k, pfx))
    bad = 0
    for name, pfx in sets:
        img = flat_trie(pfx)
        by_len = {}
        for ip, plen in pfx:
            by_len.setdefault(plen, set()).add(ip >> (32 - plen))
        probes = [rng.getrandbits(32) for _ in range(2000)] + [0x7F000001]
        for ip, plen in pfx[:500]:
            last = ip | (1 << (32 - plen)) - 1
            probes += [ip, last, (ip - 1) & 0xFFFFFFFF, (last + 1) & 0xFFFFFFFF,
                       ip | rng.getrandbits(32 - plen) if plen < 32 else ip]
        ranges = set_ranges(pfx)
        wrong = [ip for ip in probes if not flat_contains(img, ip) == in_ranges(ranges, ip) ==
                 any(ip >> (32 - plen) in tops for plen, tops in by_len.items())]
        if not flat_tiles(img) or wrong:
            bad += 1
            print("self-test %s: size %d, wrong for %s" % (name, len(img), ", ".join(map(ip_str, wrong[:5]))))
    # the near misses make 127.0.0.1 walk down to a leaf, where its bit is clear
    img = flat_trie(set_prefixes(2, random.Random(0)))
    node = u32(img, 4 * 0x007F)
    if node <= ALL or u32(img, node) <= ALL or flat_contains(img, 0x7F000001):
        bad += 1
        print("self-test: 127.0.0.1 does not reach a leaf, or is a member")
    print("self-test: flat tries and ranges %s (%d sets)" % ("FAILED" if bad else "ok", len(sets)))
    bad2 = probe_self_test()
    bad3 = binding_self_test()
    return 1 if bad or bad2 or bad3 else 0


def probe_self_test():
    """probe_table() and robin_hood() against the layout: every entry found by the
    program's walk with its value, random other keys and 127.0.0.1:6379 missed (found,
    rewritten, in the hit table), the slots' count and distances, the Robin Hood order
    (a slot's entry is at most one further from home than the one before it), the choice
    of M, S by the size rules, the hash against the compiler's, and placements worked out
    by hand."""
    bad = []
    # robin_hood() on homes given by hand: (homes, slots) -> (entry per slot, P)
    for homes, slots, want in (([0, 0, 1], 4, ([0, 1, 2, None], 2)),   # equal distance: no swap
                               ([1, 0, 0], 4, ([1, 2, 0, None], 2)),   # a resident at home gives way
                               ([3, 3, 3], 4, ([None, None, None, 0, 1, 2], 3)),   # no wrap-around
                               ([0] * 32, 2, (list(range(32)), 32)),
                               ([0] * 33, 2, None)):
        got = robin_hood(homes, slots)
        if (got is None) != (want is None) or (want and (got[0][:len(want[0])], got[1]) != want):
            bad.append("robin_hood(%s, %d) = %s, expected %s" % (homes, slots, got, want))
    room = PROBE_MAX_BYTES // PROBE_SLOT_BYTES - PROBE_MAX_PROBES
    for n, want in ((0, 1), (1, 2), (100, 200), (room // 2, room - room % 2), (room // 2 + 1, room),
                    (room * 4 // 5, room), (room * 4 // 5 + 1, None)):
        if probe_slots(n) != want:
            bad.append("probe_slots(%d) = %s, expected %s" % (n, probe_slots(n), want))
    # the hash against values from the compiler's implementation (common/probe.c)
    for key, mult, slots, home in (("0a00000100500000", 0x9E3779B1, 200, 194),
                                   ("0a00000100500000", 0x165667B1, 174730, 160136),
                                   ("7f00000118eb0000", 0x9E3779B1, 174730, 22242),
                                   ("7f00000118eb0000", 0x165667B1, 200, 159),
                                   ("ffffffffffff0000", 0x9E3779B1, 2, 0),
                                   ("ffffffffffff0000", 0x165667B1, 174730, 117376)):
        if probe_home(bytes.fromhex(key), mult, slots) != home:
            bad.append("probe_home(%s, 0x%08x, %d) = %d, expected %d"
                       % (key, mult, slots, probe_home(bytes.fromhex(key), mult, slots), home))
    rng = random.Random("probe-self-test")
    tables = [("chain_%d" % n, chain_rules(n, random.Random("chain-1-%d" % n))) for n in (1, 8, 100, 1000, 10000)]
    for k in range(10):     # any endpoints, any targets
        n = rng.choice((2, 9, 64, 500, 3000))
        eps = {(rng.getrandbits(32), rng.getrandbits(16)) for _ in range(n)}
        tables.append(("random_%d" % k, [(ip, port, rng.getrandbits(32), rng.getrandbits(16)) for ip, port in eps]))
    for name, rules in tables:
        rules = [r if len(r) == 4 else (r[0], 80, r[1], 8080) for r in rules]
        entries = [chain_entry(*r) for r in rules]
        pt = probe_table(entries)
        if pt is None:
            bad.append("%s: no probe table" % name)
            continue
        img, slots, mult, probes = pt
        errs = []
        if slots != probe_slots(len(entries)) or len(img) != (slots + probes) * PROBE_SLOT_BYTES:
            errs.append("S %d, %d bytes" % (slots, len(img)))
        used = [s for s in range(slots + probes) if u32(img, s * PROBE_SLOT_BYTES + PROBE_KEY_BYTES)]
        if len(used) != len(entries):
            errs.append("%d slots used for %d entries" % (len(used), len(entries)))
        prev = None     # (slot, distance) of the slot before
        for s in used:
            key = img[s * PROBE_SLOT_BYTES:s * PROBE_SLOT_BYTES + PROBE_KEY_BYTES]
            d = s - probe_home(key, mult, slots)
            if not 0 <= d < probes or (prev and prev[0] == s - 1 and d > prev[1] + 1):
                errs.append("slot %d at distance %d" % (s, d))
            prev = (s, d)
        if probes > 1 and max(s - probe_home(img[s * PROBE_SLOT_BYTES:s * PROBE_SLOT_BYTES + PROBE_KEY_BYTES],
                                             mult, slots) for s in used) != probes - 1:
            errs.append("P %d is not the farthest entry + 1" % probes)
        ps = [(robin_hood([probe_home(k, m, slots) for k, _ in entries], slots) or (None, 99))[1]
              for m in PROBE_MULTIPLIERS]     # every multiplier in full: the first least P wins
        if ps.index(min(ps)) != PROBE_MULTIPLIERS.index(mult) or min(ps) != probes:
            errs.append("M 0x%08x with P %d, but P by multiplier is %s" % (mult, probes, ps))
        errs += ["%s not found" % r[:2] for r, (k, v) in zip(rules, entries)
                 if probe_find(img, slots, mult, probes, k) != v][:3]
        keys = {k for k, _ in entries}
        for i in range(3000):   # the zero key first: an empty slot's key words are zeros
            k = chain_entry(rng.getrandbits(32), rng.choice((80, rng.getrandbits(16))), 0, 0)[0] if i else bytes(8)
            if k not in keys and probe_find(img, slots, mult, probes, k) is not None:
                errs.append("%s found" % k.hex())
                break
        hk, hv = chain_entry(*HIT_RULE)
        hit = probe_hit_table(entries, slots, mult, probes)
        if probe_find(img, slots, mult, probes, hk) is not None or probe_find(hit, slots, mult, probes, hk) != hv \
                or len(hit) != len(img) or \
                sum(probe_find(hit, slots, mult, probes, k) == v for k, v in entries) < len(entries) - 1:
            errs.append("the hit table")
        if errs:
            bad.append("%s (S %d, M 0x%08x, P %d): %s" % (name, slots, mult, probes, "; ".join(errs[:5])))
    # more probes than the limit with every multiplier: no table
    if probe_table([chain_entry(0, 0, 1, 1)] * 40) is not None:
        bad.append("40 equal keys made a probe table")
    for b in bad:
        print("self-test: " + b)
    print("self-test: probe tables %s (%d tables)" % ("FAILED" if bad else "ok", len(tables)))
    return 1 if bad else 0


def gen_set(outdir, n, rng, c_max):
    pfx = set_prefixes(n, rng)
    items = [ip_str(ip) if plen == 32 else "%s/%d" % (ip_str(ip), plen) for ip, plen in pfx]
    sp = ["# generated by bench/gen.py: %d prefixes%s; none matches 127.0.0.1"
          % (n, ": 127.0.0.0/32, 127.0.0.2/31 and %d of 10.0.0.0/8" % (n - 2) if n >= 2 else " of 10.0.0.0/8"),
          'policy "bench_set_%d";' % n, "set blocked = {"]
    for i in range(0, len(items), 8):
        sp.append("    " + ", ".join(items[i:i + 8]) + ("," if i + 8 < len(items) else ""))
    sp += ["};", "on connect4 {", "    if dst in blocked { deny; }", "}"]
    write(os.path.join(outdir, "set_%d.sp" % n), "\n".join(sp) + "\n")
    # the same prefixes as rules, one per prefix (a run of prefix rules: an LPM trie)
    rules = ["# generated by bench/gen.py: the %d prefixes of set_%d.sp as rules" % (n, n),
             'policy "bench_pfxrules_%d";' % n, "on connect4 {"]
    rules += ["    if dst in %s { deny; }" % item for item in items]
    write(os.path.join(outdir, "pfxrules_%d.sp" % n), "\n".join(rules + ["}"]) + "\n")

    c = None if n > c_max else [HEADER, '#include "bench.h"\n', "/* %d prefixes as inline compares. */" % n,
         'SEC("cgroup/connect4")', "int connect4(struct bpf_sock_addr *ctx)", "{",
         "    __u32 ip = bpf_ntohl(ctx->user_ip4);"]
    for ip, plen in pfx if c else ():
        mask = (0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF
        if plen == 32:
            c.append("    if (ip == 0x%08x) return DENY;" % ip)
        else:
            c.append("    if ((ip & 0x%08x) == 0x%08x) return DENY;" % (mask, ip))
    if c:
        c += ["    return ALLOW;", "}", "", 'char LICENSE[] SEC("license") = "GPL";', ""]
        write(os.path.join(outdir, "set_%d.bpf.c" % n), "\n".join(c))

    if 2 <= n <= c_max:
        ranges = set_ranges(pfx)
        c = [HEADER, '#include "bench.h"\n', "/* %d prefixes as a search over their %d ranges. */" % (n, len(ranges)),
             'SEC("cgroup/connect4")', "int connect4(struct bpf_sock_addr *ctx)", "{",
             "    __u32 ip = bpf_ntohl(ctx->user_ip4);"]
        c += tree_c(ranges, 4) + ["}", "", 'char LICENSE[] SEC("license") = "GPL";', ""]
        write(os.path.join(outdir, "set_%d.tree.bpf.c" % n), "\n".join(c))

    # struct lpm4_key { __u32 prefixlen (host order); __u32 addr (network order); }
    write(os.path.join(outdir, "set_%d.fill" % n),
          "".join("%s 01\n" % (struct.pack("<I", plen) + struct.pack(">I", ip)).hex()
                  for ip, plen in pfx))
    # the array's one entry: key 0, the whole trie
    write(os.path.join(outdir, "set_%d.flat.fill" % n), "00000000 %s\n" % flat_trie(pfx).hex())


BENCH_PORT, REWRITE_PORT = 6379, 16379


def port_rules(n, rng):
    """n disjoint port ranges (lo, hi, as_set) of 1 to 5 ports in 1024..65535, in
    random order, none holding BENCH_PORT or REWRITE_PORT."""
    out, at = [], 1024
    while len(out) < n:
        lo = at + rng.randrange(0, 2)
        hi = lo + rng.randrange(0, 5)
        at = hi + 1
        if hi > 65535:
            raise SystemExit("gen.py: %d port rules do not fit in 1024..65535" % n)
        if not (lo <= BENCH_PORT <= hi or lo <= REWRITE_PORT <= hi):
            out.append((lo, hi, len(out) % 4 == 3 and hi > lo))
    rng.shuffle(out)
    return out


def gen_ports(outdir, n, rng, c_max):
    rules = port_rules(n, rng)
    sp = ["# generated by bench/gen.py: %d rules of ports; none holds %d" % (n, BENCH_PORT),
          'policy "bench_ports_%d";' % n, "on connect4 {"]
    for lo, hi, as_set in rules:
        test = ("== %d" % lo if lo == hi else "in {%d, %d}" % (lo, hi) if as_set else "in %d..%d" % (lo, hi))
        sp.append("    if dst.port %s { rewrite dst.port %d; }" % (test, REWRITE_PORT))
    write(os.path.join(outdir, "ports_%d.sp" % n), "\n".join(sp + ["}"]) + "\n")

    if n <= c_max:
        c = [HEADER, '#include "bench.h"\n', "/* %d rules of ports, first match wins (equivalent: the "
             "rewrite's port is in no rule). */" % n, 'SEC("cgroup/connect4")',
             "int connect4(struct bpf_sock_addr *ctx)", "{", "    __u32 port = bpf_ntohs(ctx->user_port);"]
        for lo, hi, as_set in rules:
            test = ("port == %d" % lo if lo == hi else "(port == %d || port == %d)" % (lo, hi) if as_set
                    else "(port >= %d && port <= %d)" % (lo, hi))
            c.append("    if (%s) { ctx->user_port = bpf_htons(%d); return ALLOW; }" % (test, REWRITE_PORT))
        c += ["    return ALLOW;", "}", "", 'char LICENSE[] SEC("license") = "GPL";', ""]
        write(os.path.join(outdir, "ports_%d.bpf.c" % n), "\n".join(c))

    # the array of hand/ports_array.bpf.c: key the port (u32), value the new port as
    # user_port holds it (network order in the low 16 bits of a little-endian u32)
    def entry(port, new):
        return "%s %s\n" % (struct.pack("<I", port).hex(), (struct.pack(">H", new) + b"\0\0").hex())
    fill = "".join(entry(p, REWRITE_PORT) for lo, hi, as_set in rules for p in ((lo, hi) if as_set else range(lo, hi + 1)))
    write(os.path.join(outdir, "ports_%d.fill" % n), fill)
    write(os.path.join(outdir, "ports_%d.hit.fill" % n), fill + entry(BENCH_PORT, REWRITE_PORT))


# The bindings' ports: well-known services and, from the generator, 48 of 1024..65535;
# the binding the hit check adds (address, prefix length, port, slot).
BINDING_SERVICE_PORTS = (22, 25, 53, 80, 110, 143, 443, 465, 587, 993, 995, 3306, 5432, BENCH_PORT,
                         8080, 8443)
HIT_BINDING = (0x7F000001, 32, BENCH_PORT, 3)


def binding_rules(n, rng):
    """n bindings (ip, plen, port, slot): distinct prefixes of 10.0.0.0/8 of length 16
    to 32, none inside an earlier binding's prefix of its port."""
    ports = list(BINDING_SERVICE_PORTS)
    while len(ports) < 64:
        p = rng.randrange(1024, 65536)
        if p not in ports:
            ports.append(p)
    out, seen = [], set()
    while len(out) < n:
        plen, port = rng.randint(16, 32), rng.choice(ports)
        ip = (0x0A000000 | rng.getrandbits(24)) & (0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF
        if (ip, plen) in seen or any((port, ip >> (32 - l), l) in seen for l in range(16, plen + 1)):
            continue
        seen.update(((ip, plen), (port, ip >> (32 - plen), plen)))
        out.append((ip, plen, port, rng.randrange(4)))
    return out


def binding_sp(name, rules, comment):
    sp = ["# generated by bench/gen.py: " + comment, 'policy "%s";' % name, "sockmap sockets[4];",
          "on lookup {"]
    sp += ["    if proto == tcp and dst in %s/%d and dst.port == %d { assign sockets[%d]; }"
           % (ip_str(ip), plen, port, slot) for ip, plen, port, slot in rules]
    return "\n".join(sp + ["}"]) + "\n"


def binding_fills(rules):
    """The entries of hand/bindings_lpm.bpf.c's tries: key {u32 prefixlen, u32 port as
    local_port holds it (host order), the address (network order)}, the prefix length
    counting the port's 32 bits; value the slot. The IPv6 ones are the prefixes
    IPv4-mapped, ::ffff:0:0/96 and the address after it, for the tree's IPv6 trie."""
    v4 = "".join("%s %s\n" % ((struct.pack("<II", 32 + plen, port) + struct.pack(">I", ip)).hex(),
                              struct.pack("<I", slot).hex()) for ip, plen, port, slot in rules)
    v6 = "".join("%s %s\n" % ((struct.pack("<II", 128 + plen, port) + bytes(10) + b"\xff\xff" +
                               struct.pack(">I", ip)).hex(), struct.pack("<I", slot).hex())
                 for ip, plen, port, slot in rules)
    return v4, v6


def binding_segments(rules):
    """Per port, the address ranges [lo, end) where the first binding that matches
    changes, with its slot (None: no binding), ascending: {port: [(lo, end, slot)]}."""
    out = {}
    for port in sorted({port for _, _, port, _ in rules}):
        mine = [(ip, ip + (1 << (32 - plen)), slot) for ip, plen, p, slot in rules if p == port]
        cuts = sorted({x for lo, end, _ in mine for x in (lo, end)})
        segs = []
        for lo, end in zip(cuts, cuts[1:]):
            slot = next((sl for a, b, sl in mine if a <= lo and end <= b), None)  # first match
            if segs and segs[-1][2] == slot:
                segs[-1] = (segs[-1][0], end, slot)
            else:
                segs.append((lo, end, slot))
        out[port] = [x for x in segs if x[2] is not None]
    return out


def segment_c(segs, indent):
    """C that assigns the slot of the segment holding `ip`, a search over them."""
    pad = " " * indent
    if len(segs) == 1:
        lo, end, slot = segs[0]
        return [pad + "if (ip - 0x%08xu < 0x%xu) { slot = %d; goto found; }" % (lo, end - lo, slot),
                pad + "return SK_PASS;"]
    mid = len(segs) // 2
    return ([pad + "if (ip < 0x%08xu) {" % segs[mid][0]] + segment_c(segs[:mid], indent + 4) + [pad + "}"] +
            segment_c(segs[mid:], indent))


def port_c(ports, segs, indent):
    """C that goes on to the address search of `port`, a search over the ports."""
    pad = " " * indent
    if len(ports) == 1:
        return [pad + "if (port != %d)" % ports[0], pad + "    return SK_PASS;"] + segment_c(segs[ports[0]], indent)
    mid = len(ports) // 2
    return ([pad + "if (port < %d) {" % ports[mid]] + port_c(ports[:mid], segs, indent + 4) + [pad + "}"] +
            port_c(ports[mid:], segs, indent))


def binding_self_test():
    """The bindings against their LPM tries and their search's segments: for endpoints
    inside each binding, at each segment's ends and random ones, the first binding that
    matches (the if-chain) is the longest prefix of the port in the IPv4 fill (the trie)
    and the segment's, and 127.0.0.1:6379 matches none."""
    rng, bad = random.Random("binding-self-test"), []
    for n in (1, 100, 2000):
        rules = binding_rules(n, random.Random("bindings-1-%d" % n))
        trie = {}
        for line in binding_fills(rules)[0].splitlines():
            k, v = (bytes.fromhex(x) for x in line.split())
            plen, port = struct.unpack_from("<II", k)
            ip, = struct.unpack_from(">I", k, 8)
            trie[(port, plen - 32, ip)] = struct.unpack("<I", v)[0]
        ports = sorted({port for _, _, port, _ in rules})
        segs = binding_segments(rules)
        probes = [(ip | rng.getrandbits(32 - plen) if plen < 32 else ip, port) for ip, plen, port, _ in rules]
        probes += [(x, port) for port, ss in segs.items() for lo, end, _ in ss for x in (lo - 1, lo, end - 1, end)]
        probes += [(0x0A000000 | rng.getrandbits(24), rng.choice(ports)) for _ in range(1000)]
        probes += [(HIT_BINDING[0], BENCH_PORT)]
        for ip, port in probes:
            first = next((slot for rip, plen, rport, slot in rules
                          if rport == port and ip >> (32 - plen) == rip >> (32 - plen)), None)
            longest = next((trie[(port, plen, ip >> (32 - plen) << (32 - plen))] for plen in range(32, -1, -1)
                            if (port, plen, ip >> (32 - plen) << (32 - plen)) in trie), None)
            segment = next((slot for lo, end, slot in segs.get(port, ()) if lo <= ip < end), None)
            if not first == longest == segment or (ip, port) == (HIT_BINDING[0], BENCH_PORT) and first is not None:
                bad.append("bindings_%d: %s:%d: first match %s, the trie %s, the segments %s"
                           % (n, ip_str(ip), port, first, longest, segment))
                break
    for b in bad:
        print("self-test: " + b)
    print("self-test: bindings %s (3 lists)" % ("FAILED" if bad else "ok"))
    return 1 if bad else 0


def gen_bindings(outdir, n, rng, c_max):
    rules = binding_rules(n, rng)
    write(os.path.join(outdir, "bindings_%d.sp" % n),
          binding_sp("bench_bindings_%d" % n, rules, "%d bindings of 10.0.0.0/8; none holds 127.0.0.1" % n))
    write(os.path.join(outdir, "bindings_%d.hit.sp" % n),
          binding_sp("bench_bindings_%d_hit" % n, rules + [HIT_BINDING],
                     "bindings_%d.sp and 127.0.0.1:%d to sockets[%d]" % (n, BENCH_PORT, HIT_BINDING[3])))

    if n <= c_max:
        # The port first: with the address first, clang -O2 keeps the masked addresses in
        # registers spilled to the stack and sets the slot ahead of the port's compare, and
        # the verifier gives up at 100 bindings (1M instructions; 30k with the port first).
        c = [HEADER, '#include "bindings.h"\n',
             "/* %d bindings, first match assigns: IPv4, and IPv4-mapped IPv6, as sockc's program "
             "(an IPv4 prefix in a 6 program matches IPv4-mapped addresses). */" % n,
             'SEC("sk_lookup")', "int lookup_prog(struct bpf_sk_lookup *ctx)", "{",
             "    __u32 ip, port = ctx->local_port, slot;", "",
             "    if (ctx->protocol != IPPROTO_TCP)", "        return SK_PASS;",
             "    if (ctx->family == AF_INET) {",
             "        ip = ctx->local_ip4;",
             "        barrier_var(ip); /* else clang loads both words through one pointer, ctx + 40 or + 56,",
             "                          * which the verifier refuses: a context field is read at a fixed offset */",
             "    } else if (ipv4_mapped(ctx->local_ip6)) {", "        ip = ctx->local_ip6[3];",
             "    } else {", "        return SK_PASS;", "    }", "    ip = bpf_ntohl(ip);"]
        for ip, plen, port, slot in rules:
            c.append("    if (port == %d && (ip & 0x%08x) == 0x%08x) { slot = %d; goto found; }"
                     % (port, (0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF, ip, slot))
        tail = ["found:", "    return assign(ctx, slot);", "}", "", 'char LICENSE[] SEC("license") = "GPL";', ""]
        write(os.path.join(outdir, "bindings_%d.bpf.c" % n), "\n".join(c + ["    return SK_PASS;"] + tail))
        segs = binding_segments(rules)
        tree = [HEADER, '#include "bindings.h"\n',
                "/* %d bindings: IPv4 as a search over their ports, then over the port's address ranges "
                "(each the first binding that holds it); IPv6, the IPv4-mapped addresses, in an LPM trie of "
                "the same bindings mapped, as in sockc's program (its plan: a search tree for IPv4, an LPM "
                "trie for IPv6). */" % n,
                "struct key6 {", "    __u32 prefixlen;", "    __u32 port;", "    __u32 addr[4];", "};", "",
                "struct {", "    __uint(type, BPF_MAP_TYPE_LPM_TRIE);", "    __uint(map_flags, BPF_F_NO_PREALLOC);",
                "    __type(key, struct key6);", "    __type(value, __u32);", "    __uint(max_entries, 1);",
                '} bindings6 SEC(".maps");', "",
                'SEC("sk_lookup")', "int lookup_prog(struct bpf_sk_lookup *ctx)", "{",
                "    __u32 ip, port = ctx->local_port, slot;", "",
                "    if (ctx->protocol != IPPROTO_TCP)", "        return SK_PASS;",
                "    if (ctx->family != AF_INET) {",
                "        struct key6 k = {.prefixlen = 160, .port = port};",
                "        for (int i = 0; i < 4; i++)", "            k.addr[i] = ctx->local_ip6[i];",
                "        __u32 *v = bpf_map_lookup_elem(&bindings6, &k);",
                "        if (!v)", "            return SK_PASS;", "        slot = *v;", "        goto found;", "    }",
                "    ip = bpf_ntohl(ctx->local_ip4);"]
        tree += port_c(sorted(segs), segs, 4)
        write(os.path.join(outdir, "bindings_%d.tree.bpf.c" % n), "\n".join(tree + tail))

    v4, v6 = binding_fills(rules)
    write(os.path.join(outdir, "bindings_%d.fill" % n), v4)
    write(os.path.join(outdir, "bindings_%d.6.fill" % n), v6)
    write(os.path.join(outdir, "bindings_%d.hit.fill" % n), v4 + binding_fills([HIT_BINDING])[0])


def sizes(s):
    return [int(x) for x in s.split(",") if x.strip()] if s else []


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir", nargs="?")
    ap.add_argument("--chain", default="1,100,1000,10000")
    ap.add_argument("--set", default="1,100,10000,100000")
    ap.add_argument("--ports", default="1,100,1000,10000")
    ap.add_argument("--bindings", default="1,100,10000,100000")
    ap.add_argument("--c-max", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--self-test", action="store_true", help="check flat_trie(), probe_table() and the "
                    "bindings' tries and exit")
    a = ap.parse_args()
    if a.self_test:
        return self_test()
    if not a.outdir:
        ap.error("OUTDIR is required")
    os.makedirs(a.outdir, exist_ok=True)
    for n in sizes(a.chain):
        gen_chain(a.outdir, n, random.Random("chain-%d-%d" % (a.seed, n)), a.c_max)
    for n in sizes(a.set):
        gen_set(a.outdir, n, random.Random("set-%d-%d" % (a.seed, n)), a.c_max)
    for n in sizes(a.ports):
        gen_ports(a.outdir, n, random.Random("ports-%d-%d" % (a.seed, n)), a.c_max)
    for n in sizes(a.bindings):
        gen_bindings(a.outdir, n, random.Random("bindings-%d-%d" % (a.seed, n)), a.c_max)
    return 0


if __name__ == "__main__":
    sys.exit(main())
