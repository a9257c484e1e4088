"""corpus-lint's boilerplate rules on the shared boilerplate bench, scored by the bench's scorer.

    python benchmarks/boilerplate_bench.py BENCH_DIR            # the scraped text (docs/)
    python benchmarks/boilerplate_bench.py BENCH_DIR --html     # the original pages (html/)

BENCH_DIR holds docs/, gold/, html/ and score.py (the scraped-text version of scrapinghub's
article-extraction-benchmark). The script lints docs/ (or html/) with every default rule in
one process, writes the findings as a JSON report, runs the bench's own ``score.py`` on it
(with the C4 anchor for text, the trafilatura anchor for HTML) and prints the boilerplate
class's precision, recall and F1 by lines and by characters beside the anchors'.

For HTML the report names ``html/<id>.html.gz``; score.py matches findings to docs by file
name (``<id>.txt``, or the same stem), so the paths are mapped to ``<id>.txt`` first. The
offsets need no mapping: corpus-lint's text of a page is html-text's, the same text as
docs/ (the script says how many pages differ).

``--by-rule`` adds, per rule, the scored lines it flags (>= 50% of their non-space characters
covered, the scorer's rule): how many are gold BOILERPLATE, how many gold CONTENT (false
positives), and how many lines only that rule flags. Output on stdout is deterministic;
timings go to stderr and to the last lines of stdout under "time".
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

from corpus_lint.config import Config, ConfigError
from corpus_lint.engine import Finding, LintSpec, run
from corpus_lint.registry import RuleError

TARGETS = {
    "text": {"precision": 0.95, "recall": 0.85},
    "html": {"precision": 0.975, "recall": 0.931},
}


def load_scorer(bench: Path) -> ModuleType:
    path = bench / "score.py"
    spec = importlib.util.spec_from_file_location("bench_score", path)
    if spec is None or spec.loader is None:
        sys.exit(f"error: cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_score"] = module  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


def doc_name(path: str) -> str:
    """The docs/ file name a finding's path stands for (html/<id>.html.gz -> <id>.txt)."""
    base = Path(path).name
    for suffix in (".html.gz", ".htm.gz", ".html", ".htm", ".txt"):
        if base.endswith(suffix):
            return base[: -len(suffix)] + ".txt"
    return base


def lint(folder: Path, select: list[str] | None, ignore: list[str]) -> tuple[Any, float]:
    spec = LintSpec(config=Config(root=folder.parent), select=select, ignore=ignore)
    started = time.perf_counter()
    cpu = time.process_time()
    result = run([str(folder)], spec, jobs=1, progress=False)
    print(f"corpus-lint CPU time: {time.process_time() - cpu:.1f}s", file=sys.stderr)
    return result, time.perf_counter() - started


def write_report(findings: list[Finding], path: Path) -> int:
    rows = []
    for f in findings:
        if f.category != "boilerplate":
            continue
        rows.append(
            {
                "path": doc_name(f.path),
                "rule": f.rule,
                "category": f.category,
                "span": {"start": f.start, "end": f.end},
            }
        )
    path.write_text(json.dumps({"findings": rows}, ensure_ascii=False), encoding="utf-8")
    return len(rows)


def run_scorer(bench: Path, report: Path, anchors: list[str], out_json: Path) -> dict[str, Any]:
    cmd = [sys.executable, str(bench / "score.py"), str(bench), "--report", str(report)]
    for a in anchors:
        cmd += ["--anchor", a]
    cmd += ["--json", str(out_json)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"error: score.py failed:\n{proc.stderr}")
    for line in proc.stderr.splitlines():
        if line.startswith("note:") and "findings used" not in line:
            print(f"scorer {line}", file=sys.stderr)
    data: dict[str, Any] = json.loads(out_json.read_text(encoding="utf-8"))
    return data


