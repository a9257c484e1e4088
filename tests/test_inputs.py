"""Inputs: every format becomes Documents; bad input becomes IO findings, never a traceback."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli
from corpus_lint import sources
from corpus_lint.document import Document, Span
from corpus_lint.sources import InputProblem, SourceOptions, discover, read_documents
from support import findings_of, invoke, span_text, write, write_jsonl

CITE = "A claim that needs a source [citation] here.\n"


def report(args: list[str], cwd: Path, stdin: str | bytes | None = None) -> dict[str, Any]:
    res = invoke(["--format", "json", "--include-text", *args], cwd=cwd, stdin=stdin)
    assert res.exit_code in (0, 1), res.stderr
    data: dict[str, Any] = res.json()
    return data


# -- formats ------------------------------------------------------------------------------


def test_txt_document(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "First line.\n" + CITE)
    rep = report(["a.txt"], tmp_path)
    (doc,) = rep["documents"]
    assert (doc["path"], doc["id"], doc["format"]) == ("a.txt", "a.txt", "txt")
    (f,) = findings_of(rep, "CI")
    assert (f["line"], f["column"], f["document"]) == (2, 29, None)
    assert span_text(rep, f) == "[citation]"


def test_markdown_front_matter_is_metadata_not_text(tmp_path: Path) -> None:
    write(
        tmp_path,
        "post.md",
        "---\ntitle: A post [citation]\ndate: 2021-05-04\nurl: https://example.org/p\n---\n\n"
        + CITE,
    )
    rep = report(["post.md"], tmp_path)
    (doc,) = rep["documents"]
    assert doc["format"] == "md"
    assert doc["metadata"]["title"] == "A post [citation]"
    assert doc["metadata"]["published"] == "2021-05-04"
    assert doc["metadata"]["url"] == "https://example.org/p"
    assert "title:" not in doc["text"]
    # only the body's marker: the front matter is not linted
    (f,) = findings_of(rep, "CI")
    # line numbers still count the file's lines (5 lines of front matter, a blank line)
    assert (f["line"], f["column"]) == (7, 29)
    assert span_text(rep, f) == "[citation]"
    assert doc["text_offset"] == len("---\ntitle: A post [citation]\ndate: 2021-05-04\n") + len(
        "url: https://example.org/p\n---\n"
    )


def test_markdown_without_front_matter_and_thematic_break(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "Intro.\n\n---\n\n" + CITE)
    rep = report(["a.md"], tmp_path)
    (doc,) = rep["documents"]
    assert doc["metadata"] == {}
    assert doc["text"].startswith("Intro.")
    assert [f["line"] for f in findings_of(rep, "CI")] == [5]


def test_invalid_front_matter_is_reported_and_body_still_linted(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\ntitle: [unclosed\n---\n" + CITE)
    rep = report(["a.md"], tmp_path)
    assert [f["rule"] for f in rep["findings"]] == ["IO006", "CI001"]
    assert rep["findings"][1]["line"] == 4


@pytest.mark.parametrize("name", ["page.html", "page.htm"])
def test_html_visible_text(tmp_path: Path, name: str) -> None:
    write(
        tmp_path,
        name,
        "<html><head><meta property='article:published_time' content='2021-03-04'>"
        "<style>p { content: '[citation]'; }</style></head><body>"
        "<p>First paragraph.</p><p>A claim [citation] here.</p>"
        "<script>var note = '[cite]';</script></body></html>",
    )
    rep = report([name], tmp_path)
    (doc,) = rep["documents"]
    assert doc["format"] == "html"
    assert "First paragraph." in doc["text"]
    assert "var note" not in doc["text"] and "content:" not in doc["text"]
    # block elements keep their layout: two paragraphs, two lines
    assert doc["text"].index("A claim") > doc["text"].index("\n")
    assert doc["metadata"].get("published", "").startswith("2021-03-04")
    (f,) = findings_of(rep, "CI")
    assert span_text(rep, f) == "[citation]"


@pytest.mark.parametrize("name", ["shard.jsonl", "shard.jsonl.gz"])
def test_jsonl_one_document_per_line(tmp_path: Path, name: str) -> None:
    write_jsonl(
        tmp_path,
        name,
        [
            {"id": "doc-a", "text": "Clean text.", "url": "https://example.org/a", "lang": "en"},
            {"id": 7, "text": "Line one.\nA claim [citation] here.", "date": "2020-01-02"},
            {"text": "No id [cite]."},
        ],
    )
    rep = report([name], tmp_path)
    docs = rep["documents"]
    assert [(d["id"], d["format"], d["source_line"]) for d in docs] == [
        ("doc-a", "jsonl", 1),
        ("7", "jsonl", 2),
        ("line-3", "jsonl", 3),
    ]
    assert docs[0]["metadata"] == {"url": "https://example.org/a", "lang": "en"}
    assert docs[1]["metadata"]["published"] == "2020-01-02"
    ci = findings_of(rep, "CI")
    assert [(f["document"], f["source_line"], f["line"], f["column"]) for f in ci] == [
        ("7", 2, 2, 9),
        ("line-3", 3, 1, 7),
    ]
    assert [span_text(rep, f) for f in ci] == ["[citation]", "[cite]"]


def test_jsonl_field_names_from_config(tmp_path: Path) -> None:
    write(
        tmp_path,
        "corpus-lint.toml",
        '[jsonl]\ntext-field = "content"\nid-field = "doc_id"\n',
    )
    write_jsonl(
        tmp_path,
        "s.jsonl",
        [
            {"doc_id": "x1", "content": "Claim [citation].", "text": "not this [cite]"},
            {"doc_id": "x2", "text": "only the wrong field [cite]"},
        ],
    )
    rep = report(["s.jsonl"], tmp_path)
    (doc,) = rep["documents"]
    assert doc["id"] == "x1"
    assert doc["metadata"] == {"text": "not this [cite]"}
    assert [(f["rule"], f["document"]) for f in rep["findings"]] == [
        ("CI001", "x1"),
        ("IO004", None),
    ]
    assert "'content'" in rep["findings"][1]["message"]
    assert "line 2" in rep["findings"][1]["message"]


def test_jsonl_is_streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first document is yielded before the reader has read past its line."""
    read: list[int] = []

    class Lines:
        def __enter__(self) -> Lines:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def __iter__(self) -> Iterator[bytes]:
            for i in range(1, 1_000_000):
                read.append(i)
                yield json.dumps({"id": str(i), "text": f"document {i}"}).encode() + b"\n"

    monkeypatch.setattr(sources, "_open_binary", lambda *args: Lines())
    docs = read_documents("big.jsonl", Path("big.jsonl"), SourceOptions())
    first = next(docs)
    assert isinstance(first, Document) and first.id == "1"
    assert len(read) == 1


