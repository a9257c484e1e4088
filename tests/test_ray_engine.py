"""--engine ray: the same batches on a (local) Ray cluster give the same report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

pytest.importorskip("ray")


def _report(path: Path) -> dict[str, object]:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["summary"].pop("duration_seconds")
    return data


def test_ray_engine_gives_the_same_report_as_in_process(tmp_path: Path) -> None:
    local = tmp_path / "local.json"
    on_ray = tmp_path / "ray.json"
    cache = tmp_path / "cache"
    base = ["seeds/", "--format", "json", "--cache-dir", str(cache)]
    first = run_cli([*base, "-o", str(local)], cwd=ROOT)
    second = run_cli(
        [*base, "-o", str(on_ray), "--engine", "ray", "--jobs", "2"],
        cwd=ROOT,
        env={"RAY_ADDRESS": "", "RAY_AUTH_MODE": "disabled"},
    )
    assert first.exit_code == second.exit_code == 1, second.stderr[-2000:]
    assert "Traceback" not in second.stderr
    assert _report(on_ray) == _report(local)
