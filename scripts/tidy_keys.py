#!/usr/bin/env python3
# scripts/tidy_keys.py — for scripts/tidy.sh: one line "FILE KEY" for every .c
# file under ROOT/src in the compilation database DB. KEY hashes what decides
# clang-tidy's answer for the file: the clang-tidy version, .clang-tidy, the
# compile command, and the file and every header it includes (the output of
# `ninja -t deps`, read from stdin).
#
#   ninja -C BUILD -t deps | scripts/tidy_keys.py DB ROOT
import hashlib
import json
import os
import subprocess
import sys


def main():
    db, root = sys.argv[1], sys.argv[2]
    deps, cur = {}, None
    for line in sys.stdin:
        if not line.startswith(" ") and ": #deps" in line:
            cur = deps.setdefault(line.split(": #deps")[0], [])
        elif line.strip() and cur is not None:
            cur.append(line.strip())
    base = hashlib.sha256()
    base.update(subprocess.run(["clang-tidy", "--version"], capture_output=True,
                               check=False).stdout)
    with open(os.path.join(root, ".clang-tidy"), "rb") as f:
        base.update(f.read())
    memo = {}

    def content(path):
        if path not in memo:
            try:
                with open(path, "rb") as f:
                    memo[path] = hashlib.sha256(f.read()).hexdigest()
            except OSError:
                memo[path] = "missing"
        return memo[path]

    src = os.path.join(root, "src") + os.sep
    keys = {}
    with open(db) as f:
        entries = json.load(f)
    for e in entries:
        path = os.path.normpath(os.path.join(e["directory"], e["file"]))
        if not (path.startswith(src) and path.endswith(".c")):
            continue
        h = base.copy()
        h.update(e.get("command", " ".join(e.get("arguments", []))).encode())
        for d in [e["file"]] + deps.get(e.get("output", ""), []):
            p = os.path.normpath(os.path.join(e["directory"], d))
            h.update(p.encode() + b"=" + content(p).encode() + b"\n")
        keys[path] = h.hexdigest()
    for path in sorted(keys):
        print(path, keys[path])


if __name__ == "__main__":
    main()
