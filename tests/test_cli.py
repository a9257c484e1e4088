"""The command line as a user meets it: commands, options, exit codes, no tracebacks."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from corpus_lint import __version__, cli, engine
from support import invoke, write

CITE = "A claim [citation] here.\n"


def test_version_and_help() -> None:
    assert invoke(["--version"]).stdout == f"corpus-lint, version {__version__}\n"
    top = invoke(["--help"])
    assert top.exit_code == 0
    for command in ("check", "rules", "rule", "schema"):
        assert command in top.stdout
    check_help = invoke(["check", "--help"]).stdout
    for option in (
        "--format",
        "--output",
        "--select",
        "--extend-select",
        "--ignore",
        "--fail-on",
        "--exit-zero",
        "--statistics",
        "--quiet",
        "--jobs",
        "--config",
        "--include-text",
        "--fix",
        "--unsafe-fixes",
        "--stdin-filename",
    ):
        assert option in check_help, option


def test_check_is_the_default_command(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", CITE)
    implicit = invoke(["a.txt", "--select", "CI"], cwd=tmp_path)
    explicit = invoke(["check", "a.txt", "--select", "CI"], cwd=tmp_path)
    options_first = invoke(["--select", "CI", "a.txt"], cwd=tmp_path)
    assert implicit.exit_code == explicit.exit_code == options_first.exit_code == 1
    assert implicit.stdout == explicit.stdout == options_first.stdout
    assert implicit.stdout.startswith("a.txt:1:9: CI001")


def test_no_path_lints_the_working_directory(tmp_path: Path) -> None:
    write(tmp_path, "sub/a.txt", CITE)
    res = invoke(["--select", "CI"], cwd=tmp_path)
    assert res.exit_code == 1
    assert res.stdout.startswith("sub/a.txt:1:9: CI001")


def test_a_file_named_like_a_command_is_linted(tmp_path: Path) -> None:
    write(tmp_path, "rules", CITE)
    res = invoke(["check", "rules", "--select", "CI"], cwd=tmp_path)
    assert res.exit_code == 1 and res.stdout.startswith("rules:1:9: CI001")


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", CITE)
    for args in (
        ["a.txt", "--format", "yaml"],
        ["a.txt", "--fail-on", "fatal"],
        ["a.txt", "--no-such-option"],
        ["a.txt", "--jobs", "-2"],
        ["a.txt", "--select", "XX"],
        ["a.txt", "--ignore", "nonsense"],
        ["schema", "nothing"],
        ["rule"],
    ):
        res = invoke(args, cwd=tmp_path)
        assert res.exit_code == 2, args
        assert res.stdout == "", args


def test_messages_go_to_stderr_and_diagnostics_to_stdout(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", CITE)
    res = run_cli(["a.txt", "--select", "CI"], cwd=tmp_path)
    assert "CI001" in res.stdout and res.stderr == ""
    # a path that does not exist is an input problem, reported like any finding
    bad = run_cli(["missing.txt", "a.txt", "--select", "CI,IO"], cwd=tmp_path)
    assert bad.exit_code == 1 and bad.stderr == ""
    assert "missing.txt:1:1: IO001 cannot read file: No such file or directory" in bad.stdout
    assert "a.txt:1:" in bad.stdout


def test_internal_error_is_one_line_exit_2_no_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "a.txt", CITE)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("detector exploded")

    monkeypatch.setattr(engine, "drive", broken)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CORPUS_LINT_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["a.txt"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err == "corpus-lint: internal error: RuntimeError: detector exploded\n"
    # CORPUS_LINT_DEBUG shows the traceback for developers
    monkeypatch.setenv("CORPUS_LINT_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli.main(["a.txt"])


def test_no_progress_line_on_a_pipe(tmp_path: Path) -> None:
    for i in range(30):
        write(tmp_path, f"d{i}.txt", CITE * 50)
    res = run_cli(["."], cwd=tmp_path)
    assert res.exit_code == 1
    assert res.stderr == ""


def test_progress_line_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for tty, ci, expected in ((True, None, True), (True, "true", False), (False, None, False)):
        stream = Terminal() if tty else io.StringIO()
        monkeypatch.setattr(sys, "stderr", stream)
        if ci is None:
            monkeypatch.delenv("CI", raising=False)
        else:
            monkeypatch.setenv("CI", ci)
        bar = engine.Progress(True)
        bar.last = -1.0  # due now
        bar.update(10, 2_000_000)
        bar.close()
        assert ("10 documents" in stream.getvalue()) is expected, (tty, ci)
    quiet = engine.Progress(False)
    assert not quiet.enabled


def test_start_up_imports_nothing_heavy() -> None:
    code = (
        "import sys, corpus_lint.cli, corpus_lint.engine, corpus_lint.sources\n"
        "heavy = {'trafilatura', 'langdetect', 'datasketch', 'ray', 'lxml', 'ftfy',"
        " 'html_text', 'htmldate', 'jsonschema', 'dateutil'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert out.strip() == "[]"


def test_one_small_file_imports_only_what_its_rules_need(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", CITE)
    code = (
        "import sys\n"
        "from corpus_lint.cli import main\n"
        "try:\n"
        "    main(['a.txt', '--select', 'CI,RD,BP001', '--quiet'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = {'trafilatura', 'langdetect', 'datasketch', 'ray', 'lxml', 'html_text'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy), file=sys.stderr)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert res.stderr.strip() == "[]"


def test_stdin_dash_with_other_paths(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", CITE)
    res = invoke(["a.txt", "-", "--select", "CI"], cwd=tmp_path, stdin="Also [cite].\n")
    assert res.exit_code == 1
    assert [x.split(":")[0] for x in res.stdout.splitlines()[:2]] == ["-", "a.txt"]


def test_rule_packs_error_from_rules_command_exits_2(tmp_path: Path) -> None:
    write(tmp_path, "corpus-lint.toml", 'rule-packs = ["nope"]\n')
    for args in (["rules"], ["rule", "CI001"], ["a.txt"]):
        res = invoke(args, cwd=tmp_path)
        assert res.exit_code == 2, args
        assert "rule-packs" in res.stderr
