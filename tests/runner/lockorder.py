"""Check the lock order the kernel learned against the one docs/locking.md documents.

At the end of a test run the kernel's lock validator prints every
dependency it learned, "A was held while B was taken", one line each:

    lockdep: edge <class A> {<init site of A>} -> <class B> {<init site of B>}
    lockdep: end of dependencies

docs/locking.md holds the documented order as a table between two markers:

    <!-- lock-order-begin -->
    | rank | lock classes | ... |
    |---|---|---|
    | 10 | `cpu_hotplug_lock` | ... |
    | 20 | `kthread_workers_lock` | ... |
    <!-- lock-order-end -->

Each backquoted name is a class name as the validator prints it, or a
glob (fnmatch) matching several.  A dependency A -> B respects the order
when A's rank is smaller than B's: classes of one rank are never held
together.  Every class initialised in the kernel (a site under arch/,
kernel/, include/ or lib/) must be in the table; classes of the tests are
not checked.  The run also fails if validation was off at the end (a
report, see the WARNING in the log, turned it off).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

EDGE_RE = re.compile(r"lockdep: edge (?P<a>.+?) \{(?P<a_site>[^}]*)\} -> "
                     r"(?P<b>.+?) \{(?P<b_site>[^}]*)\}\s*$")
SUMMARY_RE = re.compile(r"lockdep: \d+ lock classes, \d+ dependencies.*validation (?P<state>on|off)")
END = "lockdep: end of dependencies"
BEGIN_MARK = "<!-- lock-order-begin -->"
END_MARK = "<!-- lock-order-end -->"
KERNEL_DIRS = ("arch/", "kernel/", "include/", "lib/")


@dataclass
class Edge:
    held: str
    held_site: str
    taken: str
    taken_site: str


@dataclass
class Dump:
    """What the kernel printed: its dependencies, and whether it still validated."""

    edges: List[Edge]
    validation_on: bool


def parse_order(doc: str) -> List[Tuple[int, str]]:
    """(rank, name or glob) for each class of the table in docs/locking.md."""
    if BEGIN_MARK not in doc or END_MARK not in doc:
        raise ValueError(f"no lock order table ({BEGIN_MARK} ... {END_MARK})")
    table = doc.split(BEGIN_MARK, 1)[1].split(END_MARK, 1)[0]
    order = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 2 or not cells[0].isdigit():
            continue
        for name in re.findall(r"`([^`]+)`", cells[1]):
            order.append((int(cells[0]), name))
    if not order:
        raise ValueError("the lock order table lists no class")
    return order


def parse_dump(log: str) -> Optional[Dump]:
    """The dependencies of a log, or None if the kernel printed none."""
    if END not in log:
        return None
    edges, validation_on = [], False
    for line in log.splitlines():
        match = EDGE_RE.search(line)
        if match:
            edges.append(Edge(match["a"], match["a_site"], match["b"], match["b_site"]))
            continue
        match = SUMMARY_RE.search(line)
        if match:
            validation_on = match["state"] == "on"
    return Dump(edges, validation_on)


def rank_of(name: str, order: List[Tuple[int, str]]) -> Optional[int]:
    """The rank of the first table entry naming @name, exactly or by glob."""
    for rank, pattern in order:
        if name == pattern:
            return rank
    for rank, pattern in order:
        if fnmatch.fnmatchcase(name, pattern):
            return rank
    return None


def is_kernel_site(site: str) -> bool:
    return site.startswith(KERNEL_DIRS)


def check(dump: Dump, order: List[Tuple[int, str]]) -> List[str]:
    """Every problem, one line each; empty when the learned order is documented."""
    problems = []
    if not dump.validation_on:
        problems.append("the lock validator was off at the end of the run: a report "
                        "(a WARNING above) turned it off")
    unknown = set()
    for edge in dump.edges:
        if not (is_kernel_site(edge.held_site) and is_kernel_site(edge.taken_site)):
            continue  # a lock of the tests: its order is the test's business
        held, taken = rank_of(edge.held, order), rank_of(edge.taken, order)
        for name, site, rank in ((edge.held, edge.held_site, held),
                                 (edge.taken, edge.taken_site, taken)):
            if rank is None and name not in unknown:
                unknown.add(name)
                problems.append(f"lock class {name} ({site}) is not in the lock order "
                                "table of docs/locking.md")
        if held is not None and taken is not None and held >= taken:
            problems.append(f"undocumented nesting: {edge.taken} (rank {taken}) taken "
                            f"while holding {edge.held} (rank {held}); docs/locking.md "
                            "allows only smaller ranks outside larger ones")
    return problems
