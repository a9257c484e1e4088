"""BP050 outside-main-content: visible lines of an HTML page outside trafilatura's main content.

Two pages of the boilerplate bench (scrapinghub's article-extraction-benchmark, MIT, see
fixtures/html/LICENSE) with their gold article text, and pages written here.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from corpus_lint.config import Config
from corpus_lint.detectors.boilerplate_html import MainContentDetector, aligned_fractions, tokens
from corpus_lint.document import Document
from corpus_lint.engine import Finding, LintSpec, RuleSet
from corpus_lint.htmlsource import html_document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"
PAGES = sorted(p.name.removesuffix(".html.gz") for p in FIXTURES.glob("*.html.gz"))

PARAGRAPHS = [
    "The city council voted on Tuesday to extend the tram line to the northern suburbs, "
    "a project that has been debated for more than a decade.",
    "Supporters say the extension will cut commuting times by a third and relieve the "
    "crowded bus routes that now serve the area during the morning rush.",
    "Opponents argued that the budget, estimated at 240 million euros, could be better "
    "spent on repairing the existing network, which suffers frequent breakdowns.",
    "Construction is expected to begin next spring and to last about four years, "
    "according to the transport authority, which will publish a detailed timetable.",
]


def page(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<html><head><title>Tram line - City News</title></head><body>"
        "<header><nav><ul><li><a href='/'>Home</a></li><li><a href='/politics'>Politics</a>"
        "</li><li><a href='/sport'>Sport</a></li></ul></nav></header>"
        f"<main><article><h1>Council backs tram extension</h1>{body}</article></main>"
        "<aside><h3>Most read</h3><ul><li><a href='/a'>Storm closes the harbour</a></li>"
        "<li><a href='/b'>Local bakery wins national prize</a></li></ul></aside>"
        "<footer><p><a href='/privacy'>Privacy</a> | <a href='/terms'>Terms</a></p>"
        "<p>Copyright City News Media Group</p></footer></body></html>"
    )


def rules(select: list[str]) -> RuleSet:
    return RuleSet(LintSpec(config=Config(), select=select))


def lint_html(html: str, select: list[str] | None = None) -> tuple[Document, list[Finding]]:
    doc = html_document("page.html", html.encode("utf-8"))
    return doc, rules(select or ["BP050"]).lint(doc).findings


def flagged_lines(doc: Document, findings: list[Finding]) -> list[str]:
    covered = bytearray(len(doc.text))
    for f in findings:
        covered[f.start : f.end] = b"\x01" * (f.end - f.start)
    out = []
    for span in doc.lines():
        line = doc.text[span.start : span.end].strip()
        if line and covered[span.start + doc.text[span.start : span.end].find(line)]:
            out.append(line)
    return out


def test_navigation_and_footer_are_flagged_and_the_article_is_not() -> None:
    doc, findings = lint_html(page(PARAGRAPHS))
    flagged = flagged_lines(doc, findings)
    for line in ("Home", "Politics", "Most read", "Storm closes the harbour", "Privacy | Terms"):
        assert line in flagged, line
    for para in PARAGRAPHS:
        assert para not in flagged
    assert all(f.rule == "BP050" and f.category == "boilerplate" for f in findings)
    assert PARAGRAPHS[0] in doc.cache["main_content"]


def test_consecutive_lines_make_one_finding_with_the_first_line_in_the_message() -> None:
    doc, findings = lint_html(page(PARAGRAPHS))
    first = findings[0]
    assert doc.text[first.start : first.end].splitlines()[0].startswith("Tram line")
    assert "'Tram line - City News'" in first.message
    assert first.line == 1
    assert len(findings) < len(flagged_lines(doc, findings))


def test_a_page_without_main_content_flags_nothing() -> None:
    html = "<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav></body></html>"
    _, findings = lint_html(html)
    assert findings == []


def test_text_documents_and_pages_without_markup_are_skipped() -> None:
    det = MainContentDetector({})
    assert list(det.check(Document(text="Home\nNews\n", path="a.txt", id="a"))) == []
    html_doc = Document(text="Home\nNews\n", path="a.html", id="a", format="html")
    assert list(det.check(html_doc)) == []


def test_broken_markup_does_not_raise() -> None:
    for html in ("<html><body><p>Unclosed <b>tags <i>everywhere", "<<<>>>", "\x00\x01"):
        doc = Document(text=html, path="a.html", id="a", format="html", markup=html)
        assert isinstance(list(MainContentDetector({}).check(doc)), list)


def test_comments_are_outside_the_main_content_unless_asked() -> None:
    comments = (
        "<div class='comments' id='comments'><h3>2 Comments</h3><ol class='commentlist'>"
        "<li class='comment'><p>I live next to the planned stop and I cannot wait for the "
        "trams to run past my house every five minutes, it will change everything.</p></li>"
        "<li class='comment'><p>Another waste of money by a council that never finishes "
        "anything on time, mark my words, it will cost twice as much in the end.</p></li>"
        "</ol></div>"
    )
    html = page(PARAGRAPHS).replace("</article>", "</article>" + comments)
    doc, findings = lint_html(html)
    flagged = flagged_lines(doc, findings)
    assert any(line.startswith("I live next to the planned stop") for line in flagged)
    keep = Config(options={"BP050": {"include_comments": True}})
    doc2 = html_document("page.html", html.encode("utf-8"))
    found2 = RuleSet(LintSpec(config=keep, select=["BP050"])).lint(doc2).findings
    assert not any(line.startswith("I live next to") for line in flagged_lines(doc2, found2))


def test_alignment_counts_a_repeated_teaser_once() -> None:
    lead = "the minister announced a new plan for the railways on monday morning"
    lines = [tokens(lead), tokens("Home"), tokens(lead)]
    fractions = aligned_fractions(lines, [tokens(lead)])
    assert fractions[1] == 0.0
    assert sorted(fractions) == [0.0, 0.0, 1.0]


def test_alignment_finds_content_the_extract_puts_in_another_order() -> None:
    a = "one two three four five six seven eight nine ten"
    b = "alpha beta gamma delta epsilon zeta eta theta iota kappa"
    lines = [tokens(a), tokens("menu item"), tokens(b)]
    fractions = aligned_fractions(lines, [tokens(b + " " + a)])
    assert fractions == [1.0, 0.0, 1.0]


@pytest.mark.parametrize("name", PAGES)
def test_bench_pages_gold_paragraphs_are_not_flagged(name: str) -> None:
    data = (FIXTURES / f"{name}.html.gz").read_bytes()
    gold = (FIXTURES / f"{name}.gold.txt").read_text(encoding="utf-8")
    gold_lines = {" ".join(g.split()) for g in gold.splitlines() if len(g.split()) >= 8}
    doc = html_document(f"{name}.html", gzip.decompress(data))
    select = ["BP001", "BP002", "BP003", "BP004", "BP005", "BP006", "BP007", "BP050"]
    findings = rules(select).lint(doc).findings
    flagged = {" ".join(line.split()) for line in flagged_lines(doc, findings)}
    assert gold_lines, name
    assert not (gold_lines & flagged)
    # and most of the page outside the article is flagged
    page_lines = [
        " ".join(line.split()) for line in doc.text.splitlines() if len(line.split()) >= 1
    ]
    outside = [x for x in page_lines if x not in gold_lines and x not in gold]
    assert len([x for x in outside if x in flagged]) >= 0.8 * len(outside)


def test_any_markup_gives_spans_on_line_boundaries() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    pieces = st.sampled_from(
        ["<p>", "</p>", "<div>", "</div>", "<nav>", "<a href='/'>", "</a>", "<br>", "\n", " "]
        + [f"{PARAGRAPHS[k % 4][: 30 + 20 * k]}" for k in range(4)]
        + ["Home", "Menu", "© Example", "<!-- c -->", "<script>x()</script>", "&amp;", "\u00a0"]
    )

    @settings(max_examples=25, deadline=None)
    @given(st.lists(pieces, max_size=40))
    def check(parts: list[str]) -> None:
        html = "<html><body>" + "".join(parts) + "</body></html>"
        try:
            doc = html_document("p.html", html.encode("utf-8"))
        except Exception:  # the source reports unparsable pages; not this rule's concern
            return
        for hit in MainContentDetector({}).check(doc):
            assert 0 <= hit.start < hit.end <= len(doc.text)
            assert doc.text[hit.start : hit.end].strip() == doc.text[hit.start : hit.end]
            line_start = doc.text.rfind("\n", 0, hit.start) + 1
            assert doc.text[line_start : hit.start].strip() == ""

    check()


def test_alignment_of_a_long_page_is_right() -> None:
    # 6,000 paragraphs: the anchored alignment handles a page this long (its speed is
    # a benchmark's business, not a test's)
    import random

    rng = random.Random(7)
    vocab = ["the", "of", "and", "a", "to", "in"] + [f"w{i}" for i in range(5000)]
    paras = [" ".join(rng.choice(vocab) for _ in range(rng.randint(5, 40))) for _ in range(6000)]
    lines = [tokens(p) for p in paras]
    kept = [tokens(p) for i, p in enumerate(paras) if i % 2 == 0]
    rewrapped = [[t for line in kept[i : i + 3] for t in line] for i in range(0, len(kept), 3)]
    for ref in (kept, rewrapped):
        fractions = aligned_fractions(lines, ref)
        assert [f >= 0.8 for f in fractions] == [i % 2 == 0 for i in range(len(paras))]
