"""Rule packs and validations remembered between runs give the answers of a fresh run."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus_lint import registry

PACK = """\
pack: extra
description: A test pack.
rules:
  - code: XX001
    name: extra-word
    category: artifact
    severity: warning
    message: "Word {match}"
    detector: phrase
    options:
      phrases: [{phrase}]
    docs: |
      A test rule.
"""


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty user cache, and the registry's memory of earlier runs forgotten."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("CORPUS_LINT_CACHE", raising=False)
    saved = registry._PACKS.copy()
    forget()
    yield tmp_path
    forget()
    registry._PACKS.clear()
    registry._PACKS.update(saved)


def forget() -> None:
    """As if a new process started (the user cache stays)."""
    registry._PACKS.clear()
    registry._parsed_packs().forget()
    registry._VALID.forget()


def save_caches() -> None:
    """What the registry writes when the process exits."""
    registry._parsed_packs().save()
    registry._VALID.save()


def write_pack(folder: Path, phrase: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "extra.yaml"
    path.write_text(PACK.replace("{phrase}", phrase), "utf-8")
    return path


def test_cached_rules_equal_parsed_rules(fresh: Path) -> None:
    parsed = registry.load_rules([])
    save_caches()
    forget()
    cached = registry.load_rules([])
    assert cached == parsed
    assert registry._parsed_packs().entries  # they came from the cache


def test_a_changed_pack_is_read_again(fresh: Path) -> None:
    path = write_pack(fresh / "packs", '"alpha"')
    assert registry.load_rules([path.parent])["XX001"].options == {"phrases": ["alpha"]}
    save_caches()
    forget()
    write_pack(fresh / "packs", '"alpha", "beta"')
    os.utime(path, ns=(1, 1))  # a different modification time as well as size
    assert registry.load_rules([path.parent])["XX001"].options == {"phrases": ["alpha", "beta"]}


def test_an_invalid_pack_is_refused_after_a_valid_version_was_cached(fresh: Path) -> None:
    path = write_pack(fresh / "packs", '"alpha"')
    registry.load_rules([path.parent])
    save_caches()
    forget()
    path.write_text(PACK.replace("{phrase}", '"alpha"').replace("XX001", "X1"), "utf-8")
    with pytest.raises(registry.RuleError, match="invalid rule pack"):
        registry.load_rules([path.parent])


def test_invalid_options_are_refused_after_valid_ones_were_remembered(fresh: Path) -> None:
    rules = registry.load_rules([])
    rule = rules["LG002"]
    registry.instantiate_detector(rule, dict(rule.options))
    save_caches()
    forget()
    registry.instantiate_detector(rule, dict(rule.options))  # remembered: no validation
    with pytest.raises(registry.OptionsError, match="min_letters"):
        registry.instantiate_detector(rule, {**rule.options, "min_letters": "many"})


def test_fingerprint_only_for_plain_json() -> None:
    schema = {"type": "object"}
    assert registry._fingerprint(schema, {"a": [1, 2]}) is not None
    assert registry._fingerprint(schema, {1: "x"}) is None  # would look like {"1": "x"}
    assert registry._fingerprint(schema, {"a": (1, 2)}) is None
    assert registry._fingerprint(schema, {"a": True}) != registry._fingerprint(schema, {"a": 1})


def test_a_warm_run_imports_neither_jsonschema_nor_yaml_for_the_rules(fresh: Path) -> None:
    code = (
        "import sys\n"
        "from corpus_lint import registry\n"
        "from corpus_lint.config import Config\n"
        "from corpus_lint.engine import LintSpec, RuleSet\n"
        "RuleSet(LintSpec(config=Config()))\n"
        "print('jsonschema' in sys.modules)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(fresh / "cache")}
    env.pop("CORPUS_LINT_CACHE", None)
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    ]
    assert runs == ["True", "False"]  # the first run validates and remembers
