#!/usr/bin/env python3
"""Runs the sockc benchmark: the same policies compiled by sockc and hand-written in
BPF C (clang-19 -O2 -g -target bpf -mcpu=v3), compared in one run for compile time,
instructions, verifier work, load time and the cost per connect()/bind() in a cgroup (or,
for sk_lookup, per connect() in a network namespace).
Writes results.md and results.png to --out. Python 3 stdlib only; run it through
bench/run.sh (which checks root and installs gnuplot). See bench/README.md."""
import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
HAND = os.path.join(HERE, "hand")
POLICIES = os.path.join(HERE, "policies")
PORT, ALT_PORT = 6379, 16379
# Every kernel program sockc emits (compiler/hooks.c): issue 4's code targets cover them all.
KERNEL_PROGRAMS = tuple("cgroup/%s%d" % (hook, family)
                        for hook in ("connect", "bind", "post_bind", "sendmsg", "recvmsg", "getpeername",
                                     "getsockname")
                        for family in (4, 6)) + ("sk_lookup", "sk_msg", "sockops")


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def first_lines(text, n=2, width=300):
    lines = [l.strip() for l in (text or "").splitlines() if l.strip()]
    s = " | ".join(lines[:n])
    return s if len(s) <= width else s[:width - 3] + "..."


class Case:
    """One implementation of one policy at one size."""

    def __init__(self, policy, size, impl, src, op="connect", fill=None, expect_port=PORT,
                 note=None, skip=None, hit_fill=None, hit_src=None, hit_assign=None):
        self.policy, self.size, self.impl, self.src = policy, size, impl, src
        self.op = op                      # what is timed: connect, bind, lookup (connect in a
                                          # network namespace), or None (loaded only)
        self.fill = fill                  # [(map, file)] for hand-written map variants
        self.hit_fill = hit_fill          # [(map, file)]: the same with a rule for the bench's
                                          # own endpoint, whose connect must be rewritten (or assigned)
        self.hit_src = hit_src            # sockc: the policy with that rule (bindings)
        self.hit_assign = hit_assign      # (sockmap, slot) where that rule's listener goes
        self.expect_port = expect_port    # where a loopback connect must land
        self.note, self.skip = note, skip
        self.compile_ms = None
        self.compile_runs = 0
        self.error = None                 # first failure: compile, load or run
        self.obj = None
        self.load = None                  # the driver's `load` JSON
        self.run = None                   # the driver's `run` JSON for this variant
        self.via = None                   # how the sockc side was attached
        self.form = None                  # sockc: the hand-written forms of the same structure

    @property
    def sockc(self):
        return self.impl == "sockc"

    @property
    def key(self):
        return "%s-%d-%s" % (self.policy, self.size, self.impl.replace(" ", "_"))

    def prog(self, field):
        progs = (self.load or {}).get("progs") or []
        vals = [p.get(field) for p in progs if p.get(field) is not None]
        return sum(vals) if vals else None

    @property
    def sections(self):
        """The kernel programs of the loaded object (section names)."""
        return [p.get("section") for p in (self.load or {}).get("progs") or []]


def inline_case(a, gen_dir, policy, n, impl="clang inline", suffix=""):
    """The hand-written inline C of policy at size n (gen.py's POLICY_N.bpf.c, or
    POLICY_N.tree.bpf.c, the set's search tree, with suffix ".tree"), or its row saying
    why it was not built."""
    if n <= a.inline_max:
        return Case(policy, n, impl, os.path.join(gen_dir, "%s_%d%s.bpf.c" % (policy, n, suffix)))
    return Case(policy, n, impl, None,
                skip="not built: above --inline-max %d (clang -O2 time grows to minutes)" % a.inline_max)


def build_cases(a, gen_dir):
    cases = []
    # Small policies: policies/NAME.sp against hand/NAME.bpf.c. The first three are timed
    # on connect() or bind() (and a connect must land on the port given); the others, one
    # for each other kernel program sockc emits (NAME), are compiled and loaded only.
    one = [("rewrite1", "connect", ALT_PORT),
           ("rewrite1_bind", "connect", ALT_PORT),
           ("bind1", "bind", None),
           ("connect6", None, None),
           ("bind6", None, None),
           ("post_bind4", None, None),
           ("post_bind6", None, None),
           ("sendmsg4", None, None),
           ("sendmsg6", None, None),
           ("recvmsg4", None, None),
           ("recvmsg6", None, None),
           ("getpeername4", None, None),
           ("getpeername6", None, None),
           ("getsockname4", None, None),
           ("getsockname6", None, None),
           ("sk_lookup", None, None),
           ("sk_msg", None, None),
           ("sockops", None, None)]
    for name, op, port in one:
        cases.append(Case(name, 1, "sockc", os.path.join(POLICIES, name + ".sp"), op=op, expect_port=port))
        cases.append(Case(name, 1, "clang", os.path.join(HAND, name + ".bpf.c"), op=op, expect_port=port))
    for n in a.chain:
        cases.append(Case("chain", n, "sockc", os.path.join(gen_dir, "chain_%d.sp" % n)))
        cases.append(inline_case(a, gen_dir, "chain", n))
        cases.append(Case("chain", n, "clang map", os.path.join(HAND, "chain_hash.bpf.c"),
                          fill=[("rules", os.path.join(gen_dir, "chain_%d.fill" % n))],
                          hit_fill=[("rules", os.path.join(gen_dir, "chain_%d.hit.fill" % n))]))
        probe = os.path.join(gen_dir, "chain_%d.probe.bpf.c" % n)
        if os.path.exists(probe):
            cases.append(Case("chain", n, "clang probe", probe,
                              fill=[("rules", os.path.join(gen_dir, "chain_%d.probe.fill" % n))],
                              hit_fill=[("rules", os.path.join(gen_dir, "chain_%d.probe.hit.fill" % n))]))
        else:
            cases.append(Case("chain", n, "clang probe", None,
                              skip="no probe table at this size (over 4 MiB or 32 probes; gen.py)"))
    for n in a.set:
        cases.append(Case("set", n, "sockc", os.path.join(gen_dir, "set_%d.sp" % n)))
        cases.append(inline_case(a, gen_dir, "set", n))
        if n >= 2:
            cases.append(inline_case(a, gen_dir, "set", n, "clang tree", ".tree"))
        cases.append(Case("set", n, "clang lpm", os.path.join(HAND, "set_lpm.bpf.c"),
                          fill=[("blocked", os.path.join(gen_dir, "set_%d.fill" % n))]))
        if n >= 2:
            cases.append(Case("set", n, "clang flat", os.path.join(HAND, "set_flat.bpf.c"),
                              fill=[("blocked", os.path.join(gen_dir, "set_%d.flat.fill" % n))]))
    for n in a.ports:
        cases.append(Case("ports", n, "sockc", os.path.join(gen_dir, "ports_%d.sp" % n)))
        cases.append(inline_case(a, gen_dir, "ports", n))
        cases.append(Case("ports", n, "clang array", os.path.join(HAND, "ports_array.bpf.c"),
                          fill=[("ports", os.path.join(gen_dir, "ports_%d.fill" % n))],
                          hit_fill=[("ports", os.path.join(gen_dir, "ports_%d.hit.fill" % n))]))
    # sk_lookup bindings, timed on connects from a network namespace the programs are
    # attached to; each is checked to hand a connect to 127.0.0.1:6379 to the listener on
    # 16379 when given a binding for it (gen.py's HIT_BINDING: sockets[3]).
    hit_assign = ("sockets", 3)
    for n in a.bindings:
        base = os.path.join(gen_dir, "bindings_%d" % n)
        cases.append(Case("bindings", n, "sockc", base + ".sp", op="lookup", hit_src=base + ".hit.sp",
                          hit_assign=hit_assign))
        for impl, suffix in (("clang inline", ""), ("clang tree", ".tree")) if n >= 2 else (("clang inline", ""),):
            hand_c = inline_case(a, gen_dir, "bindings", n, impl, suffix)
            hand_c.op = "lookup"
            if suffix:  # its IPv6 trie, as clang lpm's
                hand_c.fill = [("bindings6", base + ".6.fill")]
            cases.append(hand_c)
        cases.append(Case("bindings", n, "clang lpm", os.path.join(HAND, "bindings_lpm.bpf.c"), op="lookup",
                          fill=[("bindings4", base + ".fill")],  # IPv4-mapped ones too; no IPv6 binding
                          hit_fill=[("bindings4", base + ".hit.fill")],
                          hit_assign=hit_assign))
    for n in a.set:  # the set's prefixes as rules: the same hand-written C does the same
        cases.append(Case("pfxrules", n, "sockc", os.path.join(gen_dir, "pfxrules_%d.sp" % n)))
        for h in [c for c in cases if c.policy == "set" and c.size == n and not c.sockc]:
            cases.append(Case("pfxrules", n, h.impl, h.src, fill=h.fill, skip=h.skip))
    return cases


