"""Configuration: discovery, every key, validation errors naming file and key; selectors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from corpus_lint.config import ConfigError, find_config, load_config, select_rules
from corpus_lint.registry import load_rules
from support import invoke, write

CITE = "A claim [citation] here.\n"
REDACTED = "The name was [REDACTED] in the copy.\n"


def lint(tmp_path: Path, *args: str, cwd: Path | None = None) -> tuple[int, dict[str, Any]]:
    res = invoke(["--format", "json", *args], cwd=cwd or tmp_path)
    assert res.exit_code in (0, 1), res.stderr
    data: dict[str, Any] = json.loads(res.stdout)
    return res.exit_code, data


def rules_of(report: dict[str, Any]) -> list[str]:
    return [f["rule"] for f in report["findings"]]


# -- discovery ----------------------------------------------------------------------------


def test_pyproject_found_by_walking_up(tmp_path: Path) -> None:
    write(
        tmp_path, "pyproject.toml", '[project]\nname = "x"\n[tool.corpus-lint]\nignore = ["CI"]\n'
    )
    write(tmp_path, "a/b/doc.txt", CITE + REDACTED)
    _, rep = lint(tmp_path, "doc.txt", cwd=tmp_path / "a" / "b")
    assert rules_of(rep) == ["RD002"]


def test_pyproject_without_section_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path, "corpus-lint.toml", 'ignore = ["RD"]\n')
    write(tmp_path, "sub/pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path / "sub") == tmp_path / "corpus-lint.toml"


def test_broken_pyproject_with_our_table_is_an_error_not_passed_over(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.corpus-lint]\nselect = ["RD"\n')
    write(tmp_path, "a.txt", "Text [citation].\n")
    res = invoke(["a.txt"], cwd=tmp_path)
    assert res.exit_code == 2 and res.stdout == ""
    assert "pyproject.toml: invalid TOML" in res.stderr
    # a broken pyproject.toml of another tool is not ours to judge
    write(tmp_path, "pyproject.toml", "[tool.black]\nline-length = \n")
    assert invoke(["a.txt"], cwd=tmp_path).exit_code == 1


def test_nearest_config_wins_and_corpus_lint_toml_before_pyproject(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.corpus-lint]\nignore = ["CI"]\n')
    write(tmp_path, "sub/corpus-lint.toml", 'ignore = ["RD"]\n')
    write(tmp_path, "sub/pyproject.toml", '[tool.corpus-lint]\nignore = ["citation"]\n')
    write(tmp_path, "sub/doc.txt", CITE + REDACTED)
    assert find_config(tmp_path / "sub") == tmp_path / "sub" / "corpus-lint.toml"
    _, rep = lint(tmp_path, "doc.txt", cwd=tmp_path / "sub")
    assert rules_of(rep) == ["CI001"]


def test_config_option_overrides_discovery(tmp_path: Path) -> None:
    write(tmp_path, "corpus-lint.toml", 'ignore = ["RD"]\n')
    write(tmp_path, "other.toml", 'ignore = ["CI"]\n')
    write(tmp_path, "doc.txt", CITE + REDACTED)
    _, rep = lint(tmp_path, "doc.txt", "--config", "other.toml")
    assert rules_of(rep) == ["RD002"]


def test_no_config_anywhere_means_defaults(tmp_path: Path) -> None:
    cfg = load_config(cwd=tmp_path)
    assert cfg.path is None and cfg.select is None and cfg.fail_on == "warning"


# -- keys ---------------------------------------------------------------------------------


def test_select_ignore_extend_select(tmp_path: Path) -> None:
    write(
        tmp_path,
        "corpus-lint.toml",
        'select = ["citation"]\nextend-select = ["RD002"]\nignore = ["CI002"]\n',
    )
    write(tmp_path, "doc.txt", CITE + REDACTED + "See the Olympics.[4]\n███ ███\n")
    _, rep = lint(tmp_path, "doc.txt")
    assert rules_of(rep) == ["CI001", "RD002"]
    assert rep["tool"]["rules"] == ["CI001", "RD002"]


def test_cli_selection_adds_to_config(tmp_path: Path) -> None:
    write(tmp_path, "corpus-lint.toml", 'select = ["CI001"]\nignore = ["RD003"]\n')
    write(tmp_path, "doc.txt", CITE + REDACTED + "██ ██\n")
    _, rep = lint(tmp_path, "doc.txt", "--extend-select", "redaction")
    assert rules_of(rep) == ["CI001", "RD002"]
    # --select replaces the config's select; the config's ignore still holds
    _, rep = lint(tmp_path, "doc.txt", "--select", "RD")
    assert rules_of(rep) == ["RD002"]


def test_per_file_ignores(tmp_path: Path) -> None:
    write(
        tmp_path,
        "corpus-lint.toml",
        '[per-file-ignores]\n"legal/**" = ["redaction"]\n"*.md" = ["CI001"]\n',
    )
    for name in ["legal/a.txt", "legal/deep/b.txt", "c.txt", "d.md"]:
        write(tmp_path, name, CITE + REDACTED)
    _, rep = lint(tmp_path, ".")
    got = sorted((f["path"], f["rule"]) for f in rep["findings"])
    assert got == [
        ("c.txt", "CI001"),
        ("c.txt", "RD002"),
        ("d.md", "RD002"),
        ("legal/a.txt", "CI001"),
        ("legal/deep/b.txt", "CI001"),
    ]


def test_fail_on_and_severity(tmp_path: Path) -> None:
    write(tmp_path, "doc.txt", CITE + REDACTED)
    write(
        tmp_path,
        "corpus-lint.toml",
        'fail-on = "error"\n[severity]\nCI001 = "error"\nredaction-label = "info"\n',
    )
    code, rep = lint(tmp_path, "doc.txt")
    assert code == 1
    assert [(f["rule"], f["severity"]) for f in rep["findings"]] == [
        ("CI001", "error"),
        ("RD002", "info"),
    ]
    assert rep["summary"]["by_severity"] == {"info": 1, "warning": 0, "error": 1}
    write(tmp_path, "corpus-lint.toml", 'fail-on = "error"\n')
    code, _ = lint(tmp_path, "doc.txt")
    assert code == 0
    # the command line overrides the config's fail-on
    code, _ = lint(tmp_path, "doc.txt", "--fail-on", "warning")
    assert code == 1


def test_rule_options_merge_over_the_pack(tmp_path: Path) -> None:
    write(
        tmp_path,
        "corpus-lint.toml",
        '[options.CI001]\npatterns = ["\\\\[todo: source\\\\]"]\n'
        "[options.redaction-label]\nignore_case = false\n",
    )
    write(tmp_path, "doc.txt", CITE + "It grew [TODO: source].\n[Redacted] but [redacted].\n")
    _, rep = lint(tmp_path, "doc.txt", "--select", "CI001,RD002", "--include-text")
    text = rep["documents"][0]["text"]
    got = [(f["rule"], text[f["span"]["start"] : f["span"]["end"]]) for f in rep["findings"]]
    # CI001's patterns were replaced and its ignore_case (from the pack) still holds;
    # RD002 (set by name) became case-sensitive
    assert got == [("CI001", "[TODO: source]"), ("RD002", "[redacted]")]


def test_rule_packs_include_exclude_and_other_keys(tmp_path: Path) -> None:
    write(
        tmp_path,
        "lint/corpus-lint.toml",
        'rule-packs = ["packs/"]\nexclude = ["skip/**"]\ninclude = ["*.txt"]\n'
        'languages = ["en", "pt-BR"]\ncache-dir = "cache"\njobs = 2\noutput-format = "jsonl"\n'
        '[jsonl]\ntext-field = "body"\n',
    )
    write(
        tmp_path,
        "lint/packs/house.yaml",
        "pack: house\nrules:\n  - code: HX001\n    name: todo-marker\n    category: artifact\n"
        "    severity: error\n    message: \"Marker '{match}'\"\n    detector: pattern\n"
        "    options: {patterns: ['TODO\\(\\w+\\)']}\n    docs: Internal markers.\n",
    )
    cfg = load_config(tmp_path / "lint" / "corpus-lint.toml")
    assert cfg.rule_packs == [tmp_path / "lint" / "packs"]
    assert cfg.languages == ["en", "pt-BR"]
    assert cfg.cache_dir == tmp_path / "lint" / "cache"
    assert (cfg.jobs, cfg.output_format, cfg.text_field, cfg.id_field) == (2, "jsonl", "body", "id")
    write(tmp_path, "lint/a.txt", "Fix this TODO(ana) later.\n")
    write(tmp_path, "lint/skip/b.txt", "TODO(bo)\n")
    write(tmp_path, "lint/c.md", "TODO(cy)\n")
    res = invoke(["."], cwd=tmp_path / "lint")
    assert res.exit_code == 1, res.stderr
    lines = [json.loads(x) for x in res.stdout.splitlines()]  # output-format = jsonl
    assert [(f["path"], f["rule"], f["severity"]) for f in lines] == [("a.txt", "HX001", "error")]
    listed = invoke(["rules", "--format", "json"], cwd=tmp_path / "lint").json()
    assert "HX001" in [r["code"] for r in listed]


# -- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "key", "expected"),
    [
        ('selekt = ["CI"]', "tool.corpus-lint", "'selekt' was unexpected"),
        ('select = "CI"', "tool.corpus-lint.select", "is not of type 'array'"),
        ('fail-on = "fatal"', "tool.corpus-lint.fail-on", "is not one of ['info', 'warning'"),
        ("jobs = -1", "tool.corpus-lint.jobs", "less than the minimum of 0"),
        ('languages = ["english"]', "tool.corpus-lint.languages.0", "does not match"),
        ("[tool.corpus-lint.jsonl]\ntext-field = 3", "tool.corpus-lint.jsonl.text-field", "3 is"),
        ("[tool.corpus-lint.jsonl]\ntext = 'x'", "tool.corpus-lint.jsonl", "'text' was unexpected"),
        ('[tool.corpus-lint.severity]\nCI001 = "high"', "tool.corpus-lint.severity.CI001", "high"),
        ('select = ["XX"]', "tool.corpus-lint.select", "unknown rule selector 'XX'"),
        ('ignore = ["nonsense"]', "tool.corpus-lint.ignore", "unknown rule selector"),
        (
            '[tool.corpus-lint.per-file-ignores]\n"*.md" = ["ZZ9"]',
            "tool.corpus-lint.per-file-ignores.*.md",
            "unknown rule selector 'ZZ9'",
        ),
        ('[tool.corpus-lint.severity]\nXX001 = "error"', "tool.corpus-lint.severity.XX001", "rule"),
        ("[tool.corpus-lint.options.XX001]\na = 1", "tool.corpus-lint.options.XX001", "unknown"),
        (
            "[tool.corpus-lint.options.CI001]\npatterns = 3",
            "tool.corpus-lint.options.CI001.patterns",
            "3 is not of type 'array'",
        ),
        (
            "[tool.corpus-lint.options.CI001]\nflavour = 1",
            "tool.corpus-lint.options.CI001",
            "'flavour' was unexpected",
        ),
        (
            "[tool.corpus-lint.options.CI001]\npatterns = ['(a)\\1']",
            "tool.corpus-lint.options.CI001",
            "RE2",
        ),
        ('rule-packs = ["missing/"]', "tool.corpus-lint.rule-packs", "does not exist"),
    ],
)
def test_invalid_config_exits_2_naming_file_key_and_expectation(
    tmp_path: Path, toml: str, key: str, expected: str
) -> None:
    body = toml if toml.startswith("[tool") else f"[tool.corpus-lint]\n{toml}"
    path = write(tmp_path, "pyproject.toml", body + "\n")
    write(tmp_path, "doc.txt", CITE)
    res = invoke(["doc.txt"], cwd=tmp_path)
    assert res.exit_code == 2
    assert res.stdout == ""
    message = res.stderr
    assert str(path) in message
    assert f"at '{key}'" in message
    assert expected in message


def test_invalid_corpus_lint_toml_names_top_level_keys(tmp_path: Path) -> None:
    path = write(tmp_path, "corpus-lint.toml", "fail-on = 3\n")
    res = invoke(["rules"], cwd=tmp_path)
    assert res.exit_code == 2
    assert f"{path}: invalid configuration at 'fail-on'" in res.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [("select = [\n", "invalid TOML"), (None, "config file not found")],
)
def test_unreadable_config_exits_2(tmp_path: Path, content: str | None, expected: str) -> None:
    if content is not None:
        write(tmp_path, "bad.toml", content)
    res = invoke(["--config", "bad.toml", "."], cwd=tmp_path)
    assert res.exit_code == 2
    assert "bad.toml" in res.stderr and expected in res.stderr


def test_bad_rule_pack_names_file_and_key(tmp_path: Path) -> None:
    write(tmp_path, "corpus-lint.toml", 'rule-packs = ["packs"]\n')
    pack = write(
        tmp_path,
        "packs/bad.yaml",
        "pack: bad\nrules:\n  - code: HX01\n    name: x\n    category: artifact\n"
        "    severity: error\n    message: m\n    detector: pattern\n    docs: d\n",
    )
    res = invoke(["rules"], cwd=tmp_path)
    assert res.exit_code == 2
    assert f"{pack}: invalid rule pack at 'rules.0.code'" in res.stderr
    assert "does not match" in res.stderr


@pytest.mark.parametrize(
    ("rule_yaml", "expected"),
    [
        ("    severity: fatal\n", "at 'rules.0.severity'"),
        ("    severity: error\n    flavour: 1\n", "'flavour' was unexpected"),
        ("    severity: error\n    category: misc\n", "at 'rules.0.category'"),
    ],
)
def test_bad_rule_pack_fields(tmp_path: Path, rule_yaml: str, expected: str) -> None:
    write(tmp_path, "corpus-lint.toml", 'rule-packs = ["p.yaml"]\n')
    body = (
        "pack: p\nrules:\n  - code: HX001\n    name: x-y\n    message: m\n"
        "    detector: pattern\n    docs: d\n"
    )
    if "category" not in rule_yaml:
        body += "    category: artifact\n"
    pack = write(tmp_path, "p.yaml", body + rule_yaml)
    res = invoke(["doc.txt"], cwd=tmp_path)
    assert res.exit_code == 2
    assert str(pack) in res.stderr and expected in res.stderr


def test_pack_with_bad_options_or_detector_or_duplicate_code(tmp_path: Path) -> None:
    write(tmp_path, "corpus-lint.toml", 'rule-packs = ["p.yaml"]\n')
    write(tmp_path, "doc.txt", CITE)
    rule = (
        "pack: p\nrules:\n  - code: {code}\n    name: {name}\n    category: artifact\n"
        "    severity: error\n    message: m\n    detector: {detector}\n    docs: d\n"
        "    options: {options}\n"
    )
    cases = [
        (
            rule.format(code="HX001", name="a-b", detector="pattern", options="{patterns: 1}"),
            "rule HX001 options at 'patterns'",
        ),
        (
            rule.format(code="HX001", name="a-b", detector="nosuch", options="{}"),
            "rule HX001 uses unknown detector 'nosuch'",
        ),
        (
            rule.format(code="CI001", name="a-b", detector="pattern", options="{patterns: [x]}"),
            "rule code CI001 is already defined",
        ),
        (
            rule.format(
                code="HX001", name="mojibake", detector="pattern", options="{patterns: [x]}"
            ),
            "rule name 'mojibake' is already used",
        ),
        ("pack: p\nrules: [\n", "invalid YAML"),
    ]
    for text, expected in cases:
        pack = write(tmp_path, "p.yaml", text)
        res = invoke(["doc.txt"], cwd=tmp_path)
        assert res.exit_code == 2, text
        assert str(pack) in res.stderr and expected in res.stderr, res.stderr


def test_every_schema_is_valid_and_the_config_schema_rejects_unknowns() -> None:
    import jsonschema

    for which in ("report", "config", "rulepack"):
        res = invoke(["schema", which])
        assert res.exit_code == 0
        schema = res.json()
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    config_schema = invoke(["schema", "config"]).json()
    validator = jsonschema.Draft202012Validator(config_schema)
    assert validator.is_valid({"select": ["CI"], "jsonl": {"text-field": "body"}})
    assert not validator.is_valid({"colour": True})


# -- selectors ------------------------------------------------------------------------------


def enabled(select: list[str] | None, extend: list[str] = (), ignore: list[str] = ()) -> list[str]:  # type: ignore[assignment]
    rules = load_rules()
    return [r.code for r in select_rules(rules, select, list(extend), list(ignore))]


def test_selectors_codes_prefixes_names_categories() -> None:
    assert enabled(["CI001"]) == ["CI001"]
    assert enabled(["CI"]) == ["CI001", "CI002"]
    assert enabled(["RD00"]) == ["RD001", "RD002", "RD003", "RD004"]
    assert enabled(["missing-footnote"]) == ["CI002"]
    assert enabled(["citation"]) == ["CI001", "CI002"]
    assert enabled(["citation", "asterisk-redaction"]) == ["CI001", "CI002", "RD001"]


def test_most_specific_selector_wins() -> None:
    assert enabled(["CI"], ignore=["CI001"]) == ["CI002"]
    assert enabled(["CI001"], ignore=["CI"]) == ["CI001"]
    assert enabled(["citation"], ignore=["CI0"]) == []
    assert enabled(["CI0"], ignore=["citation"]) == ["CI001", "CI002"]
    assert "CI001" not in enabled(None, ignore=["citation"])


def test_all_and_defaults() -> None:
    rules = load_rules()
    defaults = enabled(None)
    assert defaults == [r.code for r in rules.values() if r.default]
    assert enabled(["ALL"]) == list(rules)
    assert set(enabled(["CI"], extend=["RD001"])) == {"CI001", "CI002", "RD001"}


def test_unknown_selector_is_an_error() -> None:
    with pytest.raises(ConfigError, match="unknown rule selector 'ci'"):
        enabled(["ci"])
    res = invoke(["--select", "NOPE", "."])
    assert res.exit_code == 2 and "unknown rule selector 'NOPE'" in res.stderr


def test_selectors_comma_separated_or_repeated(tmp_path: Path) -> None:
    write(tmp_path, "doc.txt", CITE + REDACTED)
    _, a = lint(tmp_path, "doc.txt", "--select", "CI001,RD002")
    _, b = lint(tmp_path, "doc.txt", "--select", "CI001", "--select", "RD002")
    assert rules_of(a) == rules_of(b) == ["CI001", "RD002"]


# -- globs are relative to the config's folder ------------------------------------------


def _nested_project(tmp_path: Path) -> None:
    write(
        tmp_path,
        "corpus-lint.toml",
        'exclude = ["drafts/**"]\n[per-file-ignores]\n"legal/**" = ["redaction"]\n',
    )
    write(tmp_path, "legal/a.txt", REDACTED)
    write(tmp_path, "drafts/b.txt", REDACTED)


def test_exclude_globs_are_relative_to_the_config_folder(tmp_path: Path) -> None:
    _nested_project(tmp_path)
    for cwd, target in (
        (tmp_path, "."),
        (tmp_path / "drafts", "."),
        (tmp_path / "drafts", "b.txt"),
    ):
        _, rep = lint(tmp_path, target, "--select", "RD", cwd=cwd)
        assert [f["path"] for f in rep["findings"]] == [], (cwd, target)


def test_per_file_ignores_are_relative_to_the_config_folder(tmp_path: Path) -> None:
    _nested_project(tmp_path)
    _, rep = lint(tmp_path, "a.txt", "--select", "RD", cwd=tmp_path / "legal")
    assert rep["findings"] == []
