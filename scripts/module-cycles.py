#!/usr/bin/env python3
"""Print the import cycles among src/'s top-level modules; exit 1 if there is one.

A top-level module is a file `src/NAME.rs` or a folder `src/NAME/`. An edge A -> B is any
`crate::B` path (in `use` lines or in code) inside A. The CLI may depend on itself (`cli`
with its commands is one module), so self-edges never count. Also fails when a module under
`engine` imports `report` or `cli`. Usage: scripts/module-cycles.py [SRC_DIR]
"""
import os
import re
import sys

src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "src")
src = os.path.normpath(src)
ENTRY = {"lib", "main"}


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def use_targets(text):
    """Top-level names reached from `crate::`, including grouped `use crate::{a, b::c}`."""
    out = set()
    for m in re.finditer(r"\bcrate::(\{|[a-z_][a-z0-9_]*)", text):
        if m.group(1) != "{":
            out.add(m.group(1))
            continue
        depth, i, start = 1, m.end(), m.end()
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        inner = text[start : i - 1]
        # Top-level items of the group: split on commas at depth 0.
        depth, item = 0, ""
        for ch in inner + ",":
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            if ch == "," and depth == 0:
                name = re.match(r"\s*([a-z_][a-z0-9_]*)", item)
                if name:
                    out.add(name.group(1))
                item = ""
            else:
                item += ch
    return out


edges = {}
for root, _, files in os.walk(src):
    for f in files:
        if not f.endswith(".rs"):
            continue
        rel = os.path.relpath(os.path.join(root, f), src)
        top = rel.split(os.sep)[0].removesuffix(".rs")
        if top in ENTRY:
            continue
        with open(os.path.join(root, f), encoding="utf-8") as fh:
            targets = use_targets(strip_comments(fh.read()))
        for t in targets:
            if t != top and t not in ENTRY and t != "self":
                edges.setdefault(top, {}).setdefault(t, set()).add(rel)

# Tarjan's strongly connected components.
index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]


def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on.add(v)
    for w in edges.get(v, {}):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            sccs.append(sorted(comp))


for v in sorted(set(edges) | {t for d in edges.values() for t in d}):
    if v not in index:
        visit(v)

bad = 0
for comp in sccs:
    bad += 1
    print("cycle:", " <-> ".join(comp))
    for a in comp:
        for b, files in sorted(edges.get(a, {}).items()):
            if b in comp:
                print(f"  {a} -> {b}  ({', '.join(sorted(files))})")
for b in ("report", "cli", "plan"):
    for f in sorted(edges.get("engine", {}).get(b, set())):
        bad += 1
        print(f"engine imports {b}: {f}")
for b in ("engine", "plan", "report", "cli"):
    for f in sorted(edges.get("input", {}).get(b, set())):
        bad += 1
        print(f"input imports {b}: {f}")
if bad:
    sys.exit(1)
print("module graph: no cycles;", ", ".join(f"{a} -> {{{', '.join(sorted(d))}}}" for a, d in sorted(edges.items())))
