"""Unit tests of scripts/check_docs.py: the real docs pass, broken ones fail.

Run by `make test` through tests/runner/run.py --unit (suite docs_check),
or alone:  python3 -m unittest discover -s tests/docs -p 'test_*.py'
Each broken case builds a small tree of its own, so that the check is
seen to fail on exactly the breakage it is about.
"""

from __future__ import annotations

import sys
import tempfile
import unittest
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import check_docs  # noqa: E402

SEED_TABLE = """# Kernel threads

## Seed, upstream, here

| function | the seed | upstream | here |
|---|---|---|---|
| `kthread_park()` | parks | parks | parks |
{extra}
"""
WORKER_TABLE = """# Workers

## The API: seed, upstream, here

| function | the seed | upstream | here |
|---|---|---|---|
| `kthread_queue_work()` | queues | queues | queues |
"""
TOUR = """# Tour

| function | here | what it does |
|---|---|---|
| `kthread_park()` | `kernel/kthread.c` | parks |
{extra}
"""
CODE = """int kthread_park(struct task_struct *k)
{
	return 0;
}

bool kthread_queue_work(struct kthread_worker *worker,
			struct kthread_work *work)
{
	return true;
}
"""


def tree(root: Path, seed_extra: str = "", tour_extra: str = "", readme: str = "") -> Path:
    """A minimal repository: code, the three checked docs and a README."""
    for d in ("kernel", "include", "docs"):
        (root / d).mkdir(exist_ok=True)
    (root / "kernel" / "kthread.c").write_text(CODE)
    (root / "docs" / "kthread.md").write_text(SEED_TABLE.format(extra=seed_extra))
    (root / "docs" / "kthread_worker.md").write_text(WORKER_TABLE)
    (root / "docs" / "tour.md").write_text(TOUR.format(extra=tour_extra))
    (root / "README.md").write_text(readme or "See `kernel/kthread.c`.\n")
    return root


class CheckDocs(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.root = Path(self.tmp.name)

    def tearDown(self) -> None:
        self.tmp.cleanup()

    def problems(self, **kwargs) -> list:
        return check_docs.check(tree(self.root, **kwargs))

    def test_the_repository_docs_describe_the_code(self) -> None:
        self.assertEqual(check_docs.check(ROOT), [])

    def test_a_clean_small_tree_passes(self) -> None:
        self.assertEqual(self.problems(), [])

    def test_a_seed_function_missing_from_the_code_fails(self) -> None:
        found = self.problems(seed_extra="| `kthread_gone()` | a | b | c |")
        self.assertEqual(len(found), 1)
        self.assertIn("kthread_gone() is in the table but not in the code", found[0])

    def test_not_here_needs_a_reason(self) -> None:
        self.assertEqual(self.problems(
            seed_extra="| `kthread_use_mm()` | a | b | **not here**: no user memory |"), [])
        found = self.problems(seed_extra="| `kthread_use_mm()` | a | b | **not here** |")
        self.assertEqual(len(found), 1)
        self.assertIn("with no reason", found[0])

    def test_a_tour_function_not_in_its_file_fails(self) -> None:
        found = self.problems(tour_extra="| `kthread_unpark()` | `kernel/kthread.c` | x |")
        self.assertEqual(found, ["docs/tour.md:6: kthread_unpark() is not in kernel/kthread.c"])

    def test_a_tour_file_that_is_gone_fails(self) -> None:
        found = self.problems(tour_extra="| `kthread_park()` | `kernel/gone.c` | x |")
        self.assertIn("docs/tour.md:6: kernel/gone.c does not exist", found)

    def test_a_named_path_that_is_gone_fails(self) -> None:
        found = self.problems(readme="Read `scripts/trace/gone.py` first.\n")
        self.assertEqual(found, ["README.md:1: scripts/trace/gone.py does not exist"])

    def test_linux_files_and_included_headers_need_not_exist_here(self) -> None:
        (self.root / "include" / "kernel").mkdir(parents=True)
        (self.root / "include" / "kernel" / "kthread.h").write_text("")
        readme = ("Linux keeps it in `include/linux/kthread.h`.\n"
                  "Ours is `kernel/kthread.h`, included as such.\n")
        self.assertEqual(self.problems(readme=readme), [])

    def test_an_issue_number_fails(self) -> None:
        found = self.problems(readme="As issue 7 asks.\n")
        self.assertEqual(len(found), 1)
        self.assertIn("'issue 7' points at an issue", found[0])


if __name__ == "__main__":
    unittest.main()
