"""A parser for KTAP version 1, as the test kernel and the host tests print it.

The format is described in docs/testing.md and in Linux's
Documentation/dev-tools/ktap.rst.  In short:

    KTAP version 1                  version line, starts every (sub)test
    1..N                            plan: how many results follow at this level
    ok 1 name                       result (optionally "# SKIP reason")
    not ok 2 name
    # anything                      diagnostic line
    # RUN suite.case                ktest's "this case starts now" diagnostic
    anything else                   kernel log line: ignored, kept for context

Subtests (ktest's suites) are indented further than their parent and begin
with their own version line; their result line comes at the parent's
indentation once the subtest is over.

The parser never gives up: it builds the tree it can and lists what is wrong
in `Report.problems`, because a log truncated by a panic still has results
worth reporting.  Deciding what a problem means for a run (a truncated log is
expected after a panic, not after a clean exit) is run.py's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

PASS = "pass"
FAIL = "fail"
SKIP = "skip"

PANIC_MARKER = "Kernel panic - not syncing:"

# The first line of each watchdog report (docs/debugging.md): any of them
# fails a run, whatever the KTAP says.
WATCHDOG_RES = (
    re.compile(r"BUG: soft lockup - CPU#\d+ stuck for"),
    re.compile(r"BUG: timer stall - CPU#\d+"),
    re.compile(r"Watchdog detected hard LOCKUP on cpu \d+"),
    re.compile(r"INFO: task \S.* blocked for more than \d+ seconds"),
    re.compile(r"INFO: work \S+ on kthread_worker \S.* running for more than"),
)
# Lines of a report kept for the summary (header, registers, call trace).
WATCHDOG_REPORT_LINES = 40

# printk's "[   12.345678] " timestamp and, with SMP, "[CPU1] " after it.
_TIMESTAMP_RE = re.compile(r"^\[\s*\d+\.\d+\]\s?")
_CPU_TAG_RE = re.compile(r"^\[CPU\d+\]\s?")

_VERSION_RE = re.compile(r"^(KTAP|TAP) version (\d+)$")
_PLAN_RE = re.compile(r"^1\.\.(\d+)(?:\s*#.*)?$")
_RESULT_RE = re.compile(r"^(?P<ok>not ok|ok)(?:\s+(?P<number>\d+))?(?P<rest>\s.*)?$")
_RUN_RE = re.compile(r"^#\s*RUN\s+(\S+)")
_SUBTEST_RE = re.compile(r"^#\s*Subtest:\s*(.*)$")
_BAIL_RE = re.compile(r"^Bail out!")
_SKIP_RE = re.compile(r"^(SKIP\w*|TODO)(?!\w):?\s*(.*)$", re.IGNORECASE)

SUPPORTED_VERSIONS = {("KTAP", 1), ("TAP", 13), ("TAP", 14)}

TOP_LEVEL = "(top level)"


def strip_prefix(line: str) -> str:
    """Remove the printk timestamp and CPU tag, keeping KTAP's indentation.

    Being liberal here (any amount of padding inside the brackets, an
    optional single space after them) lets the same parser read kernel logs
    and the unprefixed output of the host tests.
    """
    line = _TIMESTAMP_RE.sub("", line, count=1)
    return _CPU_TAG_RE.sub("", line, count=1)


@dataclass(eq=False)
class Test:
    """One node of the KTAP tree: a case, or a suite with subtests.

    `status` stays None until the test's result line has been read, so an
    unfinished suite (the log ended inside it) is still visible in the tree.
    """

    name: str = ""
    number: Optional[int] = None
    status: Optional[str] = None
    directive: str = ""
    reason: str = ""
    plan: Optional[int] = None
    is_block: bool = False  # has its own KTAP block: a suite, even if empty
    diagnostics: List[str] = field(default_factory=list)
    log: List[str] = field(default_factory=list)
    subtests: List["Test"] = field(default_factory=list)
    line: int = 0

    @property
    def finished(self) -> bool:
        return self.status is not None


@dataclass
class Case:
    """A counted result: a case of a suite, as people and totals see it."""

    suite: str
    name: str
    status: str
    diagnostics: List[str] = field(default_factory=list)
    reason: str = ""

    @property
    def full_name(self) -> str:
        """`suite.case`, the name `# RUN` lines and ktest.filter= use."""
        if self.suite and self.name:
            return f"{self.suite}.{self.name}"
        return self.suite or self.name


@dataclass
class Suite:
    """A suite and the cases counted for it."""

    name: str
    cases: List[Case] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for case in self.cases if case.status == status)


@dataclass
class Report:
    """Everything the runner needs from one log."""

    root: Optional[Test]
    problems: List[str]
    running: Optional[str]  # the last `# RUN` case with no result after it
    last_run: Optional[str]  # the last `# RUN` case at all
    open_suites: List[str]  # suites the log ended inside, outermost first
    panic: Optional[str]  # the "Kernel panic - not syncing: ..." text
    lines: List[str]  # every line, prefixes stripped
    watchdog: List[List[str]] = field(default_factory=list)  # each report's lines

    @property
    def started(self) -> bool:
        """True once any case started, for "timeout before any test"."""
        return self.last_run is not None

    @property
    def suites(self) -> List[Suite]:
        return build_suites(self.root) if self.root else []

    @property
    def cases(self) -> List[Case]:
        return [case for suite in self.suites for case in suite.cases]

    def failing(self) -> List[Case]:
        return [case for case in self.cases if case.status == FAIL]

    def counts(self) -> Tuple[int, int, int]:
        """(passed, failed, skipped) over the counted cases."""
        cases = self.cases
        return tuple(sum(1 for c in cases if c.status == s)  # type: ignore
                     for s in (PASS, FAIL, SKIP))


def build_suites(root: Test) -> List[Suite]:
    """Flatten the tree to suites of cases, the unit people read and count.

    A top-level block is a suite; its finished subtests are its cases.  A
    suite whose result is all it has (no cases, e.g. skipped as a whole)
    counts as one case, and a suite that failed with no failing case (say,
    its init failed) counts one failure, so no failure goes uncounted.
    Top-level results without a block of their own (flat KTAP) are gathered
    in one pseudo-suite.
    """
    suites: List[Suite] = []
    loose = Suite(TOP_LEVEL)
    for test in root.subtests:
        if test.is_block:
            suites.append(_suite_of(test))
        elif test.finished:
            loose.cases.append(_case_of("", test))
    if loose.cases:
        suites.append(loose)
    return suites


def _suite_of(block: Test) -> Suite:
    suite = Suite(block.name)
    suite.cases = [_case_of(block.name, t) for t in block.subtests if t.finished]
    if block.finished and not suite.cases:
        suite.cases.append(_case_of("", block))
    elif block.status == FAIL and not suite.count(FAIL):
        case = _case_of(block.name, block)
        case.name = "(suite result)"
        suite.cases.append(case)
    return suite


def _case_of(suite: str, test: Test) -> Case:
    return Case(suite, test.name, test.status or FAIL,
                test.diagnostics + _nested_failures(test), test.reason)


def _nested_failures(test: Test) -> List[str]:
    """Diagnostics of failing sub-cases (parameterised cases) of a case."""
    lines: List[str] = []
    for sub in test.subtests:
        if sub.status == FAIL:
            lines.append(f"# {test.name}.{sub.name}: not ok")
            lines.extend(sub.diagnostics)
            lines.extend(_nested_failures(sub))
    return lines


@dataclass
class _Frame:
    """A test whose KTAP block is open, and what was read since its last result."""

    test: Test
    indent: int
    versioned: bool
    has_content: bool = False  # a plan or result was read at this level
    pending: Optional[Test] = None  # closed subtest awaiting its result line
    diagnostics: List[str] = field(default_factory=list)
    log: List[str] = field(default_factory=list)


class _Parser:
    """Line-at-a-time KTAP parser keeping a stack of open blocks.

    Only version, plan, result and `# Subtest:` lines define structure;
    diagnostics and other lines never open or close a block, so a badly
    indented `# RUN` or kernel message cannot derail the parse.
    """

    def __init__(self) -> None:
        self.stack: List[_Frame] = []
        self.problems: List[str] = []
        self.lines: List[str] = []
        self.running: Optional[str] = None
        self.run_frame: Optional[_Frame] = None
        self.last_run: Optional[str] = None
        self.panic: Optional[str] = None
        self.watchdog: List[List[str]] = []
        self.watchdog_open = False  # the last report is still being read

    # -- entry points ---------------------------------------------------

    def feed(self, number: int, raw: str) -> None:
        body = strip_prefix(raw.rstrip("\r\n"))
        self.lines.append(body)
        if self.panic is None and PANIC_MARKER in body:
            self.panic = body[body.index(PANIC_MARKER):].strip()
        text = body.strip()
        indent = len(body) - len(body.lstrip())
        self._watchdog(text)
        for regex, handler in self._handlers():
            match = regex.match(text)
            if match:
                handler(number, indent, text, match)
                return
        if text.startswith("#"):
            self._diagnostic(text)
        elif text:
            self._other(text)

    def finish(self) -> Report:
        open_suites = [frame.test.name for frame in self.stack[1:]]
        if not self.stack:
            self.problems.append("no KTAP output (no 'KTAP version 1' line)")
        else:
            while len(self.stack) > 1:
                self._close_top(eof=True)
            self._flag_pending(self.stack[0], eof=True)
            self._check_plan(self.stack[0])
            self._check_bubbling(self.stack[0].test)
        root = self.stack[0].test if self.stack else None
        return Report(root, self.problems, self.running, self.last_run,
                      open_suites, self.panic, self.lines, self.watchdog)

    def _watchdog(self, text: str) -> None:
        """Collect watchdog reports: a header line and what follows it, up
        to the next KTAP line or WATCHDOG_REPORT_LINES lines."""
        for regex in WATCHDOG_RES:
            match = regex.search(text)
            if match:
                self.watchdog.append([text[match.start():]])
                self.watchdog_open = True
                return
        if not self.watchdog_open:
            return
        report = self.watchdog[-1]
        structural = any(regex.match(text) for regex in
                         (_VERSION_RE, _PLAN_RE, _RESULT_RE, _RUN_RE, _SUBTEST_RE))
        if structural or len(report) >= WATCHDOG_REPORT_LINES:
            self.watchdog_open = False
        elif text:
            report.append(text)

    def _handlers(self):
        return ((_VERSION_RE, self._version), (_PLAN_RE, self._plan),
                (_RESULT_RE, self._result), (_RUN_RE, self._run),
                (_SUBTEST_RE, self._subtest), (_BAIL_RE, self._bail))

    # -- structure --------------------------------------------------------

    def _top_for(self, number: int, indent: int, versioned: bool) -> _Frame:
        """The frame a structural line at `indent` belongs to.

        Closes the blocks the line's indentation has left; creates the root
        if this is the first KTAP line (complaining if it is not a version
        line).
        """
        if not self.stack:
            if not versioned:
                self.problems.append(f"missing 'KTAP version 1' line before line {number}")
            self.stack.append(_Frame(Test(name=TOP_LEVEL, is_block=True), indent, versioned))
            return self.stack[0]
        while len(self.stack) > 1 and indent < self.stack[-1].indent:
            self._close_top()
        return self.stack[-1]

    def _open(self, parent: _Frame, number: int, indent: int, name: str,
              versioned: bool) -> _Frame:
        """Start a subtest block under `parent`."""
        self._flag_pending(parent)
        test = Test(name=name, is_block=True, line=number)
        parent.test.subtests.append(test)
        frame = _Frame(test, indent, versioned)
        self.stack.append(frame)
        return frame

    def _open_unversioned(self, parent: _Frame, number: int, indent: int) -> _Frame:
        self.problems.append(f"line {number}: subtest without a 'KTAP version' line")
        return self._open(parent, number, indent, "", versioned=True)

    def _close_top(self, eof: bool = False) -> None:
        """End the innermost block; its result line should come next."""
        frame = self.stack.pop()
        self._flag_pending(frame, eof)
        self._check_plan(frame)
        parent = self.stack[-1]
        parent.pending = frame.test
        # Lines after the last case (e.g. ktest's "# suite: pass:.." summary)
        # precede the suite's own result line, so they are the suite's.
        parent.diagnostics.extend(frame.diagnostics)
        parent.log.extend(frame.log)

    def _flag_pending(self, frame: _Frame, eof: bool = False) -> None:
        """Complain about a closed subtest that never got its result line."""
        if frame.pending is None:
            return
        name = frame.pending.name or f"#{len(frame.test.subtests)}"
        where = "output ends inside it" if eof else "another test started"
        self.problems.append(f"suite '{name}' has no result line ({where})")
        frame.pending = None

    def _check_plan(self, frame: _Frame) -> None:
        results = sum(1 for t in frame.test.subtests if t.finished)
        is_root = frame is self.stack[0] if self.stack else True
        where = "at top level" if is_root else f"in suite '{frame.test.name}'"
        plan = frame.test.plan
        if plan is None:
            if is_root:
                self.problems.append(f"no plan line {where}")
        elif plan != results:
            self.problems.append(
                f"plan mismatch {where}: planned {plan}, got {results} results")

    def _check_bubbling(self, test: Test) -> None:
        """A passing parent with a failing child means the KTAP lies somewhere."""
        for sub in test.subtests:
            self._check_bubbling(sub)
            if test.status == PASS and sub.status == FAIL:
                self.problems.append(
                    f"'{test.name}' is 'ok' but its subtest '{sub.name}' failed")

    # -- line handlers --------------------------------------------------

    def _version(self, number: int, indent: int, text: str, match) -> None:
        if (match.group(1), int(match.group(2))) not in SUPPORTED_VERSIONS:
            self.problems.append(f"line {number}: unsupported version '{text}'")
        top = self._top_for(number, indent, versioned=True)
        is_root = top is self.stack[0]
        if indent > top.indent:
            self._open(top, number, indent, "", versioned=True)
        elif not top.versioned and not top.has_content:
            top.versioned = True  # the block was opened by "# Subtest:"
        elif not is_root and top.has_content:
            # A sibling block starts where the previous one's result line
            # should have been: close it (which flags the missing result).
            self._close_top()
            self._open(self.stack[-1], number, indent, "", versioned=True)
        elif not is_root or top.has_content or top.test.subtests:
            self.problems.append(f"line {number}: unexpected version line "
                                 "(output restarted?)")

    def _plan(self, number: int, indent: int, text: str, match) -> None:
        top = self._top_for(number, indent, versioned=False)
        if indent > top.indent:
            top = self._open_unversioned(top, number, indent)
        if top.test.plan is not None:
            self.problems.append(f"line {number}: second plan line '{text}'")
            return
        top.test.plan = int(match.group(1))
        top.has_content = True

    def _result(self, number: int, indent: int, text: str, match) -> None:
        top = self._top_for(number, indent, versioned=False)
        if indent > top.indent:
            top = self._open_unversioned(top, number, indent)
        description, _, comment = (match.group("rest") or "").partition("#")
        description = description.strip()
        test = self._result_target(top, number, description)
        self._check_number(number, match.group("number"), len(top.test.subtests))
        test.number = int(match.group("number")) if match.group("number") else None
        test.line = number
        test.status, test.directive, test.reason = _status_of(
            match.group("ok") == "ok", comment.strip())
        test.diagnostics.extend(top.diagnostics)
        test.log.extend(top.log)
        top.diagnostics, top.log = [], []
        top.has_content = True
        if self.run_frame is top:
            self.running, self.run_frame = None, None

    def _result_target(self, top: _Frame, number: int, description: str) -> Test:
        """The test a result line finishes: the subtest just closed, or a new case."""
        if top.pending is None:
            test = Test(name=description)
            top.test.subtests.append(test)
            return test
        test, top.pending = top.pending, None
        if not test.name:
            test.name = description
        elif description and description != test.name:
            self.problems.append(f"line {number}: result '{description}' "
                                 f"does not match subtest '{test.name}'")
        return test

    def _check_number(self, line: int, number: Optional[str], expected: int) -> None:
        if number is None:
            self.problems.append(f"line {line}: result without a test number")
        elif int(number) != expected:
            self.problems.append(f"line {line}: result numbered {number}, "
                                 f"expected {expected} (out of order)")

    def _run(self, number: int, indent: int, text: str, match) -> None:
        """`# RUN suite.case`: remember who to blame if the log ends here."""
        self.running = self.last_run = match.group(1)
        self.run_frame = self.stack[-1] if self.stack else None
        if self.run_frame:
            # A case's diagnostics are those printed after its RUN line.
            self.run_frame.diagnostics, self.run_frame.log = [], []

    def _subtest(self, number: int, indent: int, text: str, match) -> None:
        name = match.group(1).strip()
        if not self.stack:
            self._top_for(number, indent, versioned=False)
            self.stack[0].test.name = name
            return
        top = self.stack[-1]
        if indent > top.indent:
            self._open(top, number, indent, name, versioned=False)
        elif not top.has_content and not top.test.name and top is not self.stack[0]:
            top.test.name = name
        else:
            self._diagnostic(text)

    def _bail(self, number: int, indent: int, text: str, match) -> None:
        self.problems.append(f"line {number}: {text}")

    def _diagnostic(self, text: str) -> None:
        if self.stack:
            self.stack[-1].diagnostics.append(text)

    def _other(self, text: str) -> None:
        if self.stack:
            self.stack[-1].log.append(text)


def _status_of(ok: bool, comment: str) -> Tuple[str, str, str]:
    """(status, directive, reason) from a result's "ok" and its "# ..." part.

    SKIP counts as skipped whether the line says ok or not ok, as ktap.rst
    allows; TODO (known broken) is counted as skipped too, so it neither
    passes nor fails the run.  Other directives fall back to ok / not ok.
    """
    match = _SKIP_RE.match(comment)
    if match:
        return SKIP, match.group(1).upper(), match.group(2).strip()
    directive = comment.split()[0] if comment else ""
    return (PASS if ok else FAIL), directive, comment


def parse(text: str) -> Report:
    """Parse a whole log (serial capture or host-test stdout)."""
    parser = _Parser()
    for number, line in enumerate(text.splitlines(), 1):
        parser.feed(number, line)
    return parser.finish()
