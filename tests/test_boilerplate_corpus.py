"""BP040 repeated-line: lines recurring across documents of one site or folder."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

from corpus_lint.config import Config
from corpus_lint.detectors.boilerplate_corpus import CorpusRepeatDetector, group_of
from corpus_lint.document import Document
from corpus_lint.engine import Finding, LintSpec, run

FOOTER = "© 2024 Example News Group. All rights reserved worldwide."
MENU = ["Home", "News", "Sport", "Weather"]


def article(i: int) -> str:
    """A distinct article body: sentences no other document shares."""
    return "\n\n".join(
        f"Paragraph {k} of story {i}: the council met on day {i * 7 + k} to discuss item {k}."
        for k in range(3)
    )


def lint_folder(
    folder: Path, options: dict[str, object] | None = None, jobs: int = 1
) -> list[Finding]:
    cfg = Config(root=folder, options={"BP040": dict(options or {})})
    result = run([str(folder)], LintSpec(config=cfg, select=["BP040"]), jobs=jobs, progress=False)
    return result.findings


def write_docs(folder: Path, texts: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"doc{i:03d}.txt").write_text(text, encoding="utf-8")


def test_footer_and_menu_shared_by_five_documents_are_flagged_in_each(tmp_path: Path) -> None:
    texts = ["\n".join(MENU) + "\n\n" + article(i) + "\n\n" + FOOTER + "\n" for i in range(5)]
    write_docs(tmp_path / "site", texts)
    findings = lint_folder(tmp_path / "site")
    by_doc: dict[str, list[Finding]] = {}
    for f in findings:
        by_doc.setdefault(f.path, []).append(f)
    assert len(by_doc) == 5
    for path, found in by_doc.items():
        text = (tmp_path / path).read_text(encoding="utf-8")
        spans = [text[f.start : f.end] for f in found]
        assert spans == ["\n".join(MENU), FOOTER], path
        menu, footer = found
        assert (menu.line, menu.column, menu.end_line) == (1, 1, 4)
        assert footer.line == text[: footer.start].count("\n") + 1
        assert footer.message.startswith("Repeated in 5 of 5 documents of ")
        assert footer.message.endswith("site/: '" + FOOTER + "'")
        assert menu.message.endswith(": 'Home … Weather'")


def test_line_shared_by_two_of_fifty_documents_is_not_flagged(tmp_path: Path) -> None:
    shared = "Reporting by the regional desk; editing by the night team."
    texts = [article(i) + (f"\n\n{shared}\n" if i in (3, 40) else "\n") for i in range(50)]
    write_docs(tmp_path / "corpus", texts)
    assert lint_folder(tmp_path / "corpus") == []


def test_min_share_of_a_large_group(tmp_path: Path) -> None:
    shared = "Reporting by the regional desk; editing by the night team."
    texts = [article(i) + (f"\n\n{shared}\n" if i % 50 == 0 else "\n") for i in range(200)]
    write_docs(tmp_path / "corpus", texts)  # 4 of 200 documents = 2%
    assert len(lint_folder(tmp_path / "corpus")) == 4
    assert lint_folder(tmp_path / "corpus", {"min_share": 0.05}) == []


def test_common_heading_with_different_text_after_it_is_not_flagged(tmp_path: Path) -> None:
    texts = [f"Introduction\n{article(i)}\n\nReferences\nSource {i}, page {i}.\n" for i in range(6)]
    write_docs(tmp_path / "papers", texts)
    assert lint_folder(tmp_path / "papers") == []


def test_short_lines_in_a_repeated_block_are_flagged(tmp_path: Path) -> None:
    # The same short heading followed by the same line everywhere is a block, not a heading.
    texts = [f"{article(i)}\n\nFollow us\nFacebook\nTwitter\n" for i in range(4)]
    write_docs(tmp_path / "blog", texts)
    findings = lint_folder(tmp_path / "blog")
    assert len(findings) == 4
    assert all(f.end_line - f.line == 2 for f in findings)


def test_one_document_corpus_is_unaffected(tmp_path: Path) -> None:
    text = "\n".join(MENU) + "\n\n" + article(0) + "\n\n" + FOOTER + "\n"
    write_docs(
        tmp_path / "one",
        [
            text,
        ],
    )
    assert lint_folder(tmp_path / "one") == []
    assert lint_folder(tmp_path / "one", {"min_documents": 2, "min_share": 0}) == []


def test_a_line_repeated_inside_one_document_counts_once(tmp_path: Path) -> None:
    texts = [article(0) + f"\n\n{FOOTER}\n{FOOTER}\n{FOOTER}\n", article(1) + f"\n\n{FOOTER}\n"]
    texts += [article(i) + "\n" for i in range(2, 6)]
    write_docs(tmp_path / "corpus", texts)
    assert lint_folder(tmp_path / "corpus") == []


def test_groups_are_sites_when_documents_have_urls(tmp_path: Path) -> None:
    shared = "Sign up for the morning briefing delivered to your inbox daily."
    rows = []
    for i in range(6):
        site = "a.example.org" if i < 3 else "www.b.example.org"
        text = article(i) + (f"\n\n{shared}" if i in (0, 1, 3, 4) else "")
        rows.append({"id": f"r{i}", "url": f"https://{site}/story/{i}", "text": text})
    shard = tmp_path / "crawl" / "shard.jsonl"
    shard.parent.mkdir()
    shard.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    # Two documents of each site share the line: under min_documents per site.
    assert lint_folder(tmp_path / "crawl") == []
    findings = lint_folder(tmp_path / "crawl", {"group_by": "corpus"})
    assert sorted(f.document or "" for f in findings) == ["r0", "r1", "r3", "r4"]
    assert all("4 of 6 documents of the corpus" in f.message for f in findings)
    for row in rows[3:5]:
        row["text"] = str(row["text"]) + "\n\n" + shared.upper()
    rows.append({"id": "r6", "url": "https://b.example.org/x", "text": f"Intro.\n{shared}"})
    shard.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    # Site b.example.org now has the line (any case) in three of its four documents.
    findings = lint_folder(tmp_path / "crawl")
    # (in r3 and r4 the two copies, one blank line apart, make one finding)
    assert sorted(f.document or "" for f in findings) == ["r3", "r4", "r6"]
    assert all("3 of 4 documents of b.example.org" in f.message for f in findings)
    assert [f.end_line - f.line for f in findings] == [2, 2, 0]
    assert all(f.source_line is not None for f in findings)


def test_site_group_of_a_document() -> None:
    doc = Document(text="x", path="a/b.txt", id="b", metadata={"url": "https://www.Ex.org/x"})
    assert group_of(doc) == "site:ex.org"
    assert group_of(Document(text="x", path="a/b.txt", id="b")) == "folder:a"
    assert group_of(Document(text="x", path="b.txt", id="b")) == "folder:."
    bad = Document(text="x", path="b.txt", id="b", metadata={"url": "http://[::1"})
    assert group_of(bad) == "folder:."


def test_same_findings_with_a_process_pool(tmp_path: Path) -> None:
    texts = ["\n".join(MENU) + "\n\n" + article(i) + "\n\n" + FOOTER + "\n" for i in range(5)]
    write_docs(tmp_path / "site", texts)
    one = [(f.path, f.start, f.end, f.fingerprint) for f in lint_folder(tmp_path / "site")]
    two = [(f.path, f.start, f.end, f.fingerprint) for f in lint_folder(tmp_path / "site", jobs=2)]
    assert one == two and len(one) == 10


def test_signature_holds_hashes_not_the_text() -> None:
    long_line = "This sentence of the article is far too long to be page furniture. " * 5
    text = "Home\n\n" + "\n".join(long_line for _ in range(50)) + "\n" + FOOTER + "\n"
    doc = Document(text=text, path="a.txt", id="a")
    sig = CorpusRepeatDetector({}).signature(doc)
    assert list(sig.lines) == [1, 53]
    assert "far too long" not in sig.excerpts
    assert len(pickle.dumps(sig)) < len(text) // 10


def test_options_are_checked() -> None:
    import pytest

    from corpus_lint.api import DetectorError

    with pytest.raises(DetectorError):
        CorpusRepeatDetector({"min_chars": 50, "max_chars": 10})


def test_any_text_gives_consistent_positions() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from corpus_lint.api import DocRef, JoinContext

    line = st.sampled_from(["Home", "  News ", "Sign up for our daily newsletter today please", ""])
    noise = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)
    sep = st.sampled_from(["\n", "\r\n", "\r", "\n\n"])

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.lists(st.tuples(st.one_of(line, noise), sep), max_size=12), max_size=6))
    def check(docs: list[list[tuple[str, str]]]) -> None:
        det = CorpusRepeatDetector({"min_documents": 2, "min_words": 1})
        sigs = []
        texts = []
        for i, parts in enumerate(docs):
            text = "".join(a + b for a, b in parts)
            doc = Document(text=text, path=f"d/{i}.txt", id=str(i))
            texts.append(doc)
            sigs.append((DocRef(doc.path, doc.id, 0), det.signature(doc)))
        for ref, hit in det.join(sigs, JoinContext()):
            doc = texts[int(ref.id)]
            assert 0 <= hit.start < hit.end <= len(doc.text)
            assert hit.position is not None
            line_no, col, end_line, end_col = hit.position
            assert (line_no, col) == doc.position(hit.start)
            assert (end_line, end_col) == doc.end_position(hit.start, hit.end)
            assert doc.text[hit.start : hit.end].strip() == doc.text[hit.start : hit.end]

    check()


def test_candidate_lines_are_those_of_the_plain_normalization() -> None:
    """Lines too long to count are refused without normalizing them: the same lines."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from corpus_lint.detectors.boilerplate_corpus import _LETTER, _Candidates, _hash

    cands = _Candidates(4, 20, 3)
    words = ["word", "ß", "İ", "ﬃ", "x" * 9, ".", "½"]
    parts = st.sampled_from([*words, " ", "  ", "\t", "\xa0", "\u3000"])

    @settings(max_examples=400, deadline=None)
    @given(st.lists(parts, min_size=1, max_size=30))
    def check(pieces: list[str]) -> None:
        line = "".join(pieces).strip()
        if not line:
            return
        norm = line.casefold()
        if "  " in norm or "\t" in norm or "\xa0" in norm:
            norm = " ".join(norm.split())
        plain = None
        if len(line) <= 80 and 4 <= len(norm) <= 20 and _LETTER.search(norm):
            plain = (_hash(norm), 2 if norm.count(" ") + 1 >= 3 else 0)
        cands.clear()
        assert cands[line] == plain

    check()