# --- compile ------------------------------------------------------------------------

def multiarch_include():
    for cmd in (["dpkg-architecture", "-qDEB_HOST_MULTIARCH"], ["gcc", "-print-multiarch"]):
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip()
            if out:
                return "/usr/include/" + out
        except (OSError, subprocess.SubprocessError):
            pass
    return "/usr/include/%s-linux-gnu" % platform.machine()


def timed(cmd, timeout):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    return (time.perf_counter() - t0) * 1000.0, p


def spawn_overhead_ms(runs=30):
    """What starting any process costs through subprocess (median over /bin/true): taken
    off every compile time, as hyperfine does, so that the tools are compared and not
    Python's process start."""
    return statistics.median(timed(["true"], 10)[0] for _ in range(runs))


def compile_case(c, a, obj_dir, cache):
    if c.skip or c.error:
        return
    if c.sockc and not a.sockc_ok:
        c.error = a.sockc_missing
        return
    if not c.sockc and c.src in cache:        # the map templates: one object for all sizes
        c.obj, c.compile_ms, c.compile_runs, c.error = cache[c.src]
        return
    obj = os.path.join(obj_dir, c.key + ".o")
    if c.sockc:
        cmd = [a.sockc, "compile", c.src, "-o", obj]
    else:
        cmd = [a.clang, "-O2", "-g", "-target", "bpf", "-mcpu=v3", "-fno-crash-diagnostics", "-I" + a.multiarch,
               "-I" + HAND, "-c", c.src, "-o", obj]
    times, spent = [], 0.0
    limit = a.sockc_timeout if c.sockc else a.clang_timeout
    if c.size <= 1000:  # one untimed run first (hyperfine's --warmup) where start-up counts
        try:
            timed(cmd, limit)
        except subprocess.TimeoutExpired:
            pass
    while len(times) < a.compile_runs and (not times or spent < a.compile_budget_s * 1000):
        try:
            ms, p = timed(cmd, limit)
        except subprocess.TimeoutExpired:
            c.error = "compile took over %d s (stopped; --sockc-timeout/--clang-timeout)" % limit
            break
        if p.returncode != 0 or not os.path.exists(obj):
            c.error = "compile failed (exit %d): %s" % (p.returncode, first_lines(p.stderr or p.stdout, 3))
            break
        times.append(max(ms - a.spawn_ms, 0.0))
        spent += ms
    if times and not c.error:
        c.obj, c.compile_ms, c.compile_runs = obj, statistics.median(times), len(times)
    if not c.sockc:
        cache[c.src] = (c.obj, c.compile_ms, c.compile_runs, c.error)


# What sockc's plan says it lowered a policy to, and the hand-written implementation
# with that structure; a policy whose plan names none of them is inline code. The
# structure named first counts: a fallback says what it is before what it is not
# ("a hash map of N entries (a probe table would need ...)", "LPM trie ... (a flat
# trie would pass ...)").
PLAN_FORMS = (("search tree", "clang tree"), ("flat trie", "clang flat"), ("LPM trie", "clang lpm"),
              ("probe table", "clang probe"), ("hash map", "clang map"))
MAP_FORMS = tuple(impl for word, impl in PLAN_FORMS if word != "search tree")
INLINE_FORMS = ("clang", "clang inline")


def plan_form(c, a):
    """The hand-written forms with the structure sockc chose for c (`sockc compile
    --emit plan`: "map blocked__v4: LPM trie ..." or "... flat trie ...", "... a probe
    table (...)", "... a hash map ...", "... inline compares"), or None when there is
    no plan."""
    try:
        p = subprocess.run([a.sockc, "compile", c.src, "--emit", "plan"], capture_output=True, text=True,
                           timeout=a.sockc_timeout)
    except subprocess.TimeoutExpired:
        return None
    if p.returncode != 0:
        return None
    named = [(p.stdout.find(word), impl) for word, impl in PLAN_FORMS if word in p.stdout]
    return (min(named)[1],) if named else INLINE_FORMS


# --- the driver -------------------------------------------------------------------------

def driver(a, args, timeout):
    cmd = [a.driver] + args
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "driver took over %d s" % timeout
    out = p.stdout.strip().splitlines()
    try:
        return json.loads(out[-1]), None
    except (IndexError, ValueError):
        if p.returncode < 0:
            return None, "driver killed by signal %d" % -p.returncode
        return None, "driver failed (exit %d): %s" % (p.returncode, first_lines(p.stderr, 3) or "no output")


def fill_args(c, fill=None):
    fill = fill or c.fill
    if fill:
        return [arg for entry in fill for arg in ("--fill", "%s=%s" % entry)]
    return ["--meta"] if c.sockc else []


def load_case(c, a):
    if c.skip or c.error or not c.obj:
        return
    res, err = driver(a, ["load", "--runs", "1"] + fill_args(c) + [c.obj], a.load_timeout)
    if res and res.get("ok") and res["load_ms"] + res["fill_ms"] < 200 and a.load_runs > 1:
        more, err2 = driver(a, ["load", "--runs", str(a.load_runs)] + fill_args(c) + [c.obj], a.load_timeout)
        if more and more.get("ok"):
            res = more
    if not res:
        c.error = err
    elif not res.get("ok"):
        c.error = res.get("error", "load failed")
    c.load = res


