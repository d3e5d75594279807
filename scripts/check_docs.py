#!/usr/bin/env python3
"""Check that the docs still describe the code.

    check_docs.py [--root DIR]

Three rules, each a list of problems (exit 1 if any):

  seed table   every function in the first column of a "seed, upstream,
               here" table (docs/kthread.md, docs/kthread_worker.md) is
               defined in kernel/ or include/, unless the row's last cell
               says **not here** with a reason;
  tour         every function of a docs/tour.md table row is defined in
               the file(s) of ours that the row's "here" cell names;
  paths        every repository path a doc names (`kernel/kthread.c`,
               `scripts/trace/svg.py`, ...) exists (a header may be named
               as it is included, `kernel/spinlock.h`; a line that speaks
               of Linux may name Linux's files), and no doc sends the
               reader to "issue N", which a reader outside the project's
               history cannot see.

Run by `make test` through its unit tests (tests/docs/test_check_docs.py,
suite docs_check).  Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import fnmatch
import re
import sys
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
SEED_TABLE_DOCS = ("docs/kthread.md", "docs/kthread_worker.md")
SEED_HEADING = re.compile(r"^#+ .*seed, upstream, here", re.I)
TOUR_DOC = "docs/tour.md"
DOC_GLOBS = ("README.md", "docs/*.md")
CODE_DIRS = ("kernel", "include", "arch", "lib")
# Where a path a doc names may start; build/ is made by the build, not kept.
PATH_ROOTS = ("arch/", "kernel/", "lib/", "include/", "tests/", "scripts/", "docs/", "iso/")
FUNC = re.compile(r"`([A-Za-z_][A-Za-z0-9_]*)\(\)`")
MACRO = re.compile(r"`([A-Z_][A-Z0-9_]*)\(\)`")
CODE_SPAN = re.compile(r"`([^`]+)`")
ISSUE = re.compile(r"\bissues? \d+\b")
# A line that names Linux's files as Linux's: they need not exist here.
LINUX_CONTEXT = re.compile(r"\b(Linux|upstream|the seed)\b")
NOT_HERE = "**not here**"


def table_rows(lines: List[str], start: int) -> Iterable[Tuple[int, List[str]]]:
    """The rows (line number, cells) of the first table at or after @start."""
    i = start
    while i < len(lines) and not lines[i].startswith("|"):
        i += 1
    while i < len(lines) and lines[i].startswith("|"):
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", lines[i].strip())[1:-1]]
        if cells and not set(cells[0]) <= set("-: "):
            yield i + 1, cells
        i += 1


def definitions(root: Path, dirs: Iterable[str]) -> Dict[str, List[Path]]:
    """Every function or macro defined in the C files under @dirs: name -> files."""
    found: Dict[str, List[Path]] = {}
    pattern = re.compile(r"^(?:#define\s+([A-Za-z_]\w*)"
                         r"|(?:[A-Za-z_][\w \t\*\(\),]*?[\s\*])?([A-Za-z_]\w*)\s*\()")
    for d in dirs:
        for path in sorted((root / d).rglob("*.[ch]")):
            for line in path.read_text("utf-8", "replace").splitlines():
                m = pattern.match(line)
                if m:
                    found.setdefault(m.group(1) or m.group(2), []).append(path)
    return found


def functions_in(cell: str) -> List[str]:
    return FUNC.findall(cell)


def check_seed_tables(root: Path, docs: Iterable[str] = SEED_TABLE_DOCS) -> List[str]:
    defs = definitions(root, CODE_DIRS)
    problems = []
    for doc in docs:
        path = root / doc
        lines = path.read_text("utf-8").splitlines()
        starts = [i for i, line in enumerate(lines) if SEED_HEADING.match(line)]
        if not starts:
            problems.append(f"{doc}: no 'seed, upstream, here' table")
            continue
        rows = list(table_rows(lines, starts[0]))[1:]  # after the heading row
        if not rows:
            problems.append(f"{doc}:{starts[0] + 1}: the seed table has no rows")
        for n, cells in rows:
            names = functions_in(cells[0])
            if not names:
                problems.append(f"{doc}:{n}: a seed table row names no function")
                continue
            here = cells[-1]
            if NOT_HERE in here:
                reason = here.replace(NOT_HERE, "").strip(" :,.")
                if len(reason.split()) < 2:
                    problems.append(f"{doc}:{n}: {', '.join(names)} not here, with no reason")
                continue
            for name in names:
                if name not in defs:
                    problems.append(f"{doc}:{n}: {name}() is in the table but not in the code "
                                    f"(say {NOT_HERE} and why, or fix the name)")
    return problems


def ours(cell: str, root: Path) -> List[str]:
    """The files of this repository that a "here" cell names."""
    return [s for s in CODE_SPAN.findall(cell) if s.startswith(PATH_ROOTS)]


def check_tour(root: Path, doc: str = TOUR_DOC) -> List[str]:
    lines = (root / doc).read_text("utf-8").splitlines()
    problems = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("|"):
            i += 1
            continue
        header = [c.strip().lower() for c in lines[i].strip().strip("|").split("|")]
        rows = list(table_rows(lines, i))
        i += len(rows) + 1
        if "here" not in header:
            continue
        col = header.index("here")
        for n, cells in rows[1:]:
            files = ours(cells[col], root) if col < len(cells) else []
            for f in files:
                if not (root / f).exists():
                    problems.append(f"{doc}:{n}: {f} does not exist")
            text = "\n".join((root / f).read_text("utf-8", "replace")
                             for f in files if (root / f).is_file())
            if not files:
                continue
            for name in functions_in(cells[0]):
                if not re.search(rf"(^|#define\s+|[\s\*]){re.escape(name)}\s*\(", text, re.M):
                    problems.append(f"{doc}:{n}: {name}() is not in {', '.join(files)}")
    return problems


def named_paths(text: str) -> Iterable[Tuple[int, str]]:
    for n, line in enumerate(text.splitlines(), 1):
        for span in CODE_SPAN.findall(line):
            for word in span.split():
                word = word.strip(",;:()")
                if word.startswith(PATH_ROOTS) and "/" in word:
                    yield n, word.split(":")[0]


def check_paths(root: Path, globs: Iterable[str] = DOC_GLOBS) -> List[str]:
    problems = []
    for pattern in globs:
        for path in sorted(root.glob(pattern)):
            rel = path.relative_to(root)
            text = path.read_text("utf-8")
            lines = text.splitlines()
            for n, word in named_paths(text):
                if LINUX_CONTEXT.search(" ".join(lines[max(n - 2, 0):n])):
                    continue  # Linux's file, named as Linux's (this line or the one before)
                pattern = re.sub(r"<[^>]*>", "*", word).rstrip("/")
                if any(ch in pattern for ch in "*?["):
                    top = root / pattern.split("/")[0]
                    if not any(fnmatch.fnmatch(str(p.relative_to(root)), pattern)
                               for p in top.rglob("*")):
                        problems.append(f"{rel}:{n}: nothing matches {word}")
                elif not ((root / pattern).exists() or (root / "include" / pattern).exists()):
                    problems.append(f"{rel}:{n}: {word} does not exist")
            for n, line in enumerate(text.splitlines(), 1):
                for m in ISSUE.finditer(line):
                    problems.append(f"{rel}:{n}: '{m.group(0)}' points at an issue a reader "
                                    "cannot see: say what it asked instead")
    return problems


def check(root: Path) -> List[str]:
    return check_seed_tables(root) + check_tour(root) + check_paths(root)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Check that the docs describe the code.")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    problems = check(args.root)
    for p in problems:
        print(p)
    print(f"check_docs: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
