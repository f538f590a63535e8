#!/usr/bin/env python3
"""scripts/coverage_dirs.py — line and branch coverage per source directory.

Reads the JSON that gcovr writes (`gcovr --json`) and prints one row per
directory under src/ and a total: lines and branches covered, in percent.
Used by scripts/coverage.sh (make coverage)."""
import json
import os
import sys


def main(path):
    with open(path) as f:
        data = json.load(f)
    dirs = {}
    for fobj in data["files"]:
        d = os.path.dirname(fobj["file"])
        acc = dirs.setdefault(d, [0, 0, 0, 0])
        for line in fobj["lines"]:
            if line.get("gcovr/noncode"):
                continue
            acc[0] += 1
            acc[1] += 1 if line["count"] > 0 else 0
            for br in line.get("branches", []):
                acc[2] += 1
                acc[3] += 1 if br["count"] > 0 else 0
    print(f"{'directory':<14} {'lines':>15} {'line %':>7} {'branches':>15} {'branch %':>8}")
    tot = [0, 0, 0, 0]
    for d in sorted(dirs):
        a = dirs[d]
        tot = [x + y for x, y in zip(tot, a)]
        print(row(d, a))
    print(row("total", tot))


def pct(n, d):
    return 100.0 * n / d if d else 100.0


def row(name, a):
    return (f"{name:<14} {a[1]:>7}/{a[0]:<7} {pct(a[1], a[0]):>6.1f}% "
            f"{a[3]:>7}/{a[2]:<7} {pct(a[3], a[2]):>7.1f}%")


if __name__ == "__main__":
    main(sys.argv[1])