def check_hit(c, a, obj_dir, applied):
    """A hand-written table with one more rule, 127.0.0.1:6379 -> 127.0.0.1:16379
    (c.hit_fill, from gen.py): a connect to 127.0.0.1:6379 from its cgroup must land on
    16379, or the lookup does not find what it holds (the timed runs, which all miss,
    would not show it). For the bindings the rule assigns the listener on 16379, which
    the driver puts in c.hit_assign's sockmap slot; sockc's side is its policy with the
    rule (c.hit_src, compiled here, untimed), applied and registered like an operator's
    (`sockc apply --netns`, `sockc register`), or loaded by the driver with --no-apply."""
    if not (c.hit_fill or c.hit_src) or c.skip or c.error or not c.obj:
        return
    args = ["run", "--op", "connect"] + (["--netns"] if c.op == "lookup" else []) + [
        "--iters", "1", "--rounds", "1", "--port", str(PORT), "--alt-port", str(ALT_PORT),
        "--tag", "%s-hit" % a.tag, "--timeout", "120", "-V", c.key]
    try:
        if c.hit_src:
            obj = os.path.join(obj_dir, c.key + ".hit.o")
            p = subprocess.run([a.sockc, "compile", c.hit_src, "-o", obj], capture_output=True, text=True,
                               timeout=a.sockc_timeout)
            if p.returncode != 0:
                c.error = "hit check: compile failed: " + first_lines(p.stderr or p.stdout)
                return
            if a.use_apply:
                ns, err = applied.apply(c.key + "-hit", c.hit_src, obj, a.tag, netns=True)
                if not ns:
                    c.error = "hit check: " + err
                    return
                args += ["-n", ns, "--register", shlex.join([a.sockc, "register", policy_name(c.hit_src),
                                                              c.hit_assign[0], str(c.hit_assign[1])])]
            else:
                args += ["-o", obj, "--meta", "--assign", "%s=%d" % c.hit_assign]
        else:
            args += ["-o", c.obj] + fill_args(c, c.hit_fill)
            if c.hit_assign:
                args += ["--assign", "%s=%d" % c.hit_assign]
        res, err = driver(a, args, a.load_timeout)
    finally:
        applied.undo()
    v = next(iter((res or {}).get("variants") or []), None)
    if not v:
        c.error = "hit check: " + (err or "no result")
    elif not v.get("ok"):
        c.error = "hit check: " + (v.get("error") or "failed")
    elif v.get("landed_port") != ALT_PORT:
        c.error = "WRONG: with a rule sending 127.0.0.1:%d to :%d added, a connect landed on port %s" % (
            PORT, ALT_PORT, v.get("landed_port"))


def elf_section(path, name):
    """The bytes of section name in the ELF64 little-endian object at path, or None."""
    try:
        with open(path, "rb") as f:
            elf = f.read()
        if elf[:6] != b"\x7fELF\x02\x01":
            return None
        shoff, = struct.unpack_from("<Q", elf, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3A)
        sh = [struct.unpack_from("<IIQQQQ", elf, shoff + i * shentsize) for i in range(shnum)]
        strtab = sh[shstrndx][4]
        for sname, _, _, _, off, size in sh:
            end = elf.index(b"\0", strtab + sname)
            if elf[strtab + sname:end].decode() == name:
                return elf[off:off + size]
    except (OSError, ValueError, IndexError, struct.error, UnicodeDecodeError):
        pass
    return None


def meta_hex(text):
    """A .sockc fill's KEYHEX/VALUEHEX as bytes ("zN." is N zero bytes)."""
    out, i = bytearray(), 0
    while i < len(text):
        if text[i] == "z":
            j = text.index(".", i)
            out += bytes(int(text[i + 1:j]))
            i = j + 1
        else:
            out += bytes.fromhex(text[i:i + 2])
            i += 2
    return bytes(out)


def check_probe_image(c, gen_dir):
    """Compares the probe table in sockc's object (its .sockc fill of the map whose
    value is a probe table) with the one gen.py built: both follow common/layout.h, so
    they should be the same bytes. A difference goes into c.note (the status column);
    returns what to log, or None when there is nothing to compare."""
    if not c.sockc or c.policy != "chain" or c.error or not c.obj or c.form != ("clang probe",):
        return None
    want = os.path.join(gen_dir, "chain_%d.probe.fill" % c.size)
    sec = elf_section(c.obj, ".sockc")
    if sec is None or not os.path.exists(want):
        c.note = "no .sockc section or no gen.py probe table to compare its probe table with"
        return c.note
    lines = [l.split(" ") for l in sec.rstrip(b"\0").decode("utf-8", "replace").splitlines()]
    probe_maps = {l[1] for l in lines if len(l) > 4 and l[0] == "map" and l[4] == "probe"}
    try:
        mine = [meta_hex(l[3]) for l in lines if len(l) > 3 and l[0] == "fill" and l[1] in probe_maps]
    except ValueError:
        mine = []
    with open(want) as f:
        theirs = bytes.fromhex(f.read().split()[1])
    if len(mine) != 1:
        c.note = "%d probe tables in its .sockc fills, expected 1" % len(mine)
    elif mine[0] != theirs:
        at = next((i for i, (x, y) in enumerate(zip(mine[0], theirs)) if x != y), min(len(mine[0]), len(theirs)))
        c.note = "its probe table differs from gen.py's (%d vs %d bytes, first at byte %d)" % (
            len(mine[0]), len(theirs), at)
    else:
        return "its probe table is gen.py's, byte for byte"
    return c.note


def check_trie_keys(c, gen_dir):
    """Compares the keys of the LPM tries in sockc's bindings object (its .sockc fills)
    with those of gen.py's, which hand/bindings_lpm.bpf.c's tries hold: the same keys
    make the same tries, walked the same way, so the two programs' lookups compare. The
    values are each program's own (sockc's holds more than the slot). A difference goes
    into c.note; returns what to log, or None when there is nothing to compare."""
    if not c.sockc or c.policy != "bindings" or c.error or not c.obj or c.form != ("clang lpm",):
        return None
    sec = elf_section(c.obj, ".sockc")
    if sec is None:
        c.note = "no .sockc section to compare its tries with gen.py's"
        return c.note
    lines = [l.split(" ") for l in sec.rstrip(b"\0").decode("utf-8", "replace").splitlines()]
    tries = {l[1] for l in lines if len(l) > 2 and l[0] == "map" and l[2] == "lpm_trie"}
    try:
        mine = {meta_hex(l[2]) for l in lines if len(l) > 3 and l[0] == "fill" and l[1] in tries}
    except ValueError:
        mine = set()
    theirs = set()
    with open(os.path.join(gen_dir, "bindings_%d.fill" % c.size)) as f:  # its IPv6 trie: none
        theirs |= {bytes.fromhex(line.split()[0]) for line in f if line.strip()}
    if mine != theirs:
        c.note = "its tries' keys differ from gen.py's (%d of its %d keys not in gen.py's %d)" % (
            len(mine - theirs), len(mine), len(theirs))
        return c.note
    return "its tries hold gen.py's keys (%d)" % len(mine)