def test_stdin(tmp_path: Path) -> None:
    rep = report(["-"], tmp_path, stdin=CITE)
    (doc,) = rep["documents"]
    assert (doc["path"], doc["format"]) == ("-", "txt")
    assert [f["path"] for f in rep["findings"]] == ["-"]


def test_stdin_filename_gives_name_and_format(tmp_path: Path) -> None:
    rep = report(["--stdin-filename", "in.md", "-"], tmp_path, stdin="---\ntitle: t\n---\n" + CITE)
    (doc,) = rep["documents"]
    assert (doc["path"], doc["format"], doc["metadata"]) == ("in.md", "md", {"title": "t"})
    assert rep["findings"][0]["line"] == 4
    line = json.dumps({"id": "s1", "text": CITE})
    rep = report(["--stdin-filename", "in.jsonl", "-"], tmp_path, stdin=line + "\n")
    assert [(d["id"], d["format"]) for d in rep["documents"]] == [("s1", "jsonl")]


def test_stdin_jsonl_gz(tmp_path: Path) -> None:
    data = gzip.compress((json.dumps({"id": "g", "text": CITE}) + "\n").encode())
    rep = report(["--stdin-filename", "s.jsonl.gz", "-"], tmp_path, stdin=data)
    assert [(f["rule"], f["document"]) for f in rep["findings"]] == [("CI001", "g")]


# -- directories --------------------------------------------------------------------------


def test_directories_recurse_and_skip_hidden_git_node_modules(tmp_path: Path) -> None:
    for name in [
        "top.txt",
        "sub/deeper/b.md",
        "sub/c.jsonl",
        ".hidden/x.txt",
        ".git/y.txt",
        "node_modules/pkg/z.txt",
        "sub/.secret.txt",
        "sub/notes.rst",
        "sub/image.png",
    ]:
        if name.endswith(".jsonl"):
            write_jsonl(tmp_path, name, [{"id": "1", "text": CITE}])
        else:
            write(tmp_path, name, CITE)
    rep = report(["."], tmp_path)
    assert sorted({f["path"] for f in rep["findings"]}) == [
        "sub/c.jsonl",
        "sub/deeper/b.md",
        "top.txt",
    ]
    assert rep["summary"]["files"] == 3


