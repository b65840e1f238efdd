#!/usr/bin/python3
"""Self time per op from a LibTorch profiler trace (`rcmae bench --profile TRACE.json`).

A Chrome trace holds each op's inclusive duration; an op's self time is that minus the time
of the ops nested in it (same thread, inside its interval). Prints the ops with the most self
time, as a share of all of it, with call counts:

  rcmae bench --preset tiny --img 32 --batch 128 --steps 3 --profile /tmp/step.json
  bench/profile_summary.py /tmp/step.json [--top 15]
"""
import argparse
import collections
import json


def self_times(events):
    by_thread = collections.defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and "dur" in e:
            by_thread[e.get("tid")].append(e)
    totals = collections.Counter()
    calls = collections.Counter()
    for spans in by_thread.values():
        spans.sort(key=lambda e: (e["ts"], -e["dur"]))
        stack = []  # [end, name, child time]
        for e in spans:
            start, end = e["ts"], e["ts"] + e["dur"]
            while stack and stack[-1][0] <= start:
                close(stack, totals)
            if stack:
                stack[-1][2] += e["dur"]
            stack.append([end, e["name"], 0.0, e["dur"]])
            calls[e["name"]] += 1
        while stack:
            close(stack, totals)
    return totals, calls


def close(stack, totals):
    end, name, children, duration = stack.pop()
    totals[name] += max(0.0, duration - children)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("trace")
    ap.add_argument("--top", type=int, default=15)
    a = ap.parse_args()
    data = json.load(open(a.trace))
    events = data["traceEvents"] if isinstance(data, dict) else data
    totals, calls = self_times(events)
    whole = sum(totals.values()) or 1.0
    print(f"{'op':40s} {'self %':>7s} {'self ms':>9s} {'calls':>8s}")
    for name, us in totals.most_common(a.top):
        print(f"{name[:40]:40s} {100 * us / whole:6.1f}% {us / 1000:9.1f} {calls[name]:8d}")
    print(f"{'(all ops)':40s} {100.0:6.1f}% {whole / 1000:9.1f} {sum(calls.values()):8d}")


if __name__ == "__main__":
    main()
