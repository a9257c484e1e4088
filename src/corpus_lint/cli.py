"""The ``corpus-lint`` command.

Exit codes (as ruff, ESLint and RuboCop): 0 nothing at or above ``--fail-on``;
1 findings; 2 usage, configuration or internal error.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from corpus_lint import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

# Nothing uses BLAS: spare numpy the start of a thread pool on every run.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
MAX_FIX_PASSES = 10


class DefaultGroup(click.Group):
    """``corpus-lint PATH...`` means ``corpus-lint check PATH...``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        first = args[0] if args else None
        if first is None or (
            first not in self.commands and first not in ("--help", "-h", "--version")
        ):
            args = ["check", *args]
        return super().parse_args(ctx, args)


def _split(values: Sequence[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(s.strip() for s in v.split(",") if s.strip())
    return out


def _fail(message: str) -> None:
    click.echo(f"corpus-lint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="corpus-lint")
def cli() -> None:
    """A linter for text corpora: boilerplate, duplicates, citations, redactions,
    dates, language and scraping artefacts.

    \b
    corpus-lint seeds/                 lint a folder (same as `corpus-lint check seeds/`)
    corpus-lint rules                  list every rule
    corpus-lint rule CI001             one rule's documentation
    corpus-lint schema                 the report's JSON Schema
    """


@cli.command()
# readable=False: a file that cannot be read is an IO finding, not a usage error
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True, readable=False))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "full", "json", "jsonl", "sarif", "github"]),
    help="Output format [default: text; github under GitHub Actions].",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report here.")
