#!/usr/bin/env python3
"""Exact-text golden tests for sockc: diagnostics, --emit plan and --emit asm.

Run:        python3 tests/golden.py --sockc build/cli/sockc [GROUP...] [-k TEXT]
Regenerate: python3 tests/golden.py --sockc build/cli/sockc --update
            (then review `git diff tests/diag tests/golden` before committing)

Groups (all of them when none is named):
  diag  every tests/diag/*.sp, run as `sockc check diag/NAME.sp` from tests/;
        expected: tests/diag/NAME.out = stderr, then stdout (after a line
        '--- stdout') when there is any, then a last line 'exit: N'.
  plan  every examples/*.sp, run as `sockc compile examples/NAME.sp --emit plan
        -o OUT` from the repository root; expected: tests/golden/plan/NAME.plan =
        the plan, then stderr (after a line '--- stderr') when there is any, then
        'exit: N'.
  asm   the examples in ASM_EXAMPLES, the same with --emit asm; expected:
        tests/golden/asm/NAME.s.

Paths stay stable because sockc always runs from a fixed directory with relative
paths. The environment is fixed too: NO_COLOR=1, LC_ALL=C, and SOCKC_STDLIB
pointing (relatively) at the source tree's stdlib/. A case that hangs (more than
TIMEOUT seconds) or dies from a signal always fails; --update never blesses it.

Output ends with a line `N passed, M failed`; the exit status is 1 on any failure.
Python 3 standard library only.
"""

import argparse
import difflib
import os
import shutil
import signal
import subprocess
import sys
import tempfile

TESTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TESTS)
TIMEOUT = 20
ASM_EXAMPLES = ["one-ip", "localhost-redirect", "udp-dns", "discovery", "services", "edge"]


class Case:
    def __init__(self, group, name, cwd, args, expected, first, tmp_out=False):
        self.group = group        # diag, plan, asm
        self.name = name          # shown in reports
        self.cwd = cwd            # directory sockc runs in
        self.args = args          # sockc arguments (relative paths)
        self.expected = expected  # absolute path of the expected file
        self.first = first        # 'stderr' or 'stdout': the stream written first
        self.tmp_out = tmp_out    # pass -o TMPFILE and read the output from it


def diag_cases():
    d = os.path.join(TESTS, "diag")
    for f in sorted(os.listdir(d)):
        if f.endswith(".sp") and os.path.isfile(os.path.join(d, f)):
            stem = f[:-3]
            yield Case("diag", "diag/" + f, TESTS, ["check", "diag/" + f],
                       os.path.join(d, stem + ".out"), "stderr")


def example_names():
    d = os.path.join(ROOT, "examples")
    return sorted(f[:-3] for f in os.listdir(d) if f.endswith(".sp"))


def plan_cases():
    for stem in example_names():
        yield Case("plan", "plan/" + stem, ROOT,
                   ["compile", "examples/%s.sp" % stem, "--emit", "plan"],
                   os.path.join(TESTS, "golden", "plan", stem + ".plan"), "stdout", True)


def asm_cases():
    for stem in ASM_EXAMPLES:
        yield Case("asm", "asm/" + stem, ROOT,
                   ["compile", "examples/%s.sp" % stem, "--emit", "asm"],
                   os.path.join(TESTS, "golden", "asm", stem + ".s"), "stdout", True)


GROUPS = {"diag": diag_cases, "plan": plan_cases, "asm": asm_cases}
# Where each group keeps its expected files, and their suffix (to find stale ones).
EXPECTED_DIRS = {"diag": (os.path.join(TESTS, "diag"), ".out"),
                 "plan": (os.path.join(TESTS, "golden", "plan"), ".plan"),
                 "asm": (os.path.join(TESTS, "golden", "asm"), ".s")}


def section(text):
    return text if not text or text.endswith("\n") else text + "\n"