def test_exclude_and_include_globs(tmp_path: Path) -> None:
    write(
        tmp_path,
        "corpus-lint.toml",
        'exclude = ["drafts", "*.tmp.txt", "sub/skip/**"]\ninclude = ["*.txt", "sub/**"]\n',
    )
    for name in [
        "keep.txt",
        "x.tmp.txt",
        "drafts/a.txt",
        "deep/drafts/b.txt",
        "sub/skip/c.txt",
        "sub/keep.md",
        "other.md",
    ]:
        write(tmp_path, name, CITE)
    rep = report(["."], tmp_path)
    assert sorted({f["path"] for f in rep["findings"]}) == ["keep.txt", "sub/keep.md"]


def test_explicit_file_is_read_whatever_its_folder_or_suffix(tmp_path: Path) -> None:
    write(tmp_path, ".hidden/a.txt", CITE)
    write(tmp_path, "README", CITE)
    rep = report([".hidden/a.txt", "README"], tmp_path)
    assert [f["path"] for f in rep["findings"]] == [".hidden/a.txt", "README"]


def test_discover_walks_in_sorted_order_and_deduplicates(tmp_path: Path) -> None:
    for name in ["b.txt", "a/z.txt", "a/b.txt", "c.md"]:
        write(tmp_path, name, "x")
    opts = SourceOptions(root=tmp_path)
    found = [d for d, _ in discover([str(tmp_path), str(tmp_path / "b.txt")], opts)]
    # a folder's files in name order, then its subfolders in name order
    assert found == ["b.txt", "c.md", "a/b.txt", "a/z.txt"]


# -- bad input ----------------------------------------------------------------------------


def _bad_corpus(root: Path) -> None:
    write(root, "good.txt", CITE)
    write(root, "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00")
    write(root, "latin1.txt", "line one\ncaf\u00e9 au lait\n".encode("latin-1"))
    write(root, "empty.txt", "")
    write(root, "blank.md", "  \n\n\t\n")
    write_jsonl(
        root,
        "shard.jsonl",
        [
            {"id": "ok", "text": CITE},
            '{"id": "broken", "text": "unterminated',
            "[1, 2, 3]",
            {"id": "notext", "body": "x"},
            {"id": "blank", "text": "   "},
            {"id": "later", "text": "Still linted [cite]."},
        ],
    )
    write(root, "corrupt.jsonl.gz", b"\x1f\x8b\x08\x00garbage-not-gzip")
    os.symlink(root / "missing-target.txt", root / "dangling.txt")


def test_bad_inputs_in_one_run_without_traceback(tmp_path: Path) -> None:
    _bad_corpus(tmp_path)
    unreadable = write(tmp_path, "locked.txt", CITE)
    unreadable.chmod(0)
    try:
        res = run_cli([".", "--format", "json"], cwd=tmp_path)
    finally:
        unreadable.chmod(0o644)
    assert res.exit_code == 1, res.stderr
    assert "Traceback" not in res.stderr + res.stdout
    rep = res.json()
    got = [(f["path"], f["rule"], f["line"]) for f in rep["findings"]]
    assert ("binary.txt", "IO002", 1) in got
    assert ("latin1.txt", "IO003", 2) in got
    assert ("empty.txt", "IO005", 1) in got
    assert ("blank.md", "IO005", 1) in got
    assert ("dangling.txt", "IO001", 1) in got
    assert ("corrupt.jsonl.gz", "IO001", 1) in got
    assert ("shard.jsonl", "IO004", 2) in got
    assert ("shard.jsonl", "IO004", 3) in got
    assert ("shard.jsonl", "IO004", 4) in got
    assert ("shard.jsonl", "IO005", 5) in got
    # the good files, and the good lines of the bad shard, are still linted
    ci = [(f["path"], f["document"]) for f in findings_of(rep, "CI")]
    if os.geteuid() == 0:  # root reads a chmod 000 file anyway: the dangling link stands in
        assert ("locked.txt", None) in ci
    else:
        assert ("locked.txt", "IO001", 1) in got
        assert "Permission denied" in " ".join(f["message"] for f in rep["findings"])
    ci = [x for x in ci if x[0] != "locked.txt"]
    assert ci == [("good.txt", None), ("shard.jsonl", "ok"), ("shard.jsonl", "later")]
    messages = {f["rule"] + ":" + f["path"]: f["message"] for f in rep["findings"]}
    assert "binary" in messages["IO002:binary.txt"]
    utf8 = messages["IO003:latin1.txt"]
    assert "invalid UTF-8" in utf8 and "byte 12" in utf8 and "line 2, column 4" in utf8
    assert "empty" in messages["IO005:empty.txt"]
    assert "No such file" in messages["IO001:dangling.txt"]
    assert "gzip" in messages["IO001:corrupt.jsonl.gz"].lower()
    shard = [f["message"] for f in rep["findings"] if f["path"] == "shard.jsonl"]
    assert any(m.startswith("line 2: invalid JSON") for m in shard)
    assert any(m.startswith("line 3: expected a JSON object") for m in shard)
    assert any(m.startswith("line 4: text field 'text' is missing") for m in shard)