@click.option("--select", multiple=True, help="Rules to run (codes, prefixes, names, categories).")
@click.option("--extend-select", multiple=True, help="Rules to run on top of the selection.")
@click.option("--ignore", multiple=True, help="Rules not to run.")
@click.option(
    "--fail-on",
    type=click.Choice(["info", "warning", "error"]),
    help="Lowest severity that makes the exit code 1 [default: warning].",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Count findings per rule instead of listing.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only: no summary.")
@click.option("-j", "--jobs", type=int, help="Worker processes (0: one per core) [default: 1].")
@click.option(
    "--engine",
    type=click.Choice(["auto", "ray"]),
    default="auto",
    show_default=True,
    help="auto: in-process or a process pool (--jobs); ray: a Ray cluster.",
)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file.")
@click.option("--include-text", is_flag=True, help="Put each document's text in the report.")
@click.option("--fix", is_flag=True, help="Apply safe fixes to .txt and .md files.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix, apply unsafe fixes too.")
@click.option("--stdin-filename", default="-", help="Name (and format) of the text on stdin.")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Signature store folder.")
@click.option("--no-progress", is_flag=True, help="Never show the progress line.")
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False),
    help="Report only findings not in this earlier JSON report (or JSONL findings).",
)
def check(
    paths: tuple[str, ...],
    output_format: str | None,
    output: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    exit_zero: bool,
    statistics: bool,
    quiet: bool,
    jobs: int | None,
    engine: str,
    config_path: str | None,
    include_text: bool,
    fix: bool,
    unsafe_fixes: bool,
    stdin_filename: str,
    cache_dir: str | None,
    no_progress: bool,
    baseline_path: str | None,
) -> None:
    """Lint files, folders, JSONL shards, or '-' for stdin."""
    from corpus_lint.api import SEVERITY_RANK
    from corpus_lint.config import ConfigError, load_config
    from corpus_lint.engine import LintSpec, drive
    from corpus_lint.formatters import iter_render, render_statistics
    from corpus_lint.registry import RuleError
    from corpus_lint.sources import SourceOptions
    from corpus_lint.spool import Spool

    try:
        cfg = load_config(Path(config_path) if config_path else None)
    except ConfigError as exc:
        _fail(str(exc))
    if cache_dir:
        cfg.cache_dir = Path(cache_dir)
    elif cfg.cache_dir is None:
        cfg.cache_dir = cfg.root / ".corpus-lint-cache"
    baseline = None
    baseline_file = Path(baseline_path) if baseline_path else cfg.baseline
    if baseline_file is not None:
        from corpus_lint.baseline import BaselineError, load_baseline

        try:
            baseline = load_baseline(baseline_file)
        except BaselineError as exc:
            _fail(str(exc))
    spec = LintSpec(
        baseline=baseline,
        config=cfg,
        select=_split(select) if select else None,
        extend_select=_split(extend_select),
        ignore=_split(ignore),
        include_text=include_text,
    )
    n_jobs = jobs if jobs is not None else (cfg.jobs if cfg.jobs is not None else 1)
    if n_jobs == 0:
        n_jobs = os.cpu_count() or 1
    if n_jobs < 0:
        _fail("--jobs must be 0 (one per core) or more")
    fmt = output_format or cfg.output_format
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    sopts = SourceOptions(
        text_field=cfg.text_field,
        id_field=cfg.id_field,
        include=cfg.include,
        exclude=cfg.exclude,
        stdin_filename=stdin_filename,
        root=Path.cwd(),
        glob_root=cfg.root,
    )
    # A path that does not exist or cannot be read becomes an IO001 finding (like
    # ruff's E902) and the other paths are still linted: pre-commit passes names.
    targets = list(paths) or ["."]
    if fix and "-" in targets:
        # --fix lints again after writing; standard input can only be read once
        sopts.stdin_data = sys.stdin.buffer.read()

    spools: list[Spool] = []

    def lint() -> dict[str, Any]:
        """Lint into a fresh spool; the report reads its findings back from disk."""
        for old in spools:
            old.close()
        spool = Spool()
        spools.append(spool)
        try:
            info = drive(
                targets,
                spec,
                spool,
                jobs=n_jobs,
                engine=engine,
                source_options=sopts,
                progress=not (no_progress or quiet),
            )
        except (ConfigError, RuleError, ImportError) as exc:
            _fail(str(exc))
            raise  # unreachable: _fail exits
        for message in info.messages:
            click.echo(f"corpus-lint: {message}", err=True)
        return spool.report(info, cfg, baseline)

    report = lint()
    from corpus_lint.registry import load_rules

    all_rules = load_rules(cfg.rule_packs)

    if fix:
        from corpus_lint.fix import apply_fixes

        # Like ruff: fix, lint again, until nothing more applies (fixes that overlapped
        # an applied one get their turn); the report is the last lint's, so its
        # positions are those of the fixed files.
        applied = 0
        fixed_files: set[str] = set()
        notes: list[str] = []
        for _ in range(MAX_FIX_PASSES):
            skip = {stdin_filename} if "-" in targets else set()
            outcome = apply_fixes(report, unsafe=unsafe_fixes, skip=skip)
            notes.extend(n for n in outcome.skipped if n not in notes)
            if not outcome.files:
                break
            applied += outcome.applied
            fixed_files.update(outcome.files)
            report = lint()
        for note in notes:
            click.echo(f"corpus-lint: {note}", err=True)
        if applied:
            click.echo(
                f"Fixed {applied} finding{'s' if applied != 1 else ''} "
                f"in {len(fixed_files)} file{'s' if len(fixed_files) != 1 else ''}.",
                err=True,
            )

    chunks: Iterable[str]
    if statistics:
        chunks = (render_statistics(report, all_rules),)
    else:
        chunks = iter_render(fmt, report, all_rules)
        if quiet and fmt in ("text", "full"):
            chunks = (
                "".join(
                    line + "\n"
                    for line in "".join(chunks).splitlines()
                    if line and not line.startswith(("Found ", "All clean", "[*] "))
                ),
            )
    if output:
        from corpus_lint.fix import atomic_write_chunks

        try:
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            atomic_write_chunks(Path(output), chunks)
        except OSError as exc:
            _fail(f"{output}: cannot write the report: {exc.strerror or exc}")
    else:
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()

    for spool in spools:
        spool.close()
    threshold = SEVERITY_RANK[fail_on or cfg.fail_on]
    by_severity = report["summary"]["by_severity"]
    failing = any(n and SEVERITY_RANK[sev] >= threshold for sev, n in by_severity.items())
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN)