# --- sockc apply / detach ------------------------------------------------------------------

def cgroup2_mount():
    with open("/proc/mounts") as f:
        for line in f:
            parts = line.split()
            if len(parts) > 2 and parts[2] == "cgroup2":
                return parts[1]
    return None


def policy_name(path):
    try:
        with open(path) as f:
            for line in f:
                m = re.match(r'\s*policy\s+"([^"]+)"\s*;', line)
                if m:
                    return m.group(1)
    except OSError:
        pass
    return os.path.splitext(os.path.basename(path))[0]


NETNS_DIR = "/run/netns"   # where `ip netns add` puts a namespace's file


class Applied:
    """Policies put in place with `sockc apply --cgroup`, or `--netns` (sk_lookup) in a
    namespace made with `ip netns add`; recorded in a file so that run.sh can detach
    them even when this script is killed."""

    def __init__(self, a):
        self.a, self.items = a, []
        self.record = os.path.join(a.work, "applied.txt")

    def apply(self, key, src, obj, tag, netns=False):
        """Applies obj (compiled from src) to a cgroup or namespace of its own; returns
        (its path, None) or (None, why not)."""
        name = "sockc-bench-%s-apply-%s" % (tag, key)
        if netns:
            target = os.path.join(NETNS_DIR, name)
            try:
                p = subprocess.run(["ip", "netns", "add", name], capture_output=True, text=True, timeout=60)
            except (OSError, subprocess.SubprocessError) as e:
                return None, "ip netns add %s: %s" % (name, e)
            if p.returncode != 0:
                return None, "ip netns add %s failed: %s" % (name, first_lines(p.stderr, 1))
        else:
            target = os.path.join(cgroup2_mount(), name)
            os.makedirs(target, exist_ok=True)
        policy = policy_name(src)
        with open(self.record, "a") as f:
            f.write("%s\t%s\n" % (policy, target))
        self.items.append((policy, target))
        try:
            p = subprocess.run([self.a.sockc, "apply", "--netns" if netns else "--cgroup", target, obj],
                               capture_output=True, text=True, timeout=self.a.load_timeout)
        except subprocess.TimeoutExpired:
            return None, "sockc apply took over %d s" % self.a.load_timeout
        if p.returncode != 0:
            return None, "sockc apply failed (exit %d): %s" % (p.returncode, first_lines(p.stderr or p.stdout, 2))
        return target, None

    def undo(self):
        for policy, target in self.items:
            netns = os.path.dirname(target) == NETNS_DIR
            cmds = [[self.a.sockc, "detach", policy]]
            if netns:
                cmds.append(["ip", "netns", "del", os.path.basename(target)])
            for cmd in cmds:
                try:
                    subprocess.run(cmd, capture_output=True, text=True, timeout=60)
                except (OSError, subprocess.SubprocessError):
                    pass
            if netns:
                continue
            for _ in range(50):      # links are released asynchronously
                try:
                    os.rmdir(target)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.1)
        self.items = []
        if os.path.exists(self.record):
            os.unlink(self.record)


# What each op times, as the report names it.
OP_CALLS = {"connect": "connect()", "bind": "bind()", "lookup": "connect() in a network namespace"}


# Loaded copies of the programs that the run-time targets compare (the set at 1 and at
# its largest size), and of the bindings at their largest (sockc's program and clang's
# are the same instructions on the same tries): two loads of one object differ by up to
# 10% in time inside the program (where the kernel put the map, measured: 175 and 193
# ns), as much as the 5% target, so each such case is timed as this many copies and its
# "in prog" is their mean.
PROG_COPIES = 3


def copied(a, c):
    if c.policy == "set" and a.set:
        return c.size in (1, max(a.set))
    return c.policy == "bindings" and bool(a.bindings) and c.size == max(a.bindings)


def run_op(a, op, cases, tag, applied):
    """One driver run for all loadable cases of this op, interleaved, with the no-hook
    baseline first. The lookup op is connect() from network namespaces, one per variant,
    to which the sk_lookup programs are attached."""
    args = ["run", "--op", "bind" if op == "bind" else "connect", "--iters",
            str(a.bind_iters if op == "bind" else a.iters), "--rounds", str(a.rounds), "--port", str(PORT),
            "--alt-port", str(ALT_PORT), "--tag", "%s-%s" % (tag, op), "--timeout", str(a.run_timeout)]
    args += ["--netns"] if op == "lookup" else []
    args += ["-V", "none"]
    if a.cpu >= 0:
        args += ["--cpu", str(a.cpu)]
    chosen = []
    for c in cases:
        if c.op != op or c.skip or c.error or not c.load or not c.load.get("ok"):
            continue
        args += ["-V", c.key]
        if c.sockc and a.use_apply:
            target, err = applied.apply(c.key, c.src, c.obj, tag, netns=op == "lookup")
            if target:
                args += ["-n" if op == "lookup" else "-c", target]
                c.via = "sockc apply"
            else:
                args += ["-o", c.obj, "--meta"]
                c.via = "bench driver (%s)" % err
        else:
            args += ["-o", c.obj] + fill_args(c)
            c.via = "bench driver" if c.sockc else None
        for k in range(2, PROG_COPIES + 1) if copied(a, c) else ():  # loaded by the driver
            args += ["-V", "%s#%d" % (c.key, k), "-o", c.obj] + fill_args(c)
        chosen.append(c)
    if not chosen:
        return None
    log("timing %s for %d variants: %d rounds of %s cycles" % (OP_CALLS[op], len(chosen) + 1, a.rounds,
                                                                args[args.index("--iters") + 1]))
    res, err = driver(a, args, a.run_timeout + 120)
    applied.undo()
    if not res:
        for c in chosen:
            c.error = c.error or err
        return None
    by = {v["name"]: v for v in res["variants"]}
    for c in chosen:
        v = by.get(c.key)
        copies = [by.get("%s#%d" % (c.key, k)) for k in range(2, PROG_COPIES + 1)] if copied(a, c) else []
        each = [x.get("prog_ns") for x in [v] + copies if x and x.get("ok") and x.get("prog_ns") is not None]
        if v and copies and len(each) == PROG_COPIES:
            v["prog_ns_copies"] = each
            v["prog_ns"] = sum(each) / len(each)
        c.run = v
        if v and not v.get("ok"):
            c.error = v.get("error")
        elif v and op != "bind" and c.expect_port and v.get("landed_port") != c.expect_port:
            c.error = "WRONG: connect to 127.0.0.1:%d landed on port %s, expected %d" % (
                PORT, v.get("landed_port"), c.expect_port)
        elif v and v.get("progs_attached", 0) == 0:
            c.error = "no program in effect in the %s (nothing attached?)" % (
                "network namespace" if op == "lookup" else "cgroup")
    return res


# --- report ----------------------------------------------------------------------------------

def fmt(v, digits=0, unit=""):
    if v is None:
        return "-"
    if isinstance(v, float):
        if digits == 0:
            return "{:,.0f}{}".format(v, unit)
        return "{:,.{}f}{}".format(v, digits, unit)
    return "{:,}{}".format(v, unit)


