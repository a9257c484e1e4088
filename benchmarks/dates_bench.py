"""Throughput of the date rules (DT) on the shared bench texts, beside the other families.

    python benchmarks/dates_bench.py BENCH_DIR [--repeat 3] [--findings] [--families]

BENCH_DIR holds ``docs/*.txt`` (the shared boilerplate bench).  The script lints
every page in this process, as the engine does (one fresh Document per page and
run, so no cached parse is reused between runs), and prints KB/s:

* of all DT rules together (the parse is shared through ``doc.cache``),
* of the date parse alone, and of each DT rule alone (parse included),
* with ``--families``, of every other rule family alone, for comparison,
* with ``--findings``, every DT finding on the bench pages;
* with ``--inject``, the recall of DT001-DT003 on errors planted in the pages' own
  dates, one per copy of a page: a weekday swapped for the next one (DT002), the days
  of a range swapped (DT003), the day of a 30-day month or February set one past its
  end (DT001).  A planted error counts as found when its rule reports a span that
  covers it.

KB means 1000 bytes of UTF-8 text.  Times are CPU time of this process
(``time.process_time``), so other processes on a shared machine disturb them
less than wall time; the best of ``--repeat`` runs is kept.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from corpus_lint.config import Config
from corpus_lint.dates_analysis import analyse
from corpus_lint.dates_grammar import WEEKDAY_NAMES, days_in_month, parse_dates
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


_DIGITS = re.compile(r"\d+")


def plant(text: str) -> list[tuple[str, str, int, int]]:
    """(rule, mutated text, start, end) for every error that can be planted in ``text``."""
    out: list[tuple[str, str, int, int]] = []
    for e in parse_dates(text):
        p = e.first
        span = text[e.start : e.end]
        if e.last is None and p.weekday is not None and p.day is not None and p.year:
            name = re.match(r"[^\W\d_][\w-]*", span)
            if name is not None:
                new = WEEKDAY_NAMES[(p.weekday + 1) % 7]
                if len(name.group()) <= 3:
                    new = new[:3]
                mutated = span[: name.start()] + new + span[name.end() :]
                out.append(("DT002", text[: e.start] + mutated + text[e.end :], e.start, e.start))
        elif e.last is not None and e.form in ("dr", "mr") and e.first.day != e.last.day:
            days = [m for m in _DIGITS.finditer(span) if len(m.group()) <= 2][:2]
            if len(days) == 2:
                a, b = days
                mutated = (
                    span[: a.start()]
                    + b.group()
                    + span[a.end() : b.start()]
                    + a.group()
                    + span[b.end() :]
                )
                out.append(("DT003", text[: e.start] + mutated + text[e.end :], e.start, e.start))
        elif e.last is None and p.day is not None and p.month in (2, 4, 6, 9, 11) and p.year:
            day = next((m for m in _DIGITS.finditer(span) if m.group() == str(p.day)), None)
            if day is not None:
                bad = str(days_in_month(p.year, p.month) + 1)
                mutated = span[: day.start()] + bad + span[day.end() :]
                out.append(("DT001", text[: e.start] + mutated + text[e.end :], e.start, e.start))
    return out


def recall(texts: list[tuple[str, str]]) -> None:
    rules = RuleSet(LintSpec(config=Config(), select=["DT001", "DT002", "DT003"]))
    planted: dict[str, int] = {}
    found: dict[str, int] = {}
    for name, text in texts:
        for rule, mutated, start, _ in plant(text):
            planted[rule] = planted.get(rule, 0) + 1
            doc = Document(text=mutated, path=name, id=name)
            hits = rules.lint(doc).findings
            if any(f.rule == rule and f.start <= start < max(f.end, start + 1) for f in hits):
                found[rule] = found.get(rule, 0) + 1
    print("planted errors found (recall):")
    for rule in sorted(planted):
        n, k = planted[rule], found.get(rule, 0)
        print(f"  {rule}  {k:>4} / {n:<4} ({100 * k / n:.0f}%)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bench", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--findings", action="store_true", help="print every DT finding")
    ap.add_argument("--families", action="store_true", help="time every other family too")
    ap.add_argument("--inject", action="store_true", help="recall on planted errors")
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

    if args.inject:
        recall(texts)

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
