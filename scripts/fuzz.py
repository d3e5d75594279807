#!/usr/bin/env python3
"""Run the libFuzzer targets of tests/fuzz/ for a bounded time.

    fuzz.py --fuzz-dir build/fuzz --seconds 60 [--keep-corpus] [--seed N] TARGET...

For each target (build/fuzz/fuzz-TARGET, built by `make fuzz-build`):

 1. every committed input is replayed once: the seed corpus
    (tests/fuzz/corpus/TARGET/) and the inputs of crashes found and fixed
    (tests/fuzz/regressions/TARGET/).  Any of them failing fails the run;
 2. the target fuzzes for --seconds, starting from those inputs.  New
    inputs go to a scratch corpus (FUZZ_DIR/corpus/TARGET/, kept across
    runs with --keep-corpus, which `make fuzz` passes), never into the
    committed one.

A crash, a sanitizer report, a leak, a timeout (over 10 s for one input) or
a broken FUZZ_CHECK() fails the run; the input is saved under
FUZZ_DIR/crashes/TARGET/ and the message says how to replay it.  A fixed
crash's input goes to tests/fuzz/regressions/TARGET/.  The figures of the
run (executions, new inputs, seed) are printed, one line per target, and
written to FUZZ_DIR/stats.json.  Exit status: 0 when nothing failed.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True
ROOT = Path(__file__).resolve().parent.parent
FUZZ = ROOT / "tests" / "fuzz"

# Largest input worth trying, per target: a little over the real ones.
MAX_LEN = {"multiboot2": 4096, "acpi": 1024, "cmdline": 1024}


def committed_inputs(target):
    files = []
    for kind in ("corpus", "regressions"):
        d = FUZZ / kind / target
        if d.is_dir():
            files += sorted(p for p in d.iterdir() if p.is_file())
    return files


def replay(binary, target, files):
    """Runs each committed input once; returns an error message or None."""
    if not files:
        return "no committed inputs in tests/fuzz/corpus/%s/" % target
    proc = subprocess.run([str(binary)] + [str(f) for f in files],
                          capture_output=True, text=True)
    if proc.returncode:
        sys.stderr.write(proc.stderr[-4000:])
        return "a committed input fails: %s %s" % (binary, " ".join(str(f) for f in files))
    return None


def stat(text, name):
    m = re.search(r"stat::%s:\s+(\d+)" % name, text)
    return int(m.group(1)) if m else 0


def fuzz(binary, target, seconds, work, crashes, seed):
    crashes.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    dirs = [work] + [FUZZ / kind / target for kind in ("corpus", "regressions")
                     if (FUZZ / kind / target).is_dir()]
    args = [str(binary), "-max_total_time=%d" % seconds, "-timeout=10",
            "-rss_limit_mb=2048", "-max_len=%d" % MAX_LEN.get(target, 4096),
            "-use_value_profile=1", "-print_final_stats=1", "-seed=%d" % seed,
            "-artifact_prefix=%s/" % crashes] + [str(d) for d in dirs]
    start = time.monotonic()
    proc = subprocess.run(args, capture_output=True, text=True)
    result = {
        "target": target,
        "seconds": round(time.monotonic() - start, 1),
        "seed": seed,
        "executions": stat(proc.stderr, "number_of_executed_units"),
        "new_inputs": stat(proc.stderr, "new_units_added"),
        "crash": None,
    }
    if proc.returncode:
        found = re.findall(r"Test unit written to (\S+)", proc.stderr)
        sys.stderr.write(proc.stderr[-6000:])
        result["crash"] = found[-1] if found else "(no input saved)"
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fuzz-dir", default="build/fuzz", type=Path)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--seed", type=int, default=0,
                    help="libFuzzer's seed (default: from the clock, printed)")
    ap.add_argument("--keep-corpus", action="store_true",
                    help="keep the inputs found in FUZZ_DIR/corpus/ for the next run")
    ap.add_argument("targets", nargs="+")
    args = ap.parse_args()

    failed, results = [], []
    for target in args.targets:
        binary = args.fuzz_dir / ("fuzz-" + target)
        err = replay(binary, target, committed_inputs(target))
        if err:
            print("fuzz %s: FAIL: %s" % (target, err))
            failed.append(target)
            continue
        work = args.fuzz_dir / "corpus" / target
        if not args.keep_corpus:
            shutil.rmtree(work, ignore_errors=True)
        seed = args.seed or (int(time.time() * 1000) & 0x7fffffff) or 1
        r = fuzz(binary, target, args.seconds, work, args.fuzz_dir / "crashes" / target, seed)
        results.append(r)
        line = "fuzz %s: %d executions in %.0f s, %d new inputs, seed %d" % (
            target, r["executions"], r["seconds"], r["new_inputs"], seed)
        if r["crash"]:
            failed.append(target)
            print(line + ": FAIL: crash saved as " + r["crash"])
            print("    replay it:  %s %s" % (binary, r["crash"]))
            print("    once fixed, keep it:  cp %s tests/fuzz/regressions/%s/"
                  % (r["crash"], target))
        else:
            print(line + ", no crash")
    args.fuzz_dir.mkdir(parents=True, exist_ok=True)
    (args.fuzz_dir / "stats.json").write_text(json.dumps(results, indent=2) + "\n")
    total = sum(r["executions"] for r in results)
    print("fuzz: %d targets, %d executions, %s" % (
        len(args.targets), total, "FAIL: " + " ".join(failed) if failed else "no crash"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