def fmt_ms(v):
    if v is None:
        return "-"
    return "%.2f" % v if v < 10 else "{:,.0f}".format(v) if v >= 100 else "%.1f" % v


def status(c):
    if c.skip:
        return c.skip
    if c.error:
        e = c.error
        if c.src:   # name generated policies by file name, not by scratch path
            e = e.replace(os.path.dirname(c.src) + os.sep, "")
        return ("rejected by the verifier: " + e[len("rejected: "):]) if e.startswith("rejected: ") else e
    return "ok" + (" (%s)" % c.via if c.via else "") + ("; " + c.note if c.note else "")


def md_escape(s):
    return s.replace("|", "\\|").replace("\n", " ")


def shorten(s, n=160):
    return s if len(s) <= n else s[:n - 3] + "..."


def hand(cases, c, forms):
    """The hand-written implementation of c's policy and size in one of forms."""
    return next((h for h in cases if h.policy == c.policy and h.size == c.size and h.impl in forms
                 and h.compile_ms), None)


def same_hand(cases, c):
    """The hand-written implementation with the structure sockc chose for c: what its
    code size and load are compared with."""
    return hand(cases, c, c.form) if c.form else None


def map_hand(cases, c):
    """The hand-written map template to compare c's compile time with: the one of the
    same structure when sockc used a map, else the first there is."""
    return hand(cases, c, c.form if c.form and c.form[0] in MAP_FORMS else MAP_FORMS)


def fastest_hand(cases, c):
    """The hand-written implementation of c's policy and size that spent the least time
    in the program: what its run-time cost is compared with."""
    hands = [h for h in cases if h.policy == c.policy and h.size == c.size and not h.sockc
             and not h.error and (h.run or {}).get("prog_ns") is not None]
    return min(hands, key=lambda h: h.run["prog_ns"], default=None)


def ratio(x, y):
    if x is None or y is None or y == 0:
        return None
    return x / y


def fmt_ratio(r):
    return "-" if r is None else "%.2fx" % r


def targets(cases, a):
    """The targets of issues 2 and 4, checked against this run."""
    def find(policy, size, impl):
        for c in cases:
            if c.policy == policy and c.size == size and c.impl == impl:
                return c
        return None

    out = []
    s1, h1 = find("rewrite1", 1, "sockc"), find("rewrite1", 1, "clang")

    def verdict(ok):
        return "pending" if ok is None else ("met" if ok else "NOT met")

    v = s1.compile_ms if s1 and not s1.error else None
    out.append(("1-rule compile under 20 ms", fmt_ms(v) + " ms" if v else "no sockc result",
                verdict(None if v is None else v < 20)))
    big = max(a.set) if a.set else None
    sb = find("set", big, "sockc") if big else None
    v = sb.compile_ms if sb and not sb.error else None
    out.append(("%s-prefix compile under 1 s" % fmt(big), fmt_ms(v) + " ms" if v else "no sockc result",
                verdict(None if v is None else v < 1000)))
    for pick, label in ((lambda c: hand(cases, c, INLINE_FORMS), "the same policy as inline C, sizes where it was built"),
                        (lambda c: map_hand(cases, c), "the map template, whose data is filled at run time, not compiled")):
        worst = None
        for c in cases:
            if c.sockc and c.compile_ms and not c.error:
                h = pick(c)
                if h and h.compile_ms:
                    r = h.compile_ms / c.compile_ms
                    if worst is None or r < worst[0]:
                        worst = (r, c)
        out.append((">= 5x faster than clang-19 -O2 on %s (worst size)" % label,
                    "%.1fx (%s %s)" % (worst[0], worst[1].policy, fmt(worst[1].size)) if worst else "no sockc result",
                    verdict(None if not worst else worst[0] >= 5)))
    for field, label in (("insns_obj", "instructions in the object"), ("insns_verified", "verified instructions")):
        worst, covered = None, set()
        for c in cases:
            h = same_hand(cases, c) if c.sockc and c.load and c.load.get("ok") else None
            r = ratio(c.prog(field), h.prog(field)) if h else None
            if r is None:
                continue
            covered.update(c.sections)
            if worst is None or r > worst[0]:
                worst = (r, c)
        # Met only when every kernel program was compared; one that was not (its rows say
        # why) leaves the target pending, unless another is already over.
        missing = [p for p in KERNEL_PROGRAMS if p not in covered]
        if not worst:
            text, ok = "no sockc result", None
        else:
            w = worst[1]
            text = "%.2fx (%s %s, program %s, against %s); %d of %d kernel programs compared" % (
                worst[0], w.policy, fmt(w.size), ", ".join(w.sections), same_hand(cases, w).impl,
                len(KERNEL_PROGRAMS) - len(missing), len(KERNEL_PROGRAMS))
            if missing:
                text += ", none for " + ", ".join(missing)
            ok = False if worst[0] > 1.0 else None if missing else True
        out.append(("%s <= hand-written of the same structure, every kernel program (worst ratio)" % label,
                    text, verdict(ok)))

    def run_of(c, field):
        return (c.run or {}).get(field) if c and not c.error else None

    def copies(c):  # the loaded copies' times, when the case was timed as copies (PROG_COPIES)
        each = run_of(c, "prog_ns_copies")
        return " (copies: %s)" % ", ".join(fmt(x, 0) for x in each) if each else ""

    s1 = find("set", 1, "sockc")
    pb, p1, ob, o1 = run_of(sb, "prog_ns"), run_of(s1, "prog_ns"), run_of(sb, "overhead_ns"), run_of(s1, "overhead_ns")
    out.append(("per-connect cost at %s prefixes within 10%% of the 1-prefix set (in-program time, "
                "+5 ns allowed for the statistics' clock)" % fmt(big),
                "in-program %s ns%s vs %s ns%s; overhead %s vs %s ns" % (fmt(pb, 0), copies(sb), fmt(p1, 0), copies(s1),
                                                                        fmt(ob), fmt(o1))
                if pb is not None and p1 is not None else "no sockc result",
                verdict(None if pb is None or p1 is None else pb <= 1.10 * p1 + 5)))
    hb = fastest_hand(cases, sb) if sb else None
    ph = run_of(hb, "prog_ns")
    out.append(("per-connect cost at %s prefixes within 5%% of the fastest hand-written (in-program time, "
                "+5 ns allowed)" % fmt(big),
                "in-program %s ns%s vs %s ns%s (%s)" % (fmt(pb, 0), copies(sb), fmt(ph, 0), copies(hb), hb.impl)
                if pb is not None and ph is not None else "no sockc result",
                verdict(None if pb is None or ph is None else pb <= 1.05 * ph + 5)))
    return out


