"""Packaging: the wheel carries the rule packs and schemas, and an install outside the
source tree lists every rule; every third-party import is a declared dependency."""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from corpus_lint.registry import load_rules

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(spec: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
    assert match, spec
    return _normalize(match.group(1))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    args = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out)]
    if importlib.util.find_spec("hatchling") is not None:
        args.append("--no-build-isolation")  # the backend is here: no download
    proc = subprocess.run(
        [*args, str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (built,) = out.glob("corpus_lint-*.whl")
    return built


def test_wheel_contents(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for pack in sorted((ROOT / "rules").glob("*.yaml")):
        assert f"corpus_lint/rules/{pack.name}" in names, pack.name
    for schema in ("report", "config", "rulepack"):
        assert f"corpus_lint/schemas/{schema}.schema.json" in names
    assert "corpus_lint/py.typed" in names
    assert not any(n.startswith(("tests/", "seeds/", "benchmarks/")) for n in names)
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "corpus-lint = corpus_lint.cli:main" in text
    assert "[corpus_lint.rules]" in text and "[corpus_lint.detectors]" in text


def test_installed_wheel_lists_every_rule_outside_the_source_tree(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    install = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
    proc = subprocess.run(
        [*install, "--target", str(site), str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env["PYTHONPATH"] = str(site)  # the installed copy, with this venv's dependencies
    code = (
        "import json, sys, corpus_lint, corpus_lint.packs as p\n"
        "print(json.dumps([corpus_lint.__file__, str(p.builtin_pack_dir())]))\n"
    )
    where = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=elsewhere, env=env
    )
    module_file, pack_dir = json.loads(where.stdout)
    assert Path(module_file).is_relative_to(site)
    assert Path(pack_dir) == site / "corpus_lint" / "rules"
    res = subprocess.run(
        [sys.executable, "-m", "corpus_lint", "rules", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert res.returncode == 0, res.stderr
    installed = [r["code"] for r in json.loads(res.stdout)]
    assert installed == list(load_rules())
    assert len(installed) >= 20
    schema = subprocess.run(
        [sys.executable, "-m", "corpus_lint", "schema"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert json.loads(schema.stdout)["title"] == "corpus-lint report"


def _third_party_imports() -> dict[str, set[str]]:
    """Top-level module -> the source files importing it (outside the standard library)."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "src" / "corpus_lint").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in ("corpus_lint", "__future__"):
                    continue
                found.setdefault(top, set()).add(path.relative_to(ROOT).as_posix())
    return found


def test_every_third_party_import_is_a_declared_dependency() -> None:
    project = PYPROJECT["project"]
    declared = {_requirement_name(s) for s in project["dependencies"]}
    optional = {
        _requirement_name(s)
        for extra in ("ray",)
        for s in project.get("optional-dependencies", {}).get(extra, [])
    }
    declared |= optional | {"tomli"}  # tomli: Python < 3.11 only, declared with a marker
    providers = importlib.metadata.packages_distributions()
    missing = {}
    for module, files in _third_party_imports().items():
        dists = {_normalize(d) for d in providers.get(module, [module])}
        if not dists & declared:
            missing[module] = sorted(files)
    assert missing == {}, f"imported but not in [project] dependencies: {missing}"