def test_bad_inputs_in_text_format_name_file_and_line(tmp_path: Path) -> None:
    _bad_corpus(tmp_path)
    res = run_cli(["."], cwd=tmp_path)
    assert res.exit_code == 1
    assert "Traceback" not in res.stderr
    out = res.stdout
    assert "binary.txt:1:1: IO002 " in out
    assert "latin1.txt:2:4: IO003 invalid UTF-8 at byte 12 (line 2, column 4)" in out
    assert "shard.jsonl:2:" in out and "IO004 line 2: invalid JSON" in out
    assert "empty.txt:1:1: IO005 " in out


def test_jsonl_problems_sort_in_line_order(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path, "s.jsonl", [{"id": "a", "text": CITE}, "{oops", {"id": "b", "text": CITE}]
    )
    res = invoke(["s.jsonl"], cwd=tmp_path)
    lines = res.stdout.splitlines()
    assert "document a" in lines[0]
    assert "IO004 line 2" in lines[1]
    assert "document b" in lines[2]


def test_invalid_utf8_inside_jsonl_record(tmp_path: Path) -> None:
    write(tmp_path, "s.jsonl", b'{"id": "a", "text": "caf\xe9"}\n{"id": "b", "text": "fine"}\n')
    rep = report(["s.jsonl"], tmp_path)
    (f,) = rep["findings"]
    assert (f["rule"], f["line"]) == ("IO003", 1)
    assert "invalid UTF-8" in f["message"]
    assert [d["id"] for d in rep["documents"]] == ["b"]


def test_utf8_bom_is_not_text(tmp_path: Path) -> None:
    write(tmp_path, "bom.txt", "\ufeff" + CITE)
    rep = report(["bom.txt"], tmp_path)
    assert rep["documents"][0]["text"] == CITE
    assert rep["findings"][0]["column"] == 29


def test_io_rules_can_be_ignored_and_then_become_messages(tmp_path: Path) -> None:
    write(tmp_path, "empty.txt", "")
    write(tmp_path, "good.txt", "fine\n")
    res = invoke([".", "--ignore", "IO005"], cwd=tmp_path)
    assert res.exit_code == 0
    assert "IO005" not in res.stdout
    assert "empty.txt" in res.stderr


def test_read_documents_never_raises_on_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "looks-like.txt"
    folder.mkdir()
    items = list(read_documents("looks-like.txt", folder, SourceOptions(root=tmp_path)))
    assert len(items) == 1 and isinstance(items[0], InputProblem)
    assert items[0].code == "IO001"


# -- Document -----------------------------------------------------------------------------


def test_document_positions_with_crlf_and_cr() -> None:
    doc = Document(text="ab\r\ncd\ref\ngh", path="x", id="x")
    assert [doc.slice(s) for s in doc.lines()] == ["ab", "cd", "ef", "gh"]
    assert doc.position(0) == (1, 1)
    assert doc.position(4) == (2, 1)
    assert doc.position(7) == (3, 1)
    assert doc.position(11) == (4, 2)
    assert doc.end_position(4, 6) == (2, 3)


def test_document_positions_count_code_points() -> None:
    text = "😀 é [citation]\n"
    doc = Document(text=text, path="x", id="x")
    start = text.index("[")
    assert doc.position(start) == (1, 5)


