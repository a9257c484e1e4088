"""Speed and reliability of the language rules (LG).

    python benchmarks/language_bench.py BENCH_DIR [--repeat 3] [--reliability]

BENCH_DIR is the shared bench folder (``../shared/bench/boilerplate``, whose
``docs/*.txt`` are read) or any folder of ``*.txt`` documents.

Speed: the LG rules (LG001 with ``languages = ["en"]``, LG002) run in this
process through the engine's ``RuleSet.lint`` over every document, as
``corpus-lint`` runs them; the script prints documents per second and MB/s
(10^6 bytes of UTF-8 text).  The first pass is cold (it loads langdetect's
profiles); the warm figure is the best of ``--repeat`` further passes over fresh
documents with the detection cache emptied (only the per-process profile and
n-gram caches stay warm, as they do over a long run).  It also shows how many
langdetect calls the paragraph pre-check let through.

Reliability (``--reliability``): where langdetect becomes reliable.  Every line
of the bench's ``gold`` article bodies (``BENCH_DIR/../gold``) and of the
repository's ``seeds/`` is cut after its first N letters of prose, for N from 10
to 300; the language of the whole article is the truth.  For each N the script
prints how often langdetect names the right language, and how often it names a
wrong one with p >= 0.9 (what the paragraph rule would flag), for English and
for the other languages.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from corpus_lint import langid  # noqa: E402
from corpus_lint.config import Config  # noqa: E402
from corpus_lint.document import Document  # noqa: E402
from corpus_lint.engine import LintSpec, RuleSet  # noqa: E402

LENGTHS = (10, 20, 30, 40, 50, 60, 80, 100, 120, 150, 200, 300)
CHUNKS_PER_DOCUMENT = 40
_WORD = re.compile(r"[^\W\d_]+")


def read_docs(folder: Path) -> list[tuple[str, str]]:
    if (folder / "docs").is_dir():  # the bench folder, as the other benchmarks take it
        folder = folder / "docs"
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        sys.exit(f"no *.txt documents in {folder}")
    return [(p.name, p.read_text("utf-8")) for p in paths]


# -- speed --------------------------------------------------------------------------------


def lint_pass(
    rules: RuleSet | None, docs: list[tuple[str, str]]
) -> tuple[float, float, Counter[str]]:
    """(wall seconds, CPU seconds, counts) of one pass; ``rules=None``: language only."""
    found: Counter[str] = Counter()
    started = time.perf_counter()
    cpu = time.process_time()
    for name, text in docs:
        doc = Document(text=text, path=name, id=name, format="txt")
        if rules is None:
            found[f"lang:{langid.document_language(doc).language}"] += 1
            continue
        result = rules.lint(doc)
        for f in result.findings:
            found[f.rule] += 1
        found[f"lang:{result.summary['language']}"] += 1
    return time.perf_counter() - started, time.process_time() - cpu, found


def speed(folder: Path, repeat: int) -> None:
    docs = read_docs(folder)
    size = sum(len(t.encode("utf-8")) for _, t in docs)
    calls = Counter[str]()
    original = langid.probabilities

    def counting(text: str) -> list[tuple[str, float]]:
        calls["langdetect"] += 1
        return original(text)

    langid.probabilities = counting  # type: ignore[assignment]
    rules = RuleSet(LintSpec(config=Config(languages=["en"]), select=["LG"]))
    codes = sorted(a.rule.code for a in rules.document_rules)
    print(f"rules: {', '.join(codes)}; {len(docs)} documents, {size / 1e6:.2f} MB")

    started = time.perf_counter()
    langid.make_detector()
    load = time.perf_counter() - started
    cold, cold_cpu, found = lint_pass(rules, docs)
    print(f"start-up (langdetect profiles, once per process): {load * 1000:.0f} ms")
    report("cold pass (row cache filling)", len(docs), size, cold + load, cold_cpu)
    for label, subject in (("document language only", None), ("LG001 + LG002", rules)):
        best = best_cpu = float("inf")
        for _ in range(repeat):
            langid.detect.cache_clear()
            calls.clear()
            elapsed, cpu, counted = lint_pass(subject, docs)
            best, best_cpu = min(best, elapsed), min(best_cpu, cpu)
            if subject is not None:
                found = counted
        report(f"warm, {label} (best of {repeat})", len(docs), size, best, best_cpu)
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print(
        f"langdetect calls per pass: {calls['langdetect']} "
        f"({len(docs)} documents + {calls['langdetect'] - len(docs)} paragraphs "
        "past the pre-check, minus repeats)"
    )
    langs = {k[5:]: v for k, v in found.items() if k.startswith("lang:")}
    print("document languages:", ", ".join(f"{k}={v}" for k, v in sorted(langs.items())))
    print("findings:", ", ".join(f"{k}={v}" for k, v in sorted(found.items()) if ":" not in k))


def report(label: str, n_docs: int, size: int, seconds: float, cpu: float) -> None:
    print(
        f"{label}: {seconds:.2f} s, {n_docs / seconds:,.0f} documents/s, "
        f"{size / 1e6 / seconds:.1f} MB/s (CPU {cpu:.2f} s: {size / 1e6 / cpu:.1f} MB/s)"
    )


# -- reliability -------------------------------------------------------------------------


def prefix_with_letters(line: str, letters: int) -> str | None:
    """The shortest prefix of ``line`` (whole words) with ``letters`` letters of prose."""
    total = 0
    for m in _WORD.finditer(langid.prose(line)):
        word = m.group()
        if len(word) > 1 and word.isupper():
            continue
        total += len(word)
        if total >= letters:
            return line[: m.end()]
    return None


def reliability(folder: Path) -> None:
    gold = folder / "gold" if (folder / "gold").is_dir() else folder.parent / "gold"
    sources = sorted(gold.glob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    if not sources:
        sys.exit(f"no gold texts beside {folder} and no seeds")
    texts = []
    for path in sources:
        text = path.read_text("utf-8")
        truth = langid.detect(text[:20000], 1).language
        texts.append((truth, [x.strip() for x in text.splitlines() if x.strip()]))
    languages = Counter(t for t, _ in texts)
    print(f"{len(texts)} texts: " + ", ".join(f"{k}={v}" for k, v in languages.most_common()))
    print("letters | English: chunks, right, wrong p>=0.9 | other: chunks, right, wrong p>=0.9")
    for n in LENGTHS:
        stats: Counter[tuple[str, str]] = Counter()
        for truth, lines in texts:
            group = "en" if truth == "en" else "xx"
            taken = 0
            for line in lines:
                chunk = prefix_with_letters(line, n)
                if chunk is None:
                    continue
                taken += 1
                if taken > CHUNKS_PER_DOCUMENT:
                    break
                guess = langid.detect(chunk, 1)
                stats[group, "n"] += 1
                if guess.language == truth:
                    stats[group, "right"] += 1
                elif guess.language is not None and (guess.confidence or 0) >= 0.9:
                    stats[group, "wrong"] += 1
        cells = []
        for group in ("en", "xx"):
            total = stats[group, "n"] or 1
            cells.append(
                f"{stats[group, 'n']:5d} {stats[group, 'right'] / total:7.2%} "
                f"{stats[group, 'wrong'] / total:6.2%}"
            )
        print(f"{n:7d} | {cells[0]} | {cells[1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bench_dir", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reliability", action="store_true")
    args = parser.parse_args()
    if args.reliability:
        reliability(args.bench_dir)
    else:
        speed(args.bench_dir, max(1, args.repeat))


if __name__ == "__main__":
    main()
