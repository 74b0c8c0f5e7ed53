#!/usr/bin/env python3
"""Where a node's CPU went, from Linux perf's samples of the whole machine (issue 22, docs/benchmarks.md).

Usage: perf_cpu.py PERF.DATA IMAGES NODE_PID [TOP]

ThroughputBenchmark -Dbench.node.perf=DIR records `perf record -e cpu-clock -g -a` during the timed association and
writes the JIT's symbols to /tmp/perf-PID.map. This prints CPU milliseconds per image: by process (the node, every
postgres, dcmtk), and for each thread of the node by kind (the kernel by system call, JIT-compiled code, the JVM
itself), by the leaf symbol, and by the first frame of ours (nl.zorgbrug) on the stack, kernel time under it
included: so a system call is charged to the method of ours that made it.
"""
import collections
import re
import subprocess
import sys


def samples(path):
    out = subprocess.run(["perf", "script", "-i", path, "-F", "comm,pid,tid,period,ip,sym,dso"],
                         capture_output=True, text=True).stdout
    cur = None
    for line in out.splitlines():
        if not line.strip():
            if cur:
                yield cur
            cur = None
            continue
        if not line.startswith((" ", "\t")):
            m = re.match(r"^(.*?)\s+(\d+)/(\d+)\s+(\d+)\s*$", line) or re.match(r"^(.*?)\s+(\d+)/(\d+)\s+(\d+)", line)
            if not m:
                cur = None
                continue
            cur = {"comm": m.group(1).strip(), "pid": int(m.group(2)), "period": int(m.group(4)), "frames": []}
        elif cur is not None:
            m = re.match(r"\s*[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$", line)
            if m:
                cur["frames"].append((re.sub(r"\+0x[0-9a-f]+$", "", m.group(1)), m.group(2)))
    if cur:
        yield cur


def fold(name):
    return re.sub(r"\d+", "N", name)


def kind(frames):
    for sym, dso in frames:
        if dso == "[kernel.kallsyms]":
            m = re.match(r"(?:__x64_sys_|__do_sys_|__se_sys_|ksys_)(\w+)", sym)
            if m:
                return "kernel: " + m.group(1)
    if frames and frames[0][1] == "[kernel.kallsyms]":
        return "kernel: other (" + next((s for s, d in frames if d == "[kernel.kallsyms]" and (
            "page_fault" in s or "irq" in s or "schedule" in s or "softirq" in s)), frames[0][0]) + ")"
    if not frames:
        return "?"
    dso = frames[0][1]
    if dso.startswith("[JIT]"):
        return "JIT-compiled code"
    return dso.split("/")[-1]


def own(frames):
    for sym, dso in frames:
        if "nl.zorgbrug" in sym:
            return short(sym)
    for sym, dso in frames:
        if dso.startswith("[JIT]"):
            return short(sym)
    return frames[0][0] if frames else "?"


def short(sym):
    # "void nl.zorgbrug.x.Y.m(args)" -> "nl.zorgbrug.x.Y.m"
    m = re.search(r"([\w$.]+)\(", sym)
    return m.group(1) if m else sym


def main():
    path, images, node = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    by_proc = collections.Counter()
    threads = collections.Counter()
    kinds = collections.defaultdict(collections.Counter)
    leaves = collections.defaultdict(collections.Counter)
    owns = collections.defaultdict(collections.Counter)
    incl = collections.defaultdict(collections.Counter)
    for s in samples(path):
        ms = s["period"] / 1e6
        proc = "node" if s["pid"] == node else s["comm"] if s["comm"] in ("postgres", "storescu", "storescp", "swapper") \
            else "other"
        by_proc[proc] += ms
        if s["pid"] != node:
            continue
        t = fold(s["comm"])
        threads[t] += ms
        kinds[t][kind(s["frames"])] += ms
        leaves[t][short(s["frames"][0][0]) if s["frames"] else "?"] += ms
        owns[t][own(s["frames"])] += ms
        for m in {short(f) for f, d in s["frames"] if "nl.zorgbrug" in f}:
            incl[t][m] += ms
    print("== CPU ms per image by process (perf cpu-clock; swapper: idle)")
    for p, ms in by_proc.most_common():
        print(f"   {ms / images:7.3f}  {p}")
    for t, ms in threads.most_common(8):
        print(f"\n== node thread {t}: {ms / images:.3f} ms per image")
        print("   by kind:")
        for k, v in kinds[t].most_common(top):
            print(f"   {v / images:7.3f}  {k}")
        print("   by leaf symbol:")
        for k, v in leaves[t].most_common(top):
            print(f"   {v / images:7.3f}  {k}")
        print("   by first frame of ours (kernel time below it included):")
        for k, v in owns[t].most_common(top):
            print(f"   {v / images:7.3f}  {k}")
        print("   inclusive, methods of ours:")
        for k, v in incl[t].most_common(top + 10):
            print(f"   {v / images:7.3f}  {k}")


if __name__ == "__main__":
    main()
