"""benchmarks/dedup_bench.py runs end to end on small sizes and scores its planted pairs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent


def test_dedup_bench_small(tmp_path: Path) -> None:
    bench = tmp_path / "bench" / "docs"
    bench.mkdir(parents=True)
    for f in (FIXTURES / "duplicates").glob("*.txt"):
        shutil.copy(f, bench / f.name)
    out = tmp_path / "figures.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "dedup_bench.py"),
            str(tmp_path / "bench"),
            "--sizes",
            "300",
            "900",
            "--incremental",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "scaling 300 -> 900 documents" in proc.stdout
    assert "duplicate found: True" in proc.stdout
    figures = json.loads(out.read_text("utf-8"))
    for row in figures["sizes"].values():
        assert row["expected"] > 0
        assert row["recall"] >= 0.85
        assert row["precision"] == 1.0
        assert row["du4_recall"] == 1.0
    assert figures["incremental"]["found"] is True
    assert figures["ordinary_text"]["documents"] == 5
    assert figures["ordinary_text"]["mb_per_s"] > 0