def tool_version(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
        return first_lines(p.stdout or p.stderr, 1, 120)
    except (OSError, subprocess.SubprocessError):
        return "not available"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def write_report(a, cases, runs, started, plot_ok):
    L = []
    L.append("# sockc benchmark: sockc against hand-written BPF C\n")
    L.append("Generated by `bench/run.sh` on %s in %.0f s%s. Machine: %s, %d CPUs, Linux %s. "
             "clang: %s. sockc: %s.\n" % (
                 started.strftime("%Y-%m-%d %H:%M UTC"), time.time() - started.timestamp(),
                 " (--quick)" if a.quick else "", cpu_model(), os.cpu_count() or 0, platform.release(),
                 tool_version([a.clang, "--version"]),
                 tool_version([a.sockc, "--version"]) if a.sockc_ok else a.sockc_missing))
    L.append("Hand-written C is built with `%s -O2 -g -target bpf -mcpu=v3`; compile time is the wall "
             "time of the whole command less the cost of starting a process (%.1f ms, /bin/true "
             "measured the same way), median of up to %d runs (after one untimed run, up to 1,000 rules or prefixes). Instructions: in the object "
             "(the program section / 8), after load (xlated) and processed by the verifier "
             "(`verified_insns`), summed over the object's programs; load is `bpf_object__load` "
             "(median of up to %d), fill is filling the maps from user space. Per-call cost: %s "
             "cycles of connect()+accept()+close() to 127.0.0.1 (bind(): socket()+bind()+close(), "
             "%s cycles) from inside a cgroup v2 with the programs attached (the bindings' sk_lookup "
             "programs: from inside a network namespace they are attached to, one per variant, with "
             "its own listeners), %d rounds interleaved; "
             "median per call, overhead and ratio against no hook within the same rounds; "
             "\"in prog\" is the kernel's run-time statistic (time spent inside the programs "
             "per call; median of 7 more interleaved rounds with the statistics on, whose clock "
             "reads are in it: a one-compare program shows ~75 ns here), the steadier measure of what the "
             "program itself costs; for the set at 1 prefix and at its largest size, which the run-time "
             "targets compare, and the bindings at their largest, the mean of %d loaded copies of each object (two loads of one object "
             "differ by up to 10%% here, with where the kernel put its map).\n" % (
                 a.clang, a.spawn_ms, a.compile_runs, a.load_runs, fmt(a.iters), fmt(a.bind_iters), a.rounds,
                 PROG_COPIES))
    if plot_ok:
        L.append("![compile time, verifier work and per-connect cost by size](results.png)\n")

    for op, res in runs:
        if res:
            base = next((v for v in res["variants"] if v["name"] == "none"), None)
            if base and base.get("ok"):
                L.append("No hook, %s: %s ns per call (median of %d rounds)." % (
                    OP_CALLS[op], fmt(base["ns_median"]), len(base.get("ns", []))))
    L.append("")

    L.append("## All measurements\n")
    loaded_only = [c.policy for c in cases if c.sockc and c.op is None]
    if loaded_only:
        L.append("The rows from %s to %s hold one small policy for each kernel program that the "
                 "timed ones do not cover, named after it (`bench/policies/NAME.sp` against "
                 "`bench/hand/NAME.bpf.c`): compiled and loaded through the verifier, not timed.\n" % (
                     loaded_only[0], loaded_only[-1]))
    L.append("| policy | size | implementation | compile ms | insns obj | insns xlated | verified | JIT B "
             "| load ms | fill ms | ns/call | overhead ns | vs no hook | in prog ns | status |")
    L.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for c in cases:
        ld, rn = c.load or {}, c.run or {}
        ok_ld = ld.get("ok")
        L.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            c.policy + (" (bind)" if c.op == "bind" else ""), fmt(c.size), c.impl,
            fmt_ms(c.compile_ms), fmt(c.prog("insns_obj")) if ld.get("progs") else "-",
            fmt(c.prog("insns_xlated")) if ok_ld else "-", fmt(c.prog("insns_verified")) if ok_ld else "-",
            fmt(c.prog("jited_bytes")) if ok_ld else "-",
            fmt_ms(ld.get("load_ms")) if ok_ld else "-",
            fmt_ms(ld.get("fill_ms")) if ok_ld and ld.get("fill_entries") else "-",
            fmt(rn.get("ns_median")), fmt(rn.get("overhead_ns")),
            "%.3fx" % rn["ratio_median"] if rn.get("ratio_median") else "-",
            fmt(rn.get("prog_ns")), md_escape(shorten(status(c)))))
    L.append("")

    L.append("## sockc / hand-written (lower is better)\n")
    L.append("Code size and load (insns obj, verified, load) are compared with the hand-written "
             "implementation of the same structure as the one sockc chose (its plan, `sockc compile "
             "--emit plan`: inline code, a search tree, a hash map, a probe table, an LPM trie or a flat "
             "trie); the "
             "run-time cost (in prog, overhead) with the fastest hand-written implementation (least "
             "time in the program). Compile time is compared with the inline C and with the map "
             "template (of the same structure when sockc used a map). The hand-written flat trie's "
             "map is declared at 4 MiB (the largest trie, one object for every size), so its load and "
             "fill cost more than those of sockc's map, which has the trie's own size; the "
             "hand-written probe table is built for each size (slot count, hash multiplier and probe "
             "count are constants in its C) and its map has the table's own size.\n")
    L.append("| policy | size | same structure | fastest | compile vs inline C | compile vs map C "
             "| insns obj | verified | load | in prog | overhead per call (sockc vs fastest) |")
    L.append("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for c in cases:
        if not c.sockc:
            continue
        hs, hf = same_hand(cases, c), fastest_hand(cases, c)
        if c.error:
            L.append("| %s | %s | %s | %s | %s |  |  |  |  |  |  |" % (
                c.policy, fmt(c.size), hs.impl if hs else "-", hf.impl if hf else "-",
                md_escape(shorten(status(c), 100))))
            continue
        hi, hm = hand(cases, c, INLINE_FORMS), map_hand(cases, c)
        hsl, hfr, cr = (hs.load if hs else None) or {}, (hf.run if hf else None) or {}, c.run or {}
        L.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            c.policy, fmt(c.size), hs.impl if hs else "-", hf.impl if hf else "-",
            fmt_ratio(ratio(c.compile_ms, hi.compile_ms)) if hi else "-",
            fmt_ratio(ratio(c.compile_ms, hm.compile_ms)) if hm else "-",
            fmt_ratio(ratio(c.prog("insns_obj"), hs.prog("insns_obj"))) if hs else "-",
            fmt_ratio(ratio(c.prog("insns_verified"), hs.prog("insns_verified"))) if hs else "-",
            fmt_ratio(ratio((c.load or {}).get("load_ms"), hsl.get("load_ms"))),
            fmt_ratio(ratio(cr.get("prog_ns"), hfr.get("prog_ns"))),
            "%s vs %s ns" % (fmt(cr.get("overhead_ns")), fmt(hfr.get("overhead_ns"))) if hf else "-"))
    L.append("")

    L.append("## Targets (issues 2 and 4)\n")
    L.append("| target | this run | verdict |")
    L.append("|---|---|---|")
    for t, v, verdict in targets(cases, a):
        L.append("| %s | %s | %s |" % (t, md_escape(v), verdict))
    L.append("")
    L.append("The per-call overhead of a hook is a few hundred ns at most against a loopback "
             "connect of tens of µs, so the \"vs no hook\" column is within the noise of the "
             "machine for the small programs; \"in prog\" separates them. Policies: "
             "`bench/policies/` and `bench/hand/`; the sized ones come from `bench/gen.py` "
             "(chain: N rules `if dst == 10.x.y.z:80 { rewrite dst ...; }`, by hand an if-chain, a "
             "hash map and a probe table, each table checked to rewrite a connect to 127.0.0.1:6379 "
             "when given a rule for it, and sockc's probe table compared with gen.py's byte for byte; set: "
             "`if dst in blocked { deny; }` over N prefixes of 10.0.0.0/8, from N = 2 two of them "
             "127.0.0.0/32 and 127.0.0.2/31, near misses that make the lookup of 127.0.0.1 go to "
             "the bottom of the tries, by hand as inline compares, a search tree over their ranges (nested "
             "ifs), an LPM trie and a flat trie; pfxrules: the same prefixes as N rules `if dst in P { deny; }`, "
             "a run that sockc makes one set, against the same hand-written C as set; ports: N rules "
             "`if dst.port in LO..HI { rewrite dst.port 16379; }` of 1 to 5 ports (a fourth of them sets "
             "of two), a run that sockc makes one probe table with an entry per port, by hand an "
             "if-chain and an array of the 65,536 ports, checked to rewrite a connect to :6379 when given "
             "it; bindings: N sk_lookup rules `if proto == tcp and dst in P and dst.port == N { assign "
             "sockets[S]; }` of distinct prefixes /16 to /32 of 10.0.0.0/8 (none inside an earlier one of "
             "its port) and 64 ports, 6379 among them, that sockc makes one table keyed by port and "
             "prefix per family (an LPM trie, which serves IPv4-mapped addresses too; for IPv4, up to 2,048 "
             "ranges, a search over the port, then the address, and the IPv6 trie holds them mapped), by hand "
             "an if-chain, the same search in C (and the same IPv6 trie) and the same tries, sockc's "
             "trie keys compared with gen.py's, and each checked to hand a connect to 127.0.0.1:6379 to the listener on "
             "16379 when given a binding for it, sockc's with `sockc apply --netns` and `sockc register`); "
             "the policies named after a kernel program (connect6, "
             "sk_lookup, ...) have one or two rules of the shape an operator writes for that hook, "
             "and their C does the same work (the 6 programs' IPv4 rules match and write "
             "IPv4-mapped addresses, as the language defines). No connect ever goes anywhere but "
             "127.0.0.1.\n")
    path = os.path.join(a.out, "results.md")
    with open(path, "w") as f:
        f.write("\n".join(L))
    return path


