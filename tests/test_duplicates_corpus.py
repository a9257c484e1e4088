"""DU003 (near-duplicate documents) and DU004 (paragraphs shared across documents).

The articles in fixtures/duplicates/ are written for these tests: one local news
report, the same report with a new headline and a few sentences edited, and three
unrelated pieces on the same story (an opinion column, an explainer, a press release).
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from corpus_lint.config import Config
from corpus_lint.engine import Finding, LintSpec, run

ARTICLES = FIXTURES / "duplicates"
SAME_TOPIC = ["article_opinion.txt", "article_explainer.txt", "article_press.txt"]

PRESS_PARAGRAPH = (
    "Saltmarsh Bay Borough Council has confirmed a funding package for the replacement of "
    "the eastern seafront defences between the lifeboat station and the River Lenn. The "
    "scheme will be delivered in partnership with the Environment Agency and is expected "
    "to reduce flood risk to around 600 properties."
)


def lint(
    paths: list[Path], select: tuple[str, ...] = ("DU",), cache: Path | None = None, jobs: int = 1
) -> list[Finding]:
    spec = LintSpec(config=Config(cache_dir=cache), select=list(select))
    return run([str(p) for p in paths], spec, jobs=jobs, progress=False).findings


def copy_articles(dest: Path, names: list[str]) -> list[Path]:
    out = []
    for name in names:
        shutil.copy(ARTICLES / name, dest / name)
        out.append(dest / name)
    return out


def text_of(name: str) -> str:
    return (ARTICLES / name).read_text("utf-8")


def names(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.rule, Path(f.path).name) for f in findings]


# -- near-duplicate documents ------------------------------------------------------------


def test_same_article_with_edits_is_one_finding_among_same_topic_articles(tmp_path: Path) -> None:
    copy_articles(tmp_path, ["article_report.txt", "article_report_edited.txt", *SAME_TOPIC])
    found = lint([tmp_path])
    assert names(found) == [("DU003", "article_report_edited.txt")]
    f = found[0]
    assert "article_report.txt" in f.message
    similarity = float(f.message.rsplit(" ", 1)[1].rstrip(")"))
    assert 0.7 <= similarity < 1.0
    assert (f.line, f.column) == (1, 1)
    assert f.excerpt == "Saltmarsh Bay council backs new sea wall"
    assert (f.start, f.end) == (0, len(text_of("article_report_edited.txt")))


def test_unrelated_articles_on_the_same_topic_give_nothing(tmp_path: Path) -> None:
    copy_articles(tmp_path, ["article_report.txt", *SAME_TOPIC])
    assert lint([tmp_path]) == []


def test_the_later_path_is_the_copy(tmp_path: Path) -> None:
    (tmp_path / "a_copy.txt").write_text(text_of("article_report_edited.txt"), "utf-8")
    (tmp_path / "b_original.txt").write_text(text_of("article_report.txt"), "utf-8")
    found = lint([tmp_path], ("DU003",))
    assert names(found) == [("DU003", "b_original.txt")]
    assert "a_copy.txt" in found[0].message


def test_cluster_of_three_reports_each_later_copy(tmp_path: Path) -> None:
    base = text_of("article_report.txt")
    (tmp_path / "1.txt").write_text(base, "utf-8")
    (tmp_path / "2.txt").write_text(base.replace("Tuesday", "Wednesday"), "utf-8")
    (tmp_path / "3.txt").write_text(base.replace("forty", "fifty"), "utf-8")
    (tmp_path / "4.txt").write_text(text_of("article_opinion.txt"), "utf-8")
    found = lint([tmp_path], ("DU003",))
    assert names(found) == [("DU003", "2.txt"), ("DU003", "3.txt")]
    assert all("1.txt" in f.message or "2.txt" in f.message for f in found)


def test_exact_copy_has_similarity_one(tmp_path: Path) -> None:
    for name in ("x.txt", "y.txt"):
        (tmp_path / name).write_text(text_of("article_explainer.txt"), "utf-8")
    found = lint([tmp_path], ("DU003",))
    assert [f.message.endswith("(estimated similarity 1.00)") for f in found] == [True]


def test_short_documents_are_not_compared(tmp_path: Path) -> None:
    for name in ("x.txt", "y.txt"):
        (tmp_path / name).write_text("Page not found. The page you asked for has moved.\n")
    assert lint([tmp_path], ("DU003",)) == []


def test_threshold_is_an_option(tmp_path: Path) -> None:
    copy_articles(tmp_path, ["article_report.txt", "article_report_edited.txt"])
    cfg = Config(options={"DU003": {"threshold": 0.9}})
    spec = LintSpec(config=cfg, select=["DU003"])
    assert run([str(tmp_path)], spec, progress=False).findings == []


def test_jsonl_records_name_the_record_they_duplicate(tmp_path: Path) -> None:
    shard = tmp_path / "shard.jsonl"
    records = [
        {"id": "r1", "text": text_of("article_report.txt")},
        {"id": "r2", "text": text_of("article_opinion.txt")},
        {"id": "r3", "text": text_of("article_report_edited.txt")},
    ]
    shard.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    found = lint([shard], ("DU003",))
    assert [(f.rule, f.document) for f in found] == [("DU003", "r3")]
    assert "(id r1)" in found[0].message


def test_same_output_with_a_process_pool(tmp_path: Path) -> None:
    copy_articles(tmp_path, ["article_report.txt", "article_report_edited.txt", *SAME_TOPIC])
    one = [(f.rule, f.path, f.message) for f in lint([tmp_path])]
    two = [(f.rule, f.path, f.message) for f in lint([tmp_path], jobs=2)]
    assert one == two and len(one) == 1


# -- paragraphs shared across documents -----------------------------------------------------


def test_pasted_press_paragraph_is_flagged_on_each_later_copy(tmp_path: Path) -> None:
    opinion = text_of("article_opinion.txt")
    explainer = text_of("article_explainer.txt")
    (tmp_path / "a.txt").write_text(f"{opinion}\n{PRESS_PARAGRAPH}\n", "utf-8")
    # the same paragraph, re-wrapped and with curly quotes: still the same paragraph
    rewrapped = PRESS_PARAGRAPH.replace(" The scheme", "\nThe scheme")
    (tmp_path / "b.txt").write_text(f"{explainer}\n{rewrapped}\n", "utf-8")
    (tmp_path / "c.txt").write_text(f"{PRESS_PARAGRAPH}\n\n{text_of('article_report.txt')}")
    found = lint([tmp_path])
    assert names(found) == [("DU004", "b.txt"), ("DU004", "c.txt")]
    a_line = opinion.count("\n") + 2
    assert all(
        f.message == f"Paragraph also appears in {tmp_path.as_posix()}/a.txt, line {a_line}"
        for f in found
    )
    b = found[0]
    b_text = (tmp_path / "b.txt").read_text("utf-8")
    assert b_text[b.start : b.end] == rewrapped
    assert b.line == explainer.count("\n") + 2 and b.end_line == b.line + 1
    assert found[1].line == 1 and found[1].start == 0


def test_short_shared_paragraphs_and_refrains_are_not_flagged(tmp_path: Path) -> None:
    short = "For more information, contact the press office on 01234 567890."
    menu = "Home\nNews\nSport\nWeather\nContact us\nSubscribe to our newsletter today"
    for i, name in enumerate(SAME_TOPIC):
        (tmp_path / f"{i}.txt").write_text(f"{short}\n\n{text_of(name)}\n\n{menu}\n", "utf-8")
    assert lint([tmp_path]) == []


def test_minimum_length_of_shared_paragraphs_is_an_option(tmp_path: Path) -> None:
    short = (
        "For more information about the works, contact the council press office on 01234 567890."
    )
    for i, name in enumerate(SAME_TOPIC[:2]):
        (tmp_path / f"{i}.txt").write_text(f"{text_of(name)}\n\n{short}\n", "utf-8")
    cfg = Config(options={"DU004": {"min_chars": 50, "min_words": 10}})
    found = run([str(tmp_path)], LintSpec(config=cfg, select=["DU004"]), progress=False).findings
    assert names(found) == [("DU004", "1.txt")]


# -- the seeds --------------------------------------------------------------------------------


def test_seeds_have_no_cross_document_duplicates() -> None:
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    assert lint([seeds], ("DU003", "DU004")) == []


# -- synthetic corpora ---------------------------------------------------------------------


def synthetic_text(rng: random.Random, vocabulary: list[str], paragraphs: int = 4) -> str:
    out = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(rng.randint(3, 6)):
            words = [rng.choice(vocabulary) for _ in range(rng.randint(8, 20))]
            sentences.append(" ".join(words).capitalize() + ".")
        out.append(" ".join(sentences))
    return "\n\n".join(out) + "\n"


@pytest.fixture(scope="module")
def vocabulary() -> list[str]:
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(3000)]


def test_edited_copies_in_a_synthetic_corpus_are_found(
    tmp_path: Path, vocabulary: list[str]
) -> None:
    rng = random.Random(11)
    texts = [synthetic_text(rng, vocabulary) for _ in range(60)]
    copies = {}
    for src in (3, 17, 42):
        words = texts[src].split(" ")
        for _ in range(len(words) // 40):  # about 2.5% of the words replaced
            words[rng.randrange(len(words))] = rng.choice(vocabulary)
        copies[src] = " ".join(words)
    for i, t in enumerate(texts):
        (tmp_path / f"doc{i:03d}.txt").write_text(t, "utf-8")
    for src, t in copies.items():
        (tmp_path / f"zcopy{src:03d}.txt").write_text(t, "utf-8")
    found = lint([tmp_path], ("DU003",))
    assert [(Path(f.path).name, f.message.split(" (")[0].rsplit("/", 1)[1]) for f in found] == [
        (f"zcopy{src:03d}.txt", f"doc{src:03d}.txt") for src in (3, 17, 42)
    ]


def test_cli_on_the_seeds_reports_only_the_repeated_abstract(tmp_path: Path) -> None:
    from conftest import run_cli

    res = run_cli(["seeds/", "--select", "DU", "--cache-dir", str(tmp_path / "cache")])
    assert res.exit_code == 1 and "Traceback" not in res.stderr
    lines = [x for x in res.stdout.splitlines() if " DU0" in x]
    assert [x.split(": ")[1].split()[0] for x in lines] == ["DU002", "DU001", "DU001", "DU001"]
    assert all(x.startswith("seeds/002_7d9bd765c089e609.txt:") for x in lines)
    assert [x.split(":")[1] for x in lines] == ["27", "29", "31", "33"]