def test_document_paragraphs() -> None:
    text = "  One\nstill one.\n\n \t\nTwo.\r\n\r\nThree  \n"
    doc = Document(text=text, path="x", id="x")
    assert [doc.slice(s) for s in doc.paragraphs()] == ["One\nstill one.", "Two.", "Three"]
    assert doc.paragraphs()[0] == Span(2, 16)


def test_document_line_offset_shifts_lines_only() -> None:
    doc = Document(text="a\nb", path="x", id="x", line_offset=3)
    assert doc.position(2) == (5, 1)


# -- inline suppression -------------------------------------------------------------------


def test_markdown_disable_enable_region(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.md",
        "One [citation] and [REDACTED].\n\n"
        "<!-- corpus-lint: disable=CI001 -->\n"
        "Two [citation] and [REDACTED].\n"
        "<!-- corpus-lint: enable=CI001 -->\n\n"
        "Three [citation].\n",
    )
    rep = report(["a.md", "--select", "CI,RD"], tmp_path)
    assert [(f["rule"], f["line"]) for f in rep["findings"]] == [
        ("CI001", 1),
        ("RD002", 1),
        ("RD002", 4),
        ("CI001", 7),
    ]


@pytest.mark.parametrize("selector", ["CI001", "citation-placeholder", "citation", "CI", "all"])
def test_markdown_disable_by_code_name_category_prefix_or_all(
    tmp_path: Path, selector: str
) -> None:
    directive = "disable" if selector == "all" else f"disable={selector}"
    write(tmp_path, "a.md", f"Intro.\n\n<!-- corpus-lint: {directive} -->\nA [citation].\n")
    rep = report(["a.md", "--select", "CI"], tmp_path)
    assert rep["findings"] == []


def test_markdown_disable_several_and_to_the_end(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.md",
        "A [citation] [REDACTED] ***.\n<!--corpus-lint: disable=CI001, RD002-->\n"
        "B [citation] [REDACTED] ***.\n",
    )
    rep = report(["a.md", "--select", "CI,RD"], tmp_path)
    assert [(f["rule"], f["line"]) for f in rep["findings"]] == [
        ("CI001", 1),
        ("RD002", 1),
        ("RD001", 1),
        ("RD001", 3),
    ]


def test_directives_are_not_honoured_in_plain_text(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "<!-- corpus-lint: disable=CI001 -->\nA [citation].\n")
    rep = report(["a.txt", "--select", "CI"], tmp_path)
    assert [f["rule"] for f in rep["findings"]] == ["CI001"]


def test_html_disable_covers_the_page(tmp_path: Path) -> None:
    page = "<html><body><!-- corpus-lint: disable=CI --><p>A [citation] and [REDACTED].</p></body>"
    write(tmp_path, "p.html", page)
    rep = report(["p.html", "--select", "CI,RD"], tmp_path)
    assert [f["rule"] for f in rep["findings"]] == ["RD002"]


def _without_file_permissions_bypass() -> list[str]:
    """A command prefix under which chmod 000 holds: none for a normal user; for root,
    setpriv without the capabilities that bypass file permissions."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


def test_unreadable_and_missing_paths_named_or_walked_do_not_stop_the_run(tmp_path: Path) -> None:
    prefix = _without_file_permissions_bypass()
    write(tmp_path, "corpus/ok.txt", CITE)
    write(tmp_path, "corpus/locked/inside.txt", CITE)
    locked_file = write(tmp_path, "named.txt", CITE)
    locked_dir = tmp_path / "corpus" / "locked"
    locked_dir.chmod(0)
    locked_file.chmod(0)
    try:
        proc = subprocess.run(
            [
                *prefix,
                sys.executable,
                "-m",
                "corpus_lint",
                "corpus",
                "named.txt",
                "missing.txt",
                "--select",
                "CI,IO",
                "--no-progress",
                "--cache-dir",
                str(tmp_path / "cache"),
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        locked_dir.chmod(0o755)
        locked_file.chmod(0o644)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    out = proc.stdout
    assert "corpus/locked:1:1: IO001 cannot read folder: Permission denied" in out
    assert "named.txt:1:1: IO001 cannot read file: Permission denied" in out
    assert "missing.txt:1:1: IO001 cannot read file: No such file or directory" in out
    assert "corpus/ok.txt:1:" in out  # the rest is still linted