def by_rule(
    scorer: ModuleType, bench: Path, findings: list[Finding], fp_lines: list[str]
) -> list[tuple[str, int, int, int, int, int, int]]:
    """(rule, flagged lines, BP lines, FP lines, FP chars, lines only this rule flags, FP of those).

    Appends "rule doc:line: text" of every false positive to ``fp_lines``.
    """
    docs = scorer.load_docs(bench, "aligned")
    by_doc: dict[str, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for f in findings:
        if f.category == "boilerplate":
            by_doc[doc_name(f.path)][f.rule].append((f.start, f.end))
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    for d in docs:
        rules = by_doc.get(d.name)
        if not rules:
            continue
        flagged_by: list[list[str]] = [[] for _ in d.lines]
        for rule, spans in rules.items():
            cov = bytearray(len(d.text))
            for s, e in spans:
                cov[max(0, s) : min(len(d.text), e)] = b"\x01" * max(0, min(len(d.text), e) - s)
            for i, ln in enumerate(d.lines):
                hit = sum(1 for k in range(ln.start, ln.end) if cov[k] and not d.text[k].isspace())
                if ln.weight and hit >= scorer.COVER * ln.weight:
                    flagged_by[i].append(rule)
        for ln, gold_bp, rs in zip(d.lines, d.labels, flagged_by, strict=True):
            for rule in rs:
                st = stats[rule]
                st[0] += 1
                if gold_bp:
                    st[1] += 1
                else:
                    st[2] += 1
                    st[3] += ln.weight
                    fp_lines.append(f"{rule} {d.name[:12]}:{ln.no}: {ln.text.strip()[:100]}")
                if len(rs) == 1:
                    st[4] += 1
                    if not gold_bp:
                        st[5] += 1
    return [(r, *v) for r, v in sorted(stats.items())]  # type: ignore[misc]


def fmt(x: float | None) -> str:
    return "     -" if x is None else f"{x:6.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("bench", type=Path, help="the boilerplate bench folder (docs/, gold/, html/)")
    ap.add_argument("--html", action="store_true", help="lint the pages in html/ instead of docs/")
    ap.add_argument(
        "--select",
        action="append",
        help="rules to run, comma-separated (default: every default rule)",
    )
    ap.add_argument("--ignore", action="append", default=[], help="rules to leave out")
    ap.add_argument("--no-anchors", action="store_true", help="do not run the anchors")
    ap.add_argument("--by-rule", action="store_true", help="lines flagged per rule, with FPs")
    ap.add_argument(
        "--show-fp",
        action="store_true",
        help="with --by-rule, print every gold CONTENT line a rule flags",
    )
    ap.add_argument(
        "--examples",
        type=int,
        default=0,
        metavar="N",
        help="pass --examples N to the scorer and print its examples",
    )
    ap.add_argument("--report", type=Path, help="keep the JSON report here")
    args = ap.parse_args(argv)

    bench: Path = args.bench.resolve()
    kind = "html" if args.html else "text"
    folder = bench / ("html" if args.html else "docs")
    if not folder.is_dir() or not (bench / "score.py").is_file():
        sys.exit(f"error: {bench} has no {folder.name}/ or score.py")

    select = [x for s in args.select for x in s.split(",") if x] if args.select else None
    ignore = [x for s in args.ignore for x in s.split(",") if x]
    try:
        result, lint_s = lint(folder, select, ignore)
    except (ConfigError, RuleError) as exc:
        sys.exit(f"error: {exc}")
    mb = sum(d["length"] for d in result.documents) / 1e6
    print(
        f"corpus-lint: {len(result.documents)} documents ({mb:.2f} MB of text) "
        f"in {lint_s:.1f}s ({mb / lint_s:.2f} MB/s, one process)",
        file=sys.stderr,
    )

    with tempfile.TemporaryDirectory() as tmp:
        report = args.report or Path(tmp) / "report.json"
        n = write_report(result.findings, report)
        anchors = [] if args.no_anchors else (["trafilatura"] if args.html else ["c4"])
        started = time.perf_counter()
        if args.examples:
            cmd = [
                sys.executable,
                str(bench / "score.py"),
                str(bench),
                "--report",
                str(report),
                "--examples",
                str(args.examples),
            ]
            out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
            print(out[out.find("\n", out.find("-----")) + 1 :])
        scores = run_scorer(bench, report, anchors, Path(tmp) / "score.json")
        score_s = time.perf_counter() - started

    if args.html:
        scorer = load_scorer(bench)
        same = 0
        for d in result.documents:
            p = bench / "docs" / doc_name(d["path"])
            if p.exists() and len(p.read_text(encoding="utf-8")) == d["length"]:
                same += 1
        print(
            f"pages whose text has the length of docs/<id>.txt: {same} of {len(result.documents)}",
            file=sys.stderr,
        )

    print(
        f"boilerplate bench, {kind} ({folder.name}/): {scores['docs']} docs, "
        f"{scores['scored_lines']} scored lines, {n} boilerplate findings"
    )
    head = (
        f"{'predictor':<22} {'line P':>6} {'line R':>6} {'line F1':>7}  "
        f"{'char P':>6} {'char R':>6} {'char F1':>7}"
    )
    print(head)
    print("-" * len(head))
    names = {f"report:{report.name}": "corpus-lint"}
    for key, label in [*names.items(), *((a, f"anchor: {a}") for a in anchors)]:
        pr = scores["predictors"][key]
        ln, ch = pr["lines"], pr["chars"]
        print(
            f"{label:<22} {fmt(ln['precision'])} {fmt(ln['recall'])} {fmt(ln['f1']):>7}  "
            f"{fmt(ch['precision'])} {fmt(ch['recall'])} {fmt(ch['f1']):>7}"
        )
    ours = scores["predictors"][f"report:{report.name}"]["chars"]
    target = TARGETS[kind]
    met = ours["precision"] >= target["precision"] and ours["recall"] >= target["recall"]
    print(
        f"target by chars: P >= {target['precision']}, R >= {target['recall']}: "
        f"{'met' if met else 'NOT met'} (P {ours['precision']:.4f}, R {ours['recall']:.4f})"
    )
    counts = scores["predictors"][f"report:{report.name}"]
    print(
        f"lines TP {counts['lines']['tp']} FP {counts['lines']['fp']} FN {counts['lines']['fn']}"
        f"; chars TP {ours['tp']} FP {ours['fp']} FN {ours['fn']}"
    )

    if args.by_rule:
        scorer = load_scorer(bench)
        print(
            f"\n{'rule':<8} {'lines':>6} {'BP':>6} {'FP':>5} {'FP chars':>8} "
            f"{'only':>6} {'only FP':>7}"
        )
        fps: list[str] = []
        for rule, total, bp, fp, fp_chars, only, only_fp in by_rule(
            scorer, bench, result.findings, fps
        ):
            print(f"{rule:<8} {total:6d} {bp:6d} {fp:5d} {fp_chars:8d} {only:6d} {only_fp:7d}")
        if args.show_fp:
            print("\nflagged gold CONTENT lines:")
            for line in sorted(fps):
                print("  " + line)
    print(f"time: lint {lint_s:.1f}s, scoring {score_s:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
