"""A third-party package adds a detector and a rule pack through entry points.

The test writes a small plugin package, installs it with pip into a folder of
its own, and runs the real CLI with that folder on PYTHONPATH: the entry points
are discovered the way any installed package's are, with no change to ours.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_lint.registry import load_rules
from support import write

PYPROJECT = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "corpus-lint-house-plugin"
version = "0.0.1"

[project.entry-points."corpus_lint.detectors"]
shouting = "house_plugin.detectors:ShoutingDetector"

[project.entry-points."corpus_lint.rules"]
house = "house_plugin:pack_dir"

[tool.hatch.build.targets.wheel]
packages = ["house_plugin"]
"""

INIT = '''\
"""House rules for corpus-lint."""

from pathlib import Path


def pack_dir() -> Path:
    return Path(__file__).parent / "packs"
'''

DETECTOR = '''\
"""Words written in capitals, as when a scraper keeps a shouted headline."""

from corpus_lint.api import Detector, Hit


class ShoutingDetector(Detector):
    name = "shouting"
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"min_length": {"type": "integer", "minimum": 2}},
    }

    def __init__(self, options):
        super().__init__(options)
        self.min_length = options.get("min_length", 5)

    def check(self, doc):
        text = doc.text
        start = None
        for i, ch in enumerate(text + " "):
            if ch.isalpha():
                if start is None:
                    start = i
                continue
            if start is not None:
                word = text[start:i]
                if len(word) >= self.min_length and word.isupper():
                    yield Hit(start, i, args={"length": len(word)})
                start = None
'''

PACK = """\
pack: house
description: A house style.
rules:
  - code: HX001
    name: shouting-word
    category: artifact
    severity: warning
    message: "Shouted word '{match}' ({length} letters)"
    detector: shouting
    options:
      min_length: 6
    docs: |
      A word of six letters or more in capitals.

      Not flagged: shorter acronyms such as NATO.
  - code: HX002
    name: internal-marker
    category: artifact
    severity: error
    message: "Internal marker '{match}'"
    detector: pattern
    default: false
    options:
      patterns: ['TODO\\(\\w+\\)']
    docs: |
      An editor's TODO(name) marker.
"""


def _pip_install(project: Path, target: Path) -> None:
    args = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target)]
    if importlib.util.find_spec("hatchling") is not None:
        args.append("--no-build-isolation")  # the backend is here: no download
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    proc = subprocess.run(
        [*args, str(project)], capture_output=True, text=True, env=env, timeout=600
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plugin")
    project = root / "house-plugin"
    write(project, "pyproject.toml", PYPROJECT)
    write(project, "house_plugin/__init__.py", INIT)
    write(project, "house_plugin/detectors.py", DETECTOR)
    write(project, "house_plugin/packs/house.yaml", PACK)
    site = root / "site"
    _pip_install(project, site)
    assert (site / "house_plugin" / "packs" / "house.yaml").is_file()
    assert list(site.glob("corpus_lint_house_plugin-0.0.1.dist-info/entry_points.txt"))
    return site


def run_with_plugin(site: Path, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env["PYTHONPATH"] = str(site)
    return subprocess.run(
        [sys.executable, "-m", "corpus_lint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


def test_plugin_rules_are_listed(plugin_site: Path, tmp_path: Path) -> None:
    res = run_with_plugin(plugin_site, ["rules", "--format", "json"], tmp_path)
    assert res.returncode == 0, res.stderr
    listed = {r["code"]: r for r in json.loads(res.stdout)}
    assert listed["HX001"]["detector"] == "shouting"
    assert listed["HX001"]["pack"] == "house"
    assert listed["HX002"]["default"] is False
    assert set(load_rules()) < set(listed)  # the built-in rules are all still there
    table = run_with_plugin(plugin_site, ["rules"], tmp_path).stdout
    assert "HX001" in table and "shouting-word" in table
    doc = run_with_plugin(plugin_site, ["rule", "HX001"], tmp_path).stdout
    assert doc.startswith("# HX001 shouting-word")


def test_plugin_detector_runs(plugin_site: Path, tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.txt",
        "The EXCLUSIVE story of NATO and a [citation].\nTODO(ana) check it.\n",
    )
    res = run_with_plugin(plugin_site, ["a.txt", "--format", "json"], tmp_path)
    assert res.returncode == 1, res.stderr
    findings = json.loads(res.stdout)["findings"]
    got = [(f["rule"], f["line"], f["column"], f["message"]) for f in findings]
    assert ("HX001", 1, 5, "Shouted word 'EXCLUSIVE' (9 letters)") in got
    assert "CI001" in [f["rule"] for f in findings]  # built-ins run beside it
    assert "HX002" not in [f["rule"] for f in findings]  # opt-in
    res = run_with_plugin(plugin_site, ["a.txt", "--select", "HX"], tmp_path)
    assert res.stdout.splitlines()[:2] == [
        "a.txt:1:5: HX001 Shouted word 'EXCLUSIVE' (9 letters)",
        "a.txt:2:1: HX002 Internal marker 'TODO(ana)'",
    ]


def test_plugin_rules_take_config_like_any_rule(plugin_site: Path, tmp_path: Path) -> None:
    write(tmp_path, "corpus-lint.toml", "[options.shouting-word]\nmin_length = 4\n")
    write(tmp_path, "a.txt", "NATO met.\n")
    res = run_with_plugin(plugin_site, ["a.txt", "--select", "HX001"], tmp_path)
    assert res.returncode == 1 and "HX001 Shouted word 'NATO'" in res.stdout
    write(tmp_path, "corpus-lint.toml", "[options.HX001]\nmin_length = 1\n")
    bad = run_with_plugin(plugin_site, ["a.txt"], tmp_path)
    assert bad.returncode == 2
    assert "options.HX001.min_length" in bad.stderr and "minimum of 2" in bad.stderr


def test_without_the_plugin_its_rules_are_unknown(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "x\n")
    res = subprocess.run(
        [sys.executable, "-m", "corpus_lint", "a.txt", "--select", "HX001"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert res.returncode == 2
    assert "unknown rule selector 'HX001'" in res.stderr
