#!/usr/bin/env python3
"""Check every #include of the C sources against docs/architecture.md.

The rule is written once, in docs/architecture.md, between the
`arch-rule` and `arch-headers` markers; this script parses those two tables
and never restates them. For each violation it prints

    FILE:LINE: #include "X": <unit> may not include <unit>
      rule (docs/architecture.md): | `store` | `engine/base.h`, ... |

and exits 1. Exit 2 means the rule itself could not be read.

Usage: check_includes.py [--root DIR]   (default: the repository root)
"""
import argparse
import os
import re
import sys

SOURCE_DIRS = ("engine", "grader", "course", "store", "app", "tests", "bench")
SKIP_DIRS = {".git", "__pycache__"}
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')
ROW_RE = re.compile(r"^\|\s*(.+?)\s*\|\s*(.+?)\s*\|\s*$")


class RuleError(Exception):
    pass


def read_table(doc, name):
    """Rows of the table between <!-- NAME: begin --> and <!-- NAME: end -->,
    as (keys, values, raw line) with the backquoted names of each cell."""
    begin = re.search(r"<!--\s*%s:\s*begin\b[^>]*-->" % re.escape(name), doc)
    end = re.search(r"<!--\s*%s:\s*end\s*-->" % re.escape(name), doc)
    if not begin or not end or end.start() < begin.end():
        raise RuleError("no '%s' table between markers" % name)
    rows = []
    for line in doc[begin.end():end.start()].splitlines():
        m = ROW_RE.match(line.strip())
        if not m or set(m.group(1)) <= set("-: "):
            continue
        keys = re.findall(r"`([^`]+)`", m.group(1))
        values = re.findall(r"`([^`]+)`", m.group(2))
        if not keys:        # the header row
            continue
        if not values:
            raise RuleError("row without values: %s" % line.strip())
        rows.append((keys, values, line.strip()))
    if not rows:
        raise RuleError("the '%s' table is empty" % name)
    return rows


def unit_of(path, units):
    """The longest unit that is the file itself or a folder above it."""
    best = None
    for u in units:
        if path == u or path.startswith(u + "/"):
            if best is None or len(u) > len(best):
                best = u
    return best


def may_include(allowed, target):
    """A folder in the list means its own files (file rows in it too),
    not its subfolders: those have rows of their own."""
    folder = os.path.dirname(target)
    return any(a == "*" or a == target or a == folder for a in allowed)


def header_home(homes, path):
    return any(path == h or path.startswith(h + "/") for h in homes)


def sources(root):
    for top in SOURCE_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS
                                 and not d.startswith("build"))
            for f in sorted(filenames):
                if f.endswith((".c", ".h")):
                    full = os.path.join(dirpath, f)
                    yield os.path.relpath(full, root).replace(os.sep, "/")


def check(root, doc_path):
    with open(doc_path, encoding="utf-8") as fh:
        doc = fh.read()
    rules = {}
    for keys, values, raw in read_table(doc, "arch-rule"):
        for k in keys:
            rules[k] = (values, raw)
    headers = {}
    for keys, values, raw in read_table(doc, "arch-headers"):
        for k in keys:
            headers[k] = (values, raw)

    errors = []
    nfiles = nincludes = 0
    rel_doc = os.path.relpath(doc_path, root)
    for rel in sources(root):
        nfiles += 1
        unit = unit_of(rel, rules)
        if unit is None:
            errors.append("%s: no rule covers this file: add a row for its "
                          "folder to %s" % (rel, rel_doc))
            continue
        allowed, raw = rules[unit]
        with open(os.path.join(root, rel), encoding="utf-8",
                  errors="replace") as fh:
            lines = fh.readlines()
        for lineno, line in enumerate(lines, 1):
            m = INCLUDE_RE.match(line)
            if not m:
                continue
            nincludes += 1
            kind, name = m.groups()
            where = "%s:%d" % (rel, lineno)
            if kind == "<":
                if name in headers and not header_home(headers[name][0], rel):
                    errors.append("%s: #include <%s>: only %s may include it"
                                  "\n  rule (%s): %s" % (
                                      where, name,
                                      ", ".join(headers[name][0]),
                                      rel_doc, headers[name][1]))
                continue
            if ".." in name.split("/"):
                errors.append('%s: #include "%s": write a sibling name or a '
                              "path from the repository root, not '..'" %
                              (where, name))
                continue
            sibling = os.path.join(os.path.dirname(rel), name)
            if os.path.isfile(os.path.join(root, sibling)):
                target = os.path.normpath(sibling).replace(os.sep, "/")
            elif os.path.isfile(os.path.join(root, name)):
                target = name
            else:
                errors.append('%s: #include "%s": no such file beside it or '
                              "from the repository root" % (where, name))
                continue
            tunit = unit_of(target, rules)
            if tunit == unit:
                continue
            if not may_include(allowed, target):
                errors.append('%s: #include "%s": %s may not include %s'
                              "\n  rule (%s): %s" % (
                                  where, name, unit, tunit or target,
                                  rel_doc, raw))
    return errors, nfiles, nincludes


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(here)))
    ap.add_argument("--doc", default=None,
                    help="the rule (default: ROOT/docs/architecture.md)")
    args = ap.parse_args()
    doc = args.doc or os.path.join(args.root, "docs", "architecture.md")
    try:
        errors, nfiles, nincludes = check(args.root, doc)
    except (OSError, RuleError) as e:
        print("arch: cannot read the rule in %s: %s" % (doc, e),
              file=sys.stderr)
        return 2
    for e in errors:
        print(e)
    print("arch: %d files, %d includes, %d violations" %
          (nfiles, nincludes, len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