@cli.command("rules")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file.")
def rules_command(output_format: str, config_path: str | None) -> None:
    """List every rule: code, name, category, default severity, whether on by default."""
    from corpus_lint.config import ConfigError, load_config
    from corpus_lint.registry import RuleError, load_rules

    try:
        cfg = load_config(Path(config_path) if config_path else None)
        rules = load_rules(cfg.rule_packs)
    except (ConfigError, RuleError) as exc:
        _fail(str(exc))
    if output_format == "json":
        click.echo(json.dumps([r.to_json() for r in rules.values()], indent=2, ensure_ascii=False))
        return
    if output_format == "markdown":
        click.echo("| Code | Name | Category | Severity | Default | What it finds |")
        click.echo("| --- | --- | --- | --- | --- | --- |")
        for r in rules.values():
            summary = r.summary.replace("|", "\\|")
            default = "yes" if r.default else "no"
            click.echo(
                f"| {r.code} | `{r.name}` | {r.category} | {r.severity} | {default} | {summary} |"
            )
        return
    width = max(len(r.name) for r in rules.values())
    for r in rules.values():
        default = " " if r.default else "o"
        click.echo(f"{r.code}  {default} {r.name:<{width}}  {r.category:<11}  {r.severity}")
    click.echo(f"\n{len(rules)} rules ('o': opt-in, enable with --extend-select CODE).")


@cli.command("rule")
@click.argument("code")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file.")
def rule_command(code: str, config_path: str | None) -> None:
    """Show one rule's documentation (by code or name)."""
    from corpus_lint.config import ConfigError, load_config
    from corpus_lint.registry import RuleError, load_rules

    try:
        cfg = load_config(Path(config_path) if config_path else None)
        rules = load_rules(cfg.rule_packs)
    except (ConfigError, RuleError) as exc:
        _fail(str(exc))
    found = next(
        (r for r in rules.values() if code in (r.code, r.name) or code.upper() in r.aliases), None
    )
    if found is None:
        found = rules.get(code.upper())
    if found is None:
        _fail(f"unknown rule {code!r} (see `corpus-lint rules`)")
        return
    click.echo(f"# {found.code} {found.name}\n")
    click.echo(
        f"Category: {found.category}    Severity: {found.severity}    "
        f"Default: {'on' if found.default else 'off (opt-in)'}    Detector: {found.detector}\n"
    )
    click.echo(found.docs.strip() + "\n")
    if found.options:
        click.echo("Options (set under [tool.corpus-lint.options." + found.code + "]):")
        for key, value in found.options.items():
            shown = json.dumps(value, ensure_ascii=False)
            if len(shown) > 100:
                shown = shown[:97] + "..."
            click.echo(f"  {key} = {shown}")


@cli.command("schema")
@click.argument("which", type=click.Choice(["report", "config", "rulepack"]), default="report")
def schema_command(which: str) -> None:
    """Print a JSON Schema: the report's (default), the config's or a rule pack's."""
    from corpus_lint.registry import load_schema

    click.echo(json.dumps(load_schema(f"{which}.schema.json"), indent=2))


def main(argv: Sequence[str] | None = None) -> None:
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="corpus-lint")
    except KeyboardInterrupt:
        click.echo("corpus-lint: interrupted", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # never a traceback for users; CORPUS_LINT_DEBUG=1 shows it
        if os.environ.get("CORPUS_LINT_DEBUG"):
            raise
        click.echo(f"corpus-lint: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(EXIT_ERROR)
