"""Configuration: ``[tool.corpus-lint]`` in pyproject.toml or ``corpus-lint.toml``.

Found by walking up from the working directory (``--config`` overrides) and
validated against ``config.schema.json``; an unknown key or a wrong type is an
error naming the file, the key and what was expected.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus_lint.registry import Rule, validate

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = ("corpus-lint.toml", ".corpus-lint.toml", "pyproject.toml")


class ConfigError(Exception):
    """Invalid configuration; the CLI exits 2 with this message."""


@dataclass(slots=True)
class Config:
    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    fail_on: str = "warning"
    severity: dict[str, str] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    rule_packs: list[Path] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    text_field: str = "text"
    id_field: str = "id"
    languages: list[str] = field(default_factory=list)
    cache_dir: Path | None = None
    jobs: int | None = None
    output_format: str | None = None
    baseline: Path | None = None


def find_config(start: Path) -> Path | None:
    here = start.resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml":
                try:
                    raw = candidate.read_text("utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
                try:
                    data = tomllib.loads(raw)
                except tomllib.TOMLDecodeError:
                    # ours when it has our table: load_config then names the error
                    if "[tool.corpus-lint" in raw:
                        return candidate
                    continue
                if "corpus-lint" not in data.get("tool", {}):
                    continue
            return candidate
    return None


def load_config(explicit: Path | None = None, cwd: Path | None = None) -> Config:
    cwd = cwd or Path.cwd()
    path = explicit if explicit is not None else find_config(cwd)
    if path is None:
        return Config(root=cwd)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: config file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        section = data.get("tool", {}).get("corpus-lint", {})
        prefix = "tool.corpus-lint"
    else:
        section, prefix = data, ""
    problems = validate(section, "config.schema.json")
    if problems:
        first = problems[0].replace("at '", f"at '{prefix}." if prefix else "at '", 1)
        first = first.replace("'tool.corpus-lint.(top level)'", "'tool.corpus-lint'")
        raise ConfigError(f"{path}: invalid configuration {first}")
    cfg = from_mapping(section, path)
    check_against_rules(cfg, f"{prefix}." if prefix else "")
    return cfg


def check_against_rules(cfg: Config, prefix: str = "") -> None:
    """Selectors, per-rule severities and options must name rules, and options must suit
    the rule's detector; the error names the config file and the key."""
    from corpus_lint.registry import OptionsError, RuleError, instantiate_detector, load_rules

    def fail(key: str, what: str) -> ConfigError:
        return ConfigError(f"{cfg.path}: invalid configuration at '{prefix}{key}': {what}")

    for folder in cfg.rule_packs:
        if not folder.exists():
            raise fail("rule-packs", f"{folder} does not exist")
    try:
        rules = load_rules(cfg.rule_packs)
    except RuleError as exc:
        raise ConfigError(str(exc)) from exc
    by_name = {r.name: r for r in rules.values()}
    by_name.update({a: r for r in rules.values() for a in r.aliases})
    selector_lists: list[tuple[str, list[str]]] = [
        ("select", cfg.select or []),
        ("extend-select", cfg.extend_select),
        ("ignore", cfg.ignore),
    ]
    selector_lists += [(f"per-file-ignores.{k}", v) for k, v in cfg.per_file_ignores.items()]
    for key, selectors in selector_lists:
        for s in selectors:
            if not known_selector(s, rules.values()):
                raise fail(
                    key,
                    f"unknown rule selector {s!r}; expected a rule code, prefix, "
                    "name or category (see `corpus-lint rules`)",
                )
    for table, key in ((cfg.severity, "severity"), (cfg.options, "options")):
        for name in table:
            if name not in rules and name not in by_name:
                raise fail(f"{key}.{name}", "unknown rule; expected a rule code or name")
    for name, override in cfg.options.items():
        rule = rules.get(name) or by_name[name]
        try:
            instantiate_detector(rule, {**rule.options, **override})
        except OptionsError as exc:
            key = f"options.{name}" + (f".{exc.key}" if exc.key else "")
            raise fail(key, exc.reason) from exc
        except RuleError as exc:
            raise ConfigError(str(exc)) from exc


def from_mapping(section: Mapping[str, Any], path: Path | None) -> Config:
    root = path.parent if path is not None else Path.cwd()
    cfg = Config(path=path, root=root)
    if "select" in section:
        cfg.select = list(section["select"])
    cfg.extend_select = list(section.get("extend-select", []))
    cfg.ignore = list(section.get("ignore", []))
    cfg.per_file_ignores = {k: list(v) for k, v in section.get("per-file-ignores", {}).items()}
    cfg.fail_on = section.get("fail-on", cfg.fail_on)
    cfg.severity = dict(section.get("severity", {}))
    cfg.options = {k: dict(v) for k, v in section.get("options", {}).items()}
    cfg.rule_packs = [root / p for p in section.get("rule-packs", [])]
    cfg.include = list(section.get("include", []))
    cfg.exclude = list(section.get("exclude", []))
    jsonl = section.get("jsonl", {})
    cfg.text_field = jsonl.get("text-field", cfg.text_field)
    cfg.id_field = jsonl.get("id-field", cfg.id_field)
    cfg.languages = list(section.get("languages", []))
    if "cache-dir" in section:
        cfg.cache_dir = root / section["cache-dir"]
    cfg.jobs = section.get("jobs")
    cfg.output_format = section.get("output-format")
    if "baseline" in section:
        cfg.baseline = root / section["baseline"]
    return cfg


# -- selection -------------------------------------------------------------------------


def selector_specificity(selector: str, rule: Rule) -> int | None:
    """How precisely ``selector`` names ``rule`` (higher is more specific), or None."""
    if selector == "ALL":
        return 0
    if selector == rule.category:
        return 1
    if selector in (rule.code, rule.name) or selector in rule.aliases:
        return 100
    if selector.isalnum() and selector.upper() == selector and rule.code.startswith(selector):
        return len(selector)
    return None


def known_selector(selector: str, rules: Iterable[Rule]) -> bool:
    return any(selector_specificity(selector, r) is not None for r in rules)


def _best(selectors: Sequence[str], rule: Rule) -> int:
    best = -1
    for s in selectors:
        spec = selector_specificity(s, rule)
        if spec is not None and spec > best:
            best = spec
    return best


def select_rules(
    rules: Mapping[str, Rule],
    select: Sequence[str] | None,
    extend_select: Sequence[str],
    ignore: Sequence[str],
) -> list[Rule]:
    """The enabled rules, resolved like ruff: the most specific selector wins."""
    unknown = [
        s
        for s in [*(select or []), *extend_select, *ignore]
        if not known_selector(s, rules.values())
    ]
    if unknown:
        raise ConfigError(f"unknown rule selector {unknown[0]!r} (see `corpus-lint rules`)")
    chosen: list[Rule] = []
    for rule in rules.values():
        # The default selection is as broad as ALL: any ignore narrows it.
        on = (0 if rule.default else -1) if select is None else _best(select, rule)
        on = max(on, _best(extend_select, rule))
        off = _best(ignore, rule)
        if on >= 0 and on > off:
            chosen.append(rule)
    return chosen


def lookup(table: Mapping[str, Any], rule: Rule) -> Any:
    """A per-rule config value keyed by code, alias or name."""
    for key in (rule.code, rule.name, *rule.aliases):
        if key in table:
            return table[key]
    return None
