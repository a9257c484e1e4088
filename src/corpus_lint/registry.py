"""Rules are data, detectors are code: this module joins the two.

Rule packs (YAML) come from the ``corpus_lint.rules`` entry-point group (the
built-in pack registers there too) and from folders named in the config.
Detectors come from the ``corpus_lint.detectors`` entry-point group.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from corpus_lint import usercache
from corpus_lint.api import Detector, DetectorError

# a full stop that ends a sentence: not "e.g. X", "U.S. Y" or "no. 5"
_SENTENCE_END = re.compile(r"(?<![A-Z.])(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)(?<!\bno)\.\s+(?=[A-Z])")


class RuleError(Exception):
    """A rule pack or a rule's options are invalid (the message names file and key)."""


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    category: str
    severity: str
    message: str
    docs: str
    detector: str
    options: Mapping[str, Any] = field(default_factory=dict)
    default: bool = True
    aliases: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    pack: str = ""
    source: str = ""

    @property
    def summary(self) -> str:
        """First sentence of the docs, for tables."""
        first = " ".join(self.docs.strip().split("\n\n", 1)[0].split())
        m = _SENTENCE_END.search(first)
        return first[: m.start() + 1] if m else first

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "default": self.default,
            "detector": self.detector,
            "message": self.message,
            "summary": self.summary,
            "docs": self.docs.strip(),
            "options": dict(self.options),
            "aliases": list(self.aliases),
            "formats": list(self.formats),
            "pack": self.pack,
        }


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped inside the package."""
    text = resources.files("corpus_lint").joinpath("schemas", name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _path_of(error: Any) -> str:
    parts = [str(p) for p in error.absolute_path]
    return ".".join(parts) if parts else "(top level)"


def describe_validation_error(error: Any) -> str:
    """One line: where in the document, and what was expected."""
    return f"at '{_path_of(error)}': {error.message}"


def validate(instance: Any, schema_name: str) -> list[str]:
    """Messages for every schema violation (empty when valid)."""
    schema = load_schema(schema_name)
    digest = _fingerprint(schema, instance)
    if digest is not None and _VALID.get(digest):
        return []
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    if not errors and digest is not None:
        _VALID.add(digest, True)
    return [describe_validation_error(e) for e in errors]


# -- what earlier runs found valid (the user cache) ------------------------------------
#
# Importing jsonschema and validating every pack and every rule's options takes ~0.1 s
# of each run's start-up, for the same answers run after run.  An instance found valid
# against a schema is remembered by a digest of both (their canonical JSON); anything
# not remembered (new, changed, or invalid) is validated, so errors are the same.

_VALID = usercache.Table("valid-instances", ("valid-instances", 1))
"""Digest of a schema and an instance found valid against it -> True."""


def _fingerprint(schema: Any, instance: Any) -> str | None:
    """A digest of ``schema`` and ``instance``; ``None`` unless both are plain JSON
    (a key that is not a string, a tuple, a date... could not be told apart)."""
    try:
        text = json.dumps([schema, instance], sort_keys=True, allow_nan=False)
        if json.loads(text) != [schema, instance]:
            return None
    except (TypeError, ValueError, RecursionError):
        return None
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


# -- packs ---------------------------------------------------------------------------


def builtin_pack_dirs() -> list[Path]:
    """Folders holding rule packs, from the ``corpus_lint.rules`` entry points."""
    dirs: list[Path] = []
    for ep in sorted(metadata.entry_points(group="corpus_lint.rules"), key=lambda e: e.name):
        try:
            provider = ep.load()
            found = provider() if callable(provider) else provider
        except Exception as exc:  # a broken plugin must not stop the run
            raise RuleError(f"rule-pack entry point {ep.name!r} failed to load: {exc}") from exc
        if isinstance(found, (str, Path)):
            dirs.append(Path(found))
        else:
            dirs.extend(Path(p) for p in found)
    return dirs


def pack_files(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


_PACKS: dict[tuple[str, int, int], list[Rule]] = {}
_PARSED: usercache.Table | None = None


def _parsed_packs() -> usercache.Table:
    """Packs parsed and found valid in earlier runs, by file and version (valid against
    this version of the schema)."""
    global _PARSED
    if _PARSED is None:
        schema = load_schema("rulepack.schema.json")
        key = ("rule-packs", 1, _fingerprint(schema, None))
        _PARSED = usercache.Table("rule-packs", key, limit=1_000)
    return _PARSED


def _parse_pack(path: Path) -> Any:
    """The YAML of a pack, validated against the rule-pack schema."""
    import yaml

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(path.read_text("utf-8"), Loader=loader)
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rule pack: {exc}") from exc
    except yaml.YAMLError as exc:
        raise RuleError(f"{path}: invalid YAML: {exc}") from exc
    problems = validate(data, "rulepack.schema.json")
    if problems:
        raise RuleError(f"{path}: invalid rule pack {problems[0]}")
    return data


def load_pack(path: Path) -> list[Rule]:
    """The rules of one pack (parsed once per process while the file is unchanged, and
    taken from the user cache when an earlier run parsed this version of the file)."""
    try:
        st = path.stat()
        key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    except OSError as exc:
        raise RuleError(f"{path}: cannot read rule pack: {exc}") from exc
    cached = _PACKS.get(key)
    if cached is not None:
        return list(cached)
    data = _parsed_packs().get(key)
    if data is None:
        data = _parse_pack(path)
        _parsed_packs().add(key, copy.deepcopy(data))
    rules: list[Rule] = []
    for raw in data["rules"]:
        rules.append(
            Rule(
                code=raw["code"],
                name=raw["name"],
                category=raw["category"],
                severity=raw["severity"],
                message=raw["message"],
                docs=raw["docs"],
                detector=raw["detector"],
                options=raw.get("options", {}),
                default=raw.get("default", True),
                aliases=tuple(raw.get("aliases", ())),
                formats=tuple(raw.get("formats", ())),
                pack=data["pack"],
                source=str(path),
            )
        )
    _PACKS[key] = rules
    return list(rules)


def load_rules(extra_dirs: Iterable[Path] = ()) -> dict[str, Rule]:
    """Every rule, by code; duplicate codes or names across packs are an error."""
    rules: dict[str, Rule] = {}
    names: dict[str, str] = {}
    for folder in [*builtin_pack_dirs(), *extra_dirs]:
        if not folder.exists():
            raise RuleError(f"{folder}: rule-pack folder does not exist")
        for file in pack_files(folder):
            for rule in load_pack(file):
                if rule.code in rules:
                    raise RuleError(
                        f"{file}: rule code {rule.code} is already defined in "
                        f"{rules[rule.code].source}"
                    )
                if rule.name in names:
                    raise RuleError(
                        f"{file}: rule name {rule.name!r} is already used by {names[rule.name]}"
                    )
                rules[rule.code] = rule
                names[rule.name] = rule.code
    return dict(sorted(rules.items()))


# -- detectors -----------------------------------------------------------------------


@cache
def detector_entry_points() -> dict[str, metadata.EntryPoint]:
    """Detector entry points by name (loaded only when a rule uses them)."""
    found: dict[str, metadata.EntryPoint] = {}
    for ep in sorted(metadata.entry_points(group="corpus_lint.detectors"), key=lambda e: e.value):
        found.setdefault(ep.name, ep)
    return found


@cache
def detector_class(name: str) -> type[Detector] | None:
    ep = detector_entry_points().get(name)
    if ep is None:
        return None
    try:
        cls: type[Detector] = ep.load()
    except Exception as exc:
        raise RuleError(f"detector entry point {name!r} failed to load: {exc}") from exc
    return cls


class OptionsError(Exception):
    """A detector refused a rule's options: ``key`` (dotted, may be empty) and why."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}" if key else reason)
        self.key = key
        self.reason = reason


