"""The throughput benchmark runs end to end on a tiny bench folder (no timing asserted)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "throughput.py"

PAGES = [
    "Home\nNews\nSport\n\nThe council met on Monday. It approved the budget for next year. "
    "Members argued about the roads.\n\nLeave a Comment\n\nAll rights reserved.",
    "Menu\n\nRain fell across the north overnight. Forecasters expect more on Friday. "
    "Rivers are high [citation needed].\n\nShare this article\nPrint",
    "Die Stadt plant einen neuen Park. Der Bau beginnt im Mai. Anwohner sind zufrieden.\n\n"
    "Impressum\nKontakt",
]


def _bench(tmp_path: Path) -> Path:
    docs = tmp_path / "bench" / "docs"
    docs.mkdir(parents=True)
    for i, page in enumerate(PAGES):
        (docs / f"page{i}.txt").write_text(page, encoding="utf-8")
    return tmp_path / "bench"


def _import_corpus() -> Any:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import _corpus
    finally:
        sys.path.pop(0)
    return _corpus


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )


def test_throughput_runs_and_reports(tmp_path: Path) -> None:
    bench = _bench(tmp_path)
    out = tmp_path / "out"
    figures = tmp_path / "figures.json"
    args = [str(bench), "--mb", "0.05", "--jobs", "1", "2", "--skip-datatrove"]
    args += ["--startup-runs", "1", "--out", str(out), "--json", str(figures)]
    proc = _run(args)
    assert proc.returncode == 0, proc.stderr
    assert "docs/s" in proc.stdout and "MB/s" in proc.stdout
    assert "| corpus-lint, default rules, `--jobs 2` |" in proc.stdout
    data = json.loads(figures.read_text("utf-8"))
    assert data["corpus"]["documents"] > 3
    assert data["corpus"]["mb"] >= 0.05
    assert [r["jobs"] for r in data["corpus_lint"]] == [1, 2]
    for run in data["corpus_lint"]:
        assert run["documents"] == data["corpus"]["documents"]
        assert run["findings"] > 0
        assert run["mb_per_second"] > 0
    assert data["jobs_agree"] is True
    assert data["startup"]["median_seconds"] > 0
    # The corpus is built once and reused.
    corpora = list(out.glob("corpus-*.jsonl"))
    assert len(corpora) == 1
    before = corpora[0].stat().st_mtime_ns
    _corpus = _import_corpus()
    assert _corpus.build_corpus(bench / "docs", out, 0.05) == corpora[0]
    assert corpora[0].stat().st_mtime_ns == before


def test_corpus_shuffles_sentences_across_pages(tmp_path: Path) -> None:
    _corpus = _import_corpus()
    bench = _bench(tmp_path)
    first = list(_corpus.generate(bench / "docs", 20_000, seed=7))
    again = list(_corpus.generate(bench / "docs", 20_000, seed=7))
    assert first == again  # deterministic
    texts = [r["text"] for r in first]
    assert len(set(texts)) > len(PAGES)  # not the pages repeated
    # German sentences never land in English documents, and vice versa.
    for text in texts:
        assert not ("Park" in text and "council" in text)
    assert sum(len(t.encode()) for t in texts) >= 20_000


@pytest.mark.skipif(importlib.util.find_spec("datatrove") is None, reason="datatrove not installed")
def test_throughput_times_datatrove(tmp_path: Path) -> None:
    bench = _bench(tmp_path)
    figures = tmp_path / "figures.json"
    args = [str(bench), "--mb", "0.02", "--jobs", "1", "--datatrove-mb", "0.01"]
    args += ["--startup-runs", "1", "--out", str(tmp_path / "out"), "--json", str(figures)]
    proc = _run(args)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(figures.read_text("utf-8"))
    assert set(data["datatrove"]["filters"]) == {
        "GopherRepetitionFilter",
        "GopherQualityFilter",
        "C4QualityFilter",
        "FineWebQualityFilter",
    }
    assert data["ratio_jobs1_vs_datatrove"] > 0
    assert "corpus-lint --jobs 1 / datatrove" in proc.stdout