def run(sockc, case):
    """Returns (text, blessable): the text to compare, and whether --update may write it."""
    env = dict(os.environ)
    env.update(NO_COLOR="1", LC_ALL="C", LANG="C",
               SOCKC_STDLIB=os.path.relpath(os.path.join(ROOT, "stdlib"), case.cwd))
    args = list(case.args)
    tmpdir = tempfile.mkdtemp(prefix="sockc-golden-") if case.tmp_out else None
    out_path = os.path.join(tmpdir, "out") if tmpdir else None
    if out_path:
        args += ["-o", out_path]
    try:
        p = subprocess.run([sockc] + args, cwd=case.cwd, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)
        return "TIMEOUT: sockc %s did not finish in %d s\n" % (" ".join(case.args), TIMEOUT), False
    stdout = p.stdout.decode("utf-8", "backslashreplace")
    stderr = p.stderr.decode("utf-8", "backslashreplace")
    if out_path:
        if os.path.exists(out_path):
            with open(out_path, "rb") as f:
                stdout += f.read().decode("utf-8", "backslashreplace")
        shutil.rmtree(tmpdir, ignore_errors=True)
    if p.returncode < 0:
        try:
            sig = signal.Signals(-p.returncode).name
        except ValueError:
            sig = str(-p.returncode)
        status, ok = "exit: killed by %s" % sig, False
    else:
        status, ok = "exit: %d" % p.returncode, True
    if case.first == "stderr":
        text = section(stderr) + ("--- stdout\n" + section(stdout) if stdout else "")
    else:
        text = section(stdout) + ("--- stderr\n" + section(stderr) if stderr else "")
    return text + status + "\n", ok


def main():
    ap = argparse.ArgumentParser(description="sockc golden-output tests")
    ap.add_argument("--sockc", required=True, help="path of the sockc binary")
    ap.add_argument("--update", action="store_true", help="rewrite the expected files")
    ap.add_argument("-k", dest="match", default="", help="only cases whose name contains TEXT")
    ap.add_argument("groups", nargs="*", metavar="GROUP", help="diag, plan, asm (default: all)")
    a = ap.parse_args()
    groups = a.groups or ["diag", "plan", "asm"]
    for g in groups:
        if g not in GROUPS:
            ap.error("unknown group %r (groups: %s)" % (g, ", ".join(GROUPS)))
    sockc = os.path.abspath(a.sockc)
    if not os.access(sockc, os.X_OK):
        print("golden.py: %s is not an executable" % sockc, file=sys.stderr)
        return 2

    passed = failed = updated = 0
    for g in groups:
        seen = set()
        for case in GROUPS[g]():
            seen.add(os.path.abspath(case.expected))
            if a.match not in case.name:
                continue
            actual, blessable = run(sockc, case)
            try:
                with open(case.expected, encoding="utf-8") as f:
                    expected = f.read()
            except FileNotFoundError:
                expected = None
            if expected == actual:
                passed += 1
                continue
            rel = os.path.relpath(case.expected, ROOT)
            if a.update and blessable:
                os.makedirs(os.path.dirname(case.expected), exist_ok=True)
                with open(case.expected, "w", encoding="utf-8") as f:
                    f.write(actual)
                print("updated %s" % rel)
                updated += 1
                passed += 1
                continue
            failed += 1
            print("FAIL %s: sockc %s (in %s)" % (case.name, " ".join(case.args),
                                               os.path.relpath(case.cwd, ROOT) or "."))
            if not blessable:
                print("  the compiler hung or crashed; --update does not record this")
            if expected is None:
                print("  no expected file %s; run with --update to create it" % rel)
                sys.stdout.write("".join("+" + l for l in actual.splitlines(True)))
            else:
                sys.stdout.writelines(difflib.unified_diff(
                    expected.splitlines(True), actual.splitlines(True),
                    fromfile=rel, tofile="actual"))
        # Expected files with no case any more (a deleted example or policy).
        d, suffix = EXPECTED_DIRS[g]
        if not a.match and os.path.isdir(d):
            for f in sorted(os.listdir(d)):
                p = os.path.abspath(os.path.join(d, f))
                if f.endswith(suffix) and p not in seen:
                    if a.update:
                        os.unlink(p)
                        print("removed stale %s" % os.path.relpath(p, ROOT))
                    else:
                        failed += 1
                        print("FAIL stale expected file %s: no case produces it "
                              "(--update removes it)" % os.path.relpath(p, ROOT))
    if updated:
        print("%d expected files written; review them with git diff" % updated)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