def write_plot(a, cases):
    gp = shutil.which("gnuplot")
    if not gp:
        log("gnuplot not found: no plot (run.sh installs gnuplot-nox)")
        return False
    pdir = os.path.join(a.work, "plot")
    os.makedirs(pdir, exist_ok=True)
    series = [("chain", "sockc", "sockc, rule chain", "#d62728", 7),
              ("chain", "clang inline", "clang, if-chain", "#1f77b4", 5),
              ("chain", "clang map", "clang, hash map (data at run time)", "#17becf", 9),
              ("chain", "clang probe", "clang, probe table (data at run time)", "#e377c2", 13),
              ("set", "sockc", "sockc, prefix set", "#ff7f0e", 7),
              ("set", "clang inline", "clang, inline prefixes", "#2ca02c", 5),
              ("set", "clang tree", "clang, search tree of ranges", "#98df8a", 3),
              ("set", "clang lpm", "clang, LPM trie (data at run time)", "#9467bd", 9),
              ("set", "clang flat", "clang, flat trie (data at run time)", "#8c564b", 11),
              ("ports", "sockc", "sockc, rules of port ranges", "#bcbd22", 7),
              ("ports", "clang array", "clang, array of ports (data at run time)", "#7f7f7f", 9),
              ("bindings", "sockc", "sockc, sk_lookup bindings", "#393b79", 7),
              ("bindings", "clang inline", "clang, bindings if-chain", "#637939", 5),
              ("bindings", "clang tree", "clang, bindings search tree", "#8ca252", 3),
              ("bindings", "clang lpm", "clang, bindings LPM tries (data at run time)", "#ad494a", 9)]
    metrics = [("compile", "compile time (ms, wall)", lambda c: c.compile_ms),
               ("verified", "verifier: processed instructions", lambda c: c.prog("insns_verified")
                if c.load and c.load.get("ok") else None),
               ("prog", "time inside the program per connect (ns)", lambda c: (c.run or {}).get("prog_ns")),
               ("load", "load time (ms, bpf_object__load)", lambda c: (c.load or {}).get("load_ms")
                if c.load and c.load.get("ok") else None)]
    sized = ("chain", "set", "ports", "bindings")
    sizes = sorted({c.size for c in cases if c.policy in sized} | {1})
    lines = ['set terminal pngcairo size 1400,1000 font "sans,10"',
             'set output "%s"' % os.path.join(a.out, "results.png"), "set termoption noenhanced",
             'set multiplot layout 2,2 title "sockc vs hand-written BPF C (clang-19 -O2), by rules/prefixes%s"'
             % (" (--quick)" if a.quick else ""),
             "set logscale x", "set grid", 'set xlabel "rules (chain, ports, bindings) or prefixes (set)"',
             "set key top left font \",8\"",
             "set xtics (%s)" % ", ".join('"%s" %d' % (fmt(s), s) for s in sizes),
             "set xrange [%g:%g]" % (0.7, max(sizes) * 1.5)]
    for mname, title, getter in metrics:
        plots = []
        for policy, impl, label, color, pt in series:
            pts = []
            for c in cases:
                if c.policy == policy and c.impl == impl:
                    v = getter(c)
                    if v is not None and v > 0:
                        pts.append((c.size, v))
            if not pts:
                continue
            dat = os.path.join(pdir, "%s_%s_%s.dat" % (mname, policy, impl.replace(" ", "_")))
            with open(dat, "w") as f:
                f.write("".join("%d %g\n" % p for p in sorted(pts)))
            plots.append('"%s" using 1:2 with linespoints lw 2 pt %d ps 1.3 lc rgb "%s" title "%s"'
                         % (dat, pt, color, label))
        if mname == "verified":
            rej = sorted({c.size for c in cases if c.policy in sized and c.error
                          and c.error.startswith("rejected: ")})
            if rej:
                dat = os.path.join(pdir, "verified_rejected.dat")
                with open(dat, "w") as f:
                    f.write("".join("%d 1000000\n" % n for n in rej))
                plots.append('"%s" using 1:2 with points pt 2 ps 2.5 lw 2 lc rgb "black" '
                             'title "rejected (1M-instruction limit or too complex)"' % dat)
        lines.append('set title "%s"' % title)
        lines.append("set logscale y")
        # room above the 1M-instruction limit for the legend and the rejection marks
        lines.append("set yrange [1:1e9]" if mname == "verified" else "set yrange [*:*]")
        if plots:
            lines.append("plot " + ", \\\n     ".join(plots))
        else:
            lines += ["unset logscale y", "set yrange [0:1]",
                      'set label 1 "no data" at graph 0.5,0.5 center', "plot -1 notitle", "unset label 1"]
    lines.append("unset multiplot")
    script = os.path.join(pdir, "results.gp")
    with open(script, "w") as f:
        f.write("\n".join(lines) + "\n")
    p = subprocess.run([gp, script], capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        log("gnuplot failed: " + first_lines(p.stderr, 3))
        return False
    return True


# --- main ----------------------------------------------------------------------------------

def sizes(s):
    return [int(x) for x in s.split(",") if x.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sockc", default=os.path.join(HERE, "..", "build", "cli", "sockc"))
    ap.add_argument("--driver", required=True, help="the built connect_bench")
    ap.add_argument("--work", required=True, help="scratch directory (generated policies, objects)")
    ap.add_argument("--out", default=HERE, help="where results.md and results.png go")
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--quick", action="store_true", help="fewer sizes and iterations (about 2 minutes)")
    ap.add_argument("--chain", help="rule-chain sizes (default 100,1000,10000,100000)")
    ap.add_argument("--set", help="prefix-set sizes (default 100,10000,100000)")
    ap.add_argument("--ports", help="sizes of the rules of port ranges (default 1,100,1000,10000)")
    ap.add_argument("--bindings", help="sizes of the sk_lookup bindings (default 1,100,10000,100000)")
    ap.add_argument("--only", help="only these policies, comma-separated (e.g. bindings or chain,sk_lookup): "
                    "the sized ones at their sizes, the others at 1")
    ap.add_argument("--inline-max", type=int, help="largest size also built as inline hand-written C "
                    "(default 10000: clang -O2 takes ~30 s there and the verifier rejects it)")
    ap.add_argument("--iters", type=int, help="connect cycles per round (default 5000)")
    ap.add_argument("--bind-iters", type=int, help="bind cycles per round (default 20000)")
    ap.add_argument("--rounds", type=int, help="interleaved rounds (default 21)")
    ap.add_argument("--compile-runs", type=int, help="compile runs for the median (default 5)")
    ap.add_argument("--load-runs", type=int, default=5)
    ap.add_argument("--sockc-timeout", type=int, default=60, help="seconds one sockc compile may take")
    ap.add_argument("--clang-timeout", type=int, default=180, help="seconds one clang compile may take")
    ap.add_argument("--cpu", type=int, default=-1, help="pin the timing to this CPU (default: the last)")
    ap.add_argument("--no-apply", dest="use_apply", action="store_false",
                    help="attach sockc objects with the bench driver instead of `sockc apply`")
    ap.add_argument("--tag", default=str(os.getpid()))
    ap.add_argument("--check", action="store_true",
                    help="exit 1 when a case that was to run did not (compile, load, hit check or timing): "
                         "the harness's own test (tests/bench_smoke.sh)")
    a = ap.parse_args()
    q = a.quick
    a.chain = sizes(a.chain) if a.chain is not None else ([1, 100, 10000] if q else [1, 100, 1000, 10000, 100000])
    a.set = sizes(a.set) if a.set is not None else ([1, 100, 100000] if q else [1, 100, 10000, 100000])
    a.ports = sizes(a.ports) if a.ports is not None else ([1, 100, 10000] if q else [1, 100, 1000, 10000])
    a.bindings = sizes(a.bindings) if a.bindings is not None else ([1, 100, 100000] if q else [1, 100, 10000, 100000])
    a.only = set(a.only.split(",")) if a.only else None
    if a.only:      # generate no sized family left out (pfxrules is made of the set's prefixes)
        a.chain, a.ports, a.bindings = [f if name in a.only else [] for name, f in
                                        (("chain", a.chain), ("ports", a.ports), ("bindings", a.bindings))]
        a.set = a.set if a.only & {"set", "pfxrules"} else []
    a.inline_max = a.inline_max if a.inline_max is not None else (1000 if q else 10000)
    a.iters = a.iters or (2000 if q else 5000)
    a.bind_iters = a.bind_iters or (5000 if q else 20000)
    a.rounds = a.rounds or (7 if q else 21)
    a.compile_runs = a.compile_runs or (3 if q else 5)
    a.load_runs = 3 if q else a.load_runs
    a.spawn_ms = spawn_overhead_ms()
    a.compile_budget_s = 10
    a.load_timeout = 300
    a.run_timeout = 900
    if a.cpu < 0:
        a.cpu = (os.cpu_count() or 1) - 1
    a.multiarch = multiarch_include()
    a.sockc = os.path.abspath(a.sockc)
    a.sockc_ok = os.access(a.sockc, os.X_OK)
    a.sockc_missing = "sockc not found at %s (build it, or pass --sockc PATH)" % a.sockc
    for d in (a.work, a.out):
        os.makedirs(d, exist_ok=True)
    if not shutil.which(a.clang):
        log("%s not found (apt-get install clang-19)" % a.clang)
        return 1
    started = datetime.datetime.now(datetime.timezone.utc)

    gen_dir, obj_dir = os.path.join(a.work, "gen"), os.path.join(a.work, "obj")
    os.makedirs(obj_dir, exist_ok=True)
    subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), gen_dir, "--chain",
                    ",".join(map(str, a.chain)), "--set", ",".join(map(str, a.set)), "--ports", ",".join(map(str, a.ports)),
                    "--bindings", ",".join(map(str, a.bindings)), "--c-max", str(a.inline_max)], check=True)
    cases = build_cases(a, gen_dir)
    if a.only:
        cases = [c for c in cases if c.policy in a.only]
    if not a.sockc_ok:
        log(a.sockc_missing + "; measuring the hand-written side only")

    cache = {}
    applied = Applied(a)
    for c in cases:
        if c.skip:
            continue
        log("compile %-14s %7s %-12s" % (c.policy, fmt(c.size), c.impl))
        compile_case(c, a, obj_dir, cache)
        if c.error:
            log("  " + shorten(c.error, 200))
        elif c.sockc:
            c.form = plan_form(c, a)
    for c in cases:
        if c.skip or c.error:
            continue
        log("load    %-14s %7s %-12s" % (c.policy, fmt(c.size), c.impl))
        load_case(c, a)
        check_hit(c, a, obj_dir, applied)
        same = check_probe_image(c, gen_dir) or check_trie_keys(c, gen_dir)
        if c.error:
            log("  " + shorten(c.error, 200))
        elif same:
            log("  " + same)

    runs = []
    try:
        for op in ("connect", "bind", "lookup"):
            runs.append((op, run_op(a, op, cases, a.tag, applied)))
    finally:
        applied.undo()

    with open(os.path.join(a.work, "results.json"), "w") as f:
        json.dump([{k: v for k, v in vars(c).items()} for c in cases], f, indent=1, default=str)
    plot_ok = write_plot(a, cases)
    path = write_report(a, cases, runs, started, plot_ok)
    log("wrote %s%s" % (path, " and results.png" if plot_ok else ""))
    failed = [c for c in cases if not c.skip and c.error]
    for c in failed if a.check else []:
        log("FAILED %s %s %s: %s" % (c.policy, fmt(c.size), c.impl, shorten(c.error, 300)))
    return 1 if a.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
