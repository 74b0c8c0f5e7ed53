#!/usr/bin/env python3
"""Where a node's CPU went in a flight recording (issue 22, docs/benchmarks.md).

Usage: jfr_cpu.py RECORDING.jfr IMAGES [TOP]

Reads the recording with the JDK's `jfr print --json` and prints, per thread (digits folded, so the pool's threads
add up): Java execution samples with the methods they were in (self: the top frame; total: anywhere on the stack,
each method counted once per sample), native samples (threads in a system call or blocked in one) by their top
Java frame, allocation by class and allocating method (bytes per image, from the samples' weights), compilations,
and garbage collections. Percentages are of the thread's own samples.
"""
import collections
import json
import re
import subprocess
import sys


def events(path, names):
    out = subprocess.run(["jfr", "print", "--json", "--events", ",".join(names), path], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def thread_name(t):
    if not t:
        return "?"
    name = t.get("javaName") or t.get("osName") or "?"
    return re.sub(r"\d+", "N", name)


def frame_name(f):
    m = f["method"]
    return m["type"]["name"].replace("/", ".") + "." + m["name"]


def frames(e):
    st = e["values"].get("stackTrace")
    if not st:
        return []
    return [frame_name(f) for f in st["frames"]]


def top_own(stack):
    """The first frame of ours (nl.zorgbrug), for samples whose top is in the JDK or a library."""
    for f in stack:
        if f.startswith("nl.zorgbrug"):
            return f
    return stack[0] if stack else "?"


def main():
    path, images = sys.argv[1], int(sys.argv[2])
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 25
    ev = events(path, ["jdk.ExecutionSample", "jdk.NativeMethodSample", "jdk.ObjectAllocationSample",
                       "jdk.Compilation", "jdk.GarbageCollection", "jdk.ThreadAllocationStatistics"])
    by_type = collections.defaultdict(list)
    for e in ev:
        by_type[e["type"]].append(e)

    samples = by_type["jdk.ExecutionSample"]
    per_thread = collections.Counter(thread_name(e["values"]["sampledThread"]) for e in samples)
    print(f"== Java execution samples: {len(samples)} ({len(samples) / images:.2f} per image)")
    for t, n in per_thread.most_common():
        print(f"   {n:6d}  {t}")
    for t, n in per_thread.most_common(6):
        self_c, total_c, own_c = collections.Counter(), collections.Counter(), collections.Counter()
        for e in samples:
            if thread_name(e["values"]["sampledThread"]) != t:
                continue
            st = frames(e)
            if not st:
                continue
            self_c[st[0]] += 1
            own_c[top_own(st)] += 1
            for f in set(st):
                total_c[f] += 1
        print(f"\n== thread {t}: {n} samples")
        print("   self (top frame):")
        for f, c in self_c.most_common(top):
            print(f"   {100 * c / n:5.1f}%  {f}")
        print("   first frame of ours (nl.zorgbrug) on the stack:")
        for f, c in own_c.most_common(top):
            print(f"   {100 * c / n:5.1f}%  {f}")
        print("   total (anywhere on the stack):")
        for f, c in total_c.most_common(top + 15):
            print(f"   {100 * c / n:5.1f}%  {f}")

    natives = by_type["jdk.NativeMethodSample"]
    print(f"\n== native samples: {len(natives)}")
    nat = collections.Counter()
    for e in natives:
        st = frames(e)
        nat[(thread_name(e["values"]["sampledThread"]), st[0] if st else "?",
             top_own(st))] += 1
    for (t, f, own), c in nat.most_common(top):
        print(f"   {c:6d}  {t}: {f}  <- {own}")

    allocs = by_type["jdk.ObjectAllocationSample"]
    total = sum(e["values"]["weight"] for e in allocs)
    print(f"\n== allocation (samples' weight): {total / images / 1024:.1f} KiB per image")
    by_class, by_site = collections.Counter(), collections.Counter()
    for e in allocs:
        w = e["values"]["weight"]
        cls = e["values"]["objectClass"]["name"]
        st = frames(e)
        by_class[(thread_name(e["values"]["eventThread"]), cls)] += w
        site = " <- ".join(st[:3]) if st else "?"
        by_site[(thread_name(e["values"]["eventThread"]), cls, site, top_own(st))] += w
    for (t, cls), w in by_class.most_common(top):
        print(f"   {w / images / 1024:8.1f} KiB  {t}: {cls}")
    print("   by site:")
    for (t, cls, site, own), w in by_site.most_common(top):
        print(f"   {w / images / 1024:8.1f} KiB  {t}: {cls} at {site}  [{own}]")

    stats = by_type["jdk.ThreadAllocationStatistics"]
    if stats:
        first, last = {}, {}
        for e in sorted(stats, key=lambda e: e["values"]["startTime"]):
            k = thread_name(e["values"]["thread"]) + "#" + str((e["values"]["thread"] or {}).get("javaThreadId"))
            first.setdefault(k, e["values"]["allocated"])
            last[k] = e["values"]["allocated"]
        grown = collections.Counter()
        for k in last:
            grown[k.split("#")[0]] += last[k] - first[k]
        print("\n== allocated per thread (ThreadAllocationStatistics, start to end of the recording), per image:")
        for t, b in grown.most_common(12):
            if b > 0:
                print(f"   {b / images / 1024:8.1f} KiB  {t}")

    comps = by_type["jdk.Compilation"]
    print(f"\n== compilations: {len(comps)}")
    slow = sorted(comps, key=lambda e: -parse_ms(e["values"]["duration"]))[:top]
    for e in slow:
        v = e["values"]
        print(f"   {parse_ms(v['duration']):7.1f} ms  tier {v.get('compileLevel')}  {v['method']['type']['name']}.{v['method']['name']}")
    gcs = by_type["jdk.GarbageCollection"]
    print(f"\n== garbage collections: {len(gcs)}, pauses {sum(parse_ms(e['values']['sumOfPauses']) for e in gcs):.1f} ms")
    for e in gcs[:10]:
        v = e["values"]
        print(f"   {v['name']} {v['cause']} {parse_ms(v['sumOfPauses']):.1f} ms")


def parse_ms(d):
    """JFR's JSON durations read like PT0.001234S."""
    if isinstance(d, (int, float)):
        return d / 1e6
    m = re.match(r"PT(?:(\d+)M)?([\d.]+)S", d)
    return (int(m.group(1) or 0) * 60 + float(m.group(2))) * 1000 if m else 0.0


if __name__ == "__main__":
    main()