def instantiate_detector(rule: Rule, options: Mapping[str, Any]) -> Detector:
    """The rule's detector with these options; :class:`OptionsError` if it refuses them."""
    cls = detector_class(rule.detector)
    if cls is None:
        raise RuleError(
            f"{rule.source}: rule {rule.code} uses unknown detector {rule.detector!r} "
            f"(known: {', '.join(sorted(detector_entry_points()))})"
        )
    schema = dict(cls.options_schema)
    digest = _fingerprint(schema, dict(options))
    if digest is None or not _VALID.get(digest):
        import jsonschema

        validator = jsonschema.Draft202012Validator(schema)
        errors = sorted(validator.iter_errors(dict(options)), key=lambda e: list(e.absolute_path))
        if errors:
            key = ".".join(str(p) for p in errors[0].absolute_path)
            raise OptionsError(key, errors[0].message)
        if digest is not None:
            _VALID.add(digest, True)
    try:
        return cls(options)
    except DetectorError as exc:
        raise OptionsError("", str(exc)) from exc


def make_detector(rule: Rule, options: Mapping[str, Any]) -> Detector:
    try:
        return instantiate_detector(rule, options)
    except OptionsError as exc:
        where = f" options at '{exc.key}'" if exc.key else ""
        raise RuleError(f"{rule.source}: rule {rule.code}{where}: {exc.reason}") from exc
