"""Throughput of the date rules (DT) on the shared bench texts, beside the other families.

    python benchmarks/dates_bench.py BENCH_DIR [--repeat 3] [--findings] [--families]

BENCH_DIR holds ``docs/*.txt`` (the shared boilerplate bench).  The script lints
every page in this process, as the engine does (one fresh Document per page and
run, so no cached parse is reused between runs), and prints KB/s:

* of all DT rules together (the parse is shared through ``doc.cache``),
* of the date parse alone, and of each DT rule alone (parse included),
* with ``--families``, of every other rule family alone, for comparison,
* with ``--findings``, every DT finding on the bench pages.

KB means 1000 bytes of UTF-8 text.  Times are CPU time of this process
(``time.process_time``), so other processes on a shared machine disturb them
less than wall time; the best of ``--repeat`` runs is kept.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from corpus_lint.config import Config
from corpus_lint.dates_analysis import analyse
from corpus_lint.document import Document
from corpus_lint.engine import LintSpec, RuleSet

DT_RULES = ("DT001", "DT002", "DT003", "DT004", "DT005", "DT006", "DT007", "DT008")


def load(bench: Path) -> list[tuple[str, str]]:
    docs = sorted((bench / "docs").glob("*.txt"))
    if not docs:
        sys.exit(f"no docs/*.txt under {bench}")
    return [(p.name, p.read_text("utf-8")) for p in docs]


def fresh(texts: list[tuple[str, str]]) -> list[Document]:
    return [Document(text=t, path=f"docs/{n}", id=n) for n, t in texts]


def time_rules(select: list[str], texts: list[tuple[str, str]], repeat: int) -> float:
    """Best wall time (s) of linting every page with the selected rules."""
    rules = RuleSet(LintSpec(config=Config(), select=select))
    best = float("inf")
    for _ in range(repeat):
        docs = fresh(texts)
        t0 = time.process_time()
        for d in docs:
            rules.lint(d)
        best = min(best, time.process_time() - t0)
    return best


def time_parse(texts: list[tuple[str, str]], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        docs = fresh(texts)
        t0 = time.process_time()
        for d in docs:
            analyse(d)
        best = min(best, time.process_time() - t0)
    return best


def families() -> list[str]:
    """Rule families with at least one default per-document rule besides input checks."""
    rules = RuleSet(LintSpec(config=Config()))
    return sorted({a.rule.code[:2] for a in rules.document_rules + rules.corpus_rules})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bench", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--findings", action="store_true", help="print every DT finding")
    ap.add_argument("--families", action="store_true", help="time every other family too")
    args = ap.parse_args()

    texts = load(args.bench)
    kb = sum(len(t.encode("utf-8")) for _, t in texts) / 1000
    print(f"{len(texts)} pages, {kb:,.0f} KB of text, best of {args.repeat} runs")

    def row(label: str, seconds: float) -> None:
        print(f"  {label:<34} {kb / seconds:>10,.0f} KB/s  ({seconds * 1000:,.0f} ms)")

    row("DT, all rules (default + DT008)", time_rules(list(DT_RULES), texts, args.repeat))
    row("date parse only (shared)", time_parse(texts, args.repeat))
    for code in DT_RULES:
        row(code, time_rules([code], texts, args.repeat))

    if args.families:
        print("other families (default rules of each, alone):")
        for prefix in families():
            if prefix == "DT":
                continue
            row(prefix, time_rules([prefix], texts, args.repeat))

    if args.findings:
        rules = RuleSet(LintSpec(config=Config(), select=list(DT_RULES)))
        total = 0
        for d in fresh(texts):
            for f in rules.lint(d).findings:
                total += 1
                print(f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message}")
                print(f"    | {f.excerpt}")
        print(f"{total} DT findings")


if __name__ == "__main__":
    main()
