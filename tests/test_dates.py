"""The DT rules: true cases, and the near-misses that must stay silent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from corpus_lint.config import Config
from corpus_lint.document import Document
from corpus_lint.engine import Finding, LintSpec, RuleSet
from helpers import lint_text, matched

ALL_DT = ["DT001", "DT002", "DT003", "DT004", "DT005", "DT006", "DT007", "DT008"]


def lint_doc(text: str, select: str | list[str], published: str | None = None) -> list[Finding]:
    sel = [select] if isinstance(select, str) else select
    rules = RuleSet(LintSpec(config=Config(), select=sel))
    meta = {"published": published} if published else {}
    return rules.lint(Document(text=text, path="d.txt", id="d.txt", metadata=meta)).findings


def quiet(text: str, published: str | None = None) -> None:
    found = lint_doc(text, ALL_DT, published)
    assert found == [], [(f.rule, f.message) for f in found]


# -- DT001 impossible date ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "reason"),
    [
        ("The treaty was signed on 31 April 2023 in Paris.", "31 April 2023", "April has 30 days"),
        ("It fell on 29 February 2023, a Wednesday.", "29 February 2023", "not a leap year"),
        ("The deadline was 30 February.", "30 February", "February has at most 29 days"),
        ("Logged at 2023-02-29 by the clerk.", "2023-02-29", "not a leap year"),
        ("The vote on June 31, 2019 was close.", "June 31, 2019", "June has 30 days"),
        ("Talks ran from 30 to 31 September 2019.", "from 30 to 31 September 2019", "30 days"),
    ],
)
def test_dt001_impossible(text: str, span: str, reason: str) -> None:
    found = lint_text(text, "DT001")
    assert matched(text, found) == [span]
    assert reason in found[0].message
    assert found[0].severity == "error"


def test_dt001_leap_day_with_year_from_the_paragraph_is_a_warning() -> None:
    text = "In 2023 the talks resumed. They ended on 29 February."
    found = lint_text(text, "DT001")
    assert matched(text, found) == ["29 February"]
    assert found[0].severity == "warning"
    assert "year inferred from an earlier date in the paragraph" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        "The treaty was signed on 29 February 2024.",
        "They met on 29 February.",  # no year: some year has it
        "In April 31 people died.",
        "By April 31 soldiers had left.",
        "See page 31 April issue.",
        "It was 30 April 2023.",
        "* date no longer accepts e.g., September 31 in the MMDDhhmm syntax",
        "The parser rejects `31 April` as it should.",
    ],
)
def test_dt001_near_misses(text: str) -> None:
    assert lint_text(text, "DT001") == []


def test_dt001_leap_day_guessed_from_publication_is_not_flagged() -> None:
    assert lint_doc("They met on 29 February.", "DT001", published="2025-03-01") == []


# -- DT002 weekday ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "actual", "written"),
    [
        ("The strike began on Monday, 8 May 2024.", "Monday, 8 May 2024", "Wednesday", "Monday"),
        (
            "The strike began on Tuesday, May 8, 2024.",
            "Tuesday, May 8, 2024",
            "Wednesday",
            "Tuesday",
        ),
        ("La grève a commencé le lundi 8 mai 2024.", "lundi 8 mai 2024", "Wednesday", "Monday"),
        ("Published Sat, 20 Nov 2019 09:00", "Sat, 20 Nov 2019", "Wednesday", "Saturday"),
        # real changelog lines (base-files, bc): RFC 2822 and ctime stamps
        (
            " -- Bruce Perens <bruce@pixar.com>  Sun, 17 Dec 1996 10:48:41 -0800",
            "Sun, 17 Dec 1996",
            "Tuesday",
            "Sunday",
        ),
        (
            "Thu Apr 8 13:39:53 1997  Phil Nelson  <phil@cs.wwu.edu>",
            "Thu Apr 8 13:39:53 1997",
            "Tuesday",
            "Thursday",
        ),
    ],
)
def test_dt002_weekday(text: str, span: str, actual: str, written: str) -> None:
    found = lint_text(text, "DT002")
    assert matched(text, found) == [span]
    assert f"is a {actual}, not a {written}" in found[0].message
    assert found[0].severity == "error"


def test_dt002_inferred_year_is_a_warning_that_says_so() -> None:
    text = "The 2024 season opened in March 2024. On Monday, 8 May the strike began."
    found = lint_text(text, "DT002")
    assert matched(text, found) == ["Monday, 8 May"]
    assert found[0].severity == "warning"
    assert "8 May 2024 is a Wednesday" in found[0].message
    assert "inferred" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        "The strike began on Wednesday, 8 May 2024.",
        "The strike began on Wednesday May 8, 2024.",
        "Sun and sea on Monday.",
        "On Monday, officials met; 8 May 2024 was the deadline.",
        "On Monday 8 May they met.",  # no year, no anchor: nothing to check
        "Thu Nov 27 22:17:17 PST 2014 Ken Pizzini <ken@gnu.org>",
        " Sat Nov 20 17:46:39 UTC 2286",  # a year out of range is not replaced by a guess
        "Dates are written like 'Monday, 8 May 2024' in the style guide.",
        "The tech news you need to know this Tuesday. November 18, 2019 12:02 PM",
    ],
)
def test_dt002_near_misses(text: str) -> None:
    assert lint_text(text, "DT002") == []


def test_dt002_weekday_that_fits_the_year_before_publication() -> None:
    # 8 December 2023 was a Friday; the article is from January 2024
    assert lint_doc("On Friday 8 December the strike began.", "DT002", "2024-01-10") == []
    found = lint_doc("On Tuesday 8 December the strike began.", "DT002", "2024-01-10")
    assert len(found) == 1 and "publication date" in found[0].message


# -- DT003 reversed range -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("The programme ran from 2019 to 2016.", "from 2019 to 2016"),
        ("The festival runs 25–10 May.", "25–10 May"),
        ("It ran between 8 May 2024 and 16 May 2023.", "between 8 May 2024 and 16 May 2023"),
        ("It ran from March 2016 to May 2015.", "from March 2016 to May 2015"),
        ("Voting: May 20-12, 2019.", "May 20-12, 2019"),
    ],
)
def test_dt003_reversed(text: str, span: str) -> None:
    found = lint_text(text, "DT003")
    assert matched(text, found) == [span]
    assert "ends" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        "It ran from 28 December to 3 January 2022.",
        "It ran between November and February 2017.",
        "It ran from December to March.",
        "The vote was moved from 16 May to 8 May.",
        "Talks were held on May 8 and 16.",
        "Elections took place in 2019 and 2016.",
        "The score was 2019–2016.",
        "See pages 2019–2016.",
        "Between 15–17 February, a delegation visited Moscow.",
        "The dialogue, held between April and December 2017, ended.",
        "It ran from 2013 to 2016.",
        "Malayalam failures down from 1559 to 1197 (0.114172%).",
        "The Eagles won 25–10 May's game.",
        "Prices dropped from 2019 to 2016 levels.",
    ],
)
def test_dt003_near_misses(text: str) -> None:
    assert lint_text(text, "DT003") == []


# -- DT004 duration ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "actual"),
    [
        (
            "Russia began the ten-day exercise from 10 to 25 February.",
            "ten-day exercise from 10 to 25 February",
            "16 days",
        ),
        (
            "The three-year programme ran from 2010 to 2016.",
            "three-year programme ran from 2010 to 2016",
            "7 years",
        ),
        (
            "A two-week visit, from 1 to 30 March 2020.",
            "two-week visit, from 1 to 30 March 2020",
            "30 days",
        ),
        ("The 5-day summit was held 10–20 June.", "5-day summit was held 10–20 June", "11 days"),
    ],
)
def test_dt004_duration(text: str, span: str, actual: str) -> None:
    found = lint_text(text, "DT004")
    assert matched(text, found) == [span]
    assert actual in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        "Russia began the ten-day exercise from 10 to 19 February.",
        "Russia began the ten-day exercise from 10 to 20 February.",
        "beginning to conduct a ten-day joint military exercise with Belarus, which",
        "The talks lasted nearly two weeks, from 1 to 10 March.",
        "Ten days after the vote, from 10 to 25 February, protests grew.",
        "The first ten days of the trip, from 1 to 31 May, were calm.",
        "The three-year programme ran from 2013 to 2016.",
        "The two-week course ran from 1 to 14 March.",
        "A ten-day course from 1 to 10 May and another from 1 to 31 May.",
    ],
)
def test_dt004_near_misses(text: str) -> None:
    assert lint_text(text, "DT004") == []


# -- DT005 anniversaries ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "detail"),
    [
        (
            "In 2019 NATO marked the 75th anniversary of its founding in 1949.",
            "75th anniversary",
            "70 years, not 75",
        ),
        (
            "In 2007 Russia marked the centenary of the 1917 revolution.",
            "centenary",
            "90 years, not 100",
        ),
        (
            "The seventy-fifth anniversary of the 1944 landings fell in 2024.",
            "seventy-fifth anniversary",
            "80 years, not 75",
        ),
        (
            "The firm was founded in 1990. Five years later, in 1998, it closed.",
            "Five years later, in 1998",
            "8 years, not 5",
        ),
    ],
)
def test_dt005_arithmetic(text: str, span: str, detail: str) -> None:
    found = lint_text(text, "DT005")
    assert matched(text, found) == [span]
    assert detail in found[0].message


def test_dt005_years_ago_against_publication() -> None:
    text = "Twenty years ago, in 1994, the treaty was signed."
    found = lint_doc(text, "DT005", published="2024-05-01")
    assert matched(text, found) == ["Twenty years ago"]
    assert found[0].severity == "warning" and "publication date" in found[0].message
    assert lint_doc(text, "DT005", published="2014-05-01") == []
    assert lint_doc(text, "DT005") == []


@pytest.mark.parametrize(
    "text",
    [
        "In 2019 NATO marked the 70th anniversary of its founding in 1949.",
        "In 2017 Russia marked the centenary of the 1917 revolution.",
        "Relations could approach a centenary period of collaboration.",
        "The firm was founded in 1990. Five years later, in 1995, it closed.",
        "The firm was founded in 1990 and grew in 1993. Five years later, in 1998, it closed.",
        "The 50th anniversary of the treaty was marked with a parade.",
        "In 2016, at the Euro 2016 final, fans marked the 10th anniversary of the club.",
    ],
)
def test_dt005_near_misses(text: str) -> None:
    assert lint_text(text, "DT005") == []


def test_dt005_years_ago_needs_the_year_beside_it() -> None:
    text = "Prices were $39,014, up from $38,373 a year ago and from $34,410 in October 2015."
    assert lint_doc(text, "DT005", published="2019-11-20") == []


# -- DT006 narrative order ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "previous"),
    [
        (
            "On 16 May the attaché was expelled. Subsequently, on 8 May, the embassy was summoned.",
            "Subsequently, on 8 May",
            "16 May",
        ),
        (
            "The talks opened on 16 May 2024. The following day, 15 May 2024, they collapsed.",
            "The following day, 15 May 2024",
            "16 May 2024",
        ),
        (
            "In 2016 the channel re-opened. Later, in March 2015, it closed.",
            "Later, in March 2015",
            "2016",
        ),
        (
            "On 16 May the attaché was expelled.\n\nTwo days later, on 8 May, the embassy reacted.",
            "Two days later, on 8 May",
            "16 May",
        ),
    ],
)
def test_dt006_order(text: str, span: str, previous: str) -> None:
    found = lint_text(text, "DT006")
    assert matched(text, found) == [span]
    assert f"before {previous}" in found[0].message


def test_dt006_without_years_is_a_warning_assuming_one_year() -> None:
    text = "On 16 May the attaché was expelled. Subsequently, on 8 May, the embassy was summoned."
    f = lint_text(text, "DT006")[0]
    assert f.severity == "warning" and "assuming the same year" in f.message


@pytest.mark.parametrize(
    "text",
    [
        # seed 000: the right order, and "subsequent" is no cue
        "On May 8, the British Home Secretary announced the expulsion. A subsequent briefing "
        "indicated that on May 16 a representative was summoned.",
        "On 16 May the attaché was expelled. Earlier, on 8 May, the embassy was summoned.",
        "On 16 May the attaché was expelled. Previously, on 8 May, the embassy was summoned.",
        "On 16 May the deal collapsed. Later, on 8 May, it emerged, the deal had been signed.",
        "On 16 December the talks opened. Later, on 8 January, they collapsed.",
        "On 16 May the attaché was expelled. Subsequently, on 18 May, the embassy was summoned.",
        "On 16 May the attaché was expelled. He will leave later this week, on 8 May.",
        "Talks re-opened in 2013. These were subsequently closed in 2014 after the Games.",
        'Version 1.1 (8 May 2020)\n\n* search_dates() now parses "3 days later on 2010-05-10"',
        # a dateline is no dated statement
        "Committee hearings\n\nPosted November 20, 2019\n\nLater, on Nov. 5, the committee "
        "heard the first witness.",
        # hard-wrapped prose: the past perfect is on the next line of the same sentence
        "On 16 May the deal collapsed after a long and bitter fight. Later, on 8 May, it\n"
        "emerged that the deal had been signed in secret by both of the parties.",
    ],
)
def test_dt006_near_misses(text: str) -> None:
    assert lint_text(text, "DT006") == []


def test_dt006_cue_list_is_an_option() -> None:
    text = "On 16 May the attaché was expelled. Then, on 8 May, the embassy was summoned."
    assert lint_text(text, "DT006") == []
    found = lint_text(text, "DT006", options={"DT006": {"cues": ["then"]}})
    assert matched(text, found) == ["Then, on 8 May"]


# -- DT007 past event after publication ------------------------------------------------------


def test_dt007_past_tense_after_publication() -> None:
    text = "On 12 June 2025, the minister resigned."
    found = lint_doc(text, "DT007", published="2024-03-01")
    assert matched(text, found) == ["12 June 2025"]
    assert "1 March 2024" in found[0].message


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("On 12 June 2025, the minister resigned.", None),
        ("On 12 June 2025, the minister resigned.", "2025-07-01"),
        ("The vote is scheduled for 12 June 2025.", "2024-03-01"),
        ("The minister will resign on 12 June 2025.", "2024-03-01"),
        ("Milan Griffes on September 12, 2018 at 4:47 pm said:", "2018-09-10"),
        ("Correction added Nov. 18, 2019: the caption was wrong.", "2019-11-15"),
        ("In 2025 the company was sold.", "2024-03-01"),
        ("On 2 March 2024 the minister resigned.", "2024-03-01"),
        ("On 12 June the minister resigned.", "2024-03-01"),
    ],
)
def test_dt007_near_misses(text: str, published: str | None) -> None:
    assert lint_doc(text, "DT007", published=published) == []


def test_dt007_publication_from_front_matter_jsonl_and_html(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\ndate: 2024-03-01\n---\nOn 12 June 2025, the minister resigned.\n", "utf-8"
    )
    record = {"text": "On 12 June 2025, the minister resigned.", "published": "2024-03-01"}
    (tmp_path / "b.jsonl").write_text(json.dumps(record) + "\n", "utf-8")
    (tmp_path / "c.html").write_text(
        "<html><head><title>Resignation</title>"
        '<meta property="article:published_time" content="2024-03-01T09:00:00Z"></head>'
        "<body><article><h1>Resignation</h1><p>On 12 June 2025, the minister resigned "
        "after a long dispute with the cabinet.</p></article></body></html>",
        "utf-8",
    )
    res = run_cli(["check", str(tmp_path), "--select", "DT007", "--format", "json"])
    assert "Traceback" not in res.stderr
    rules = sorted((f["path"].rsplit("/", 1)[-1], f["rule"]) for f in res.json()["findings"])
    assert rules == [("a.md", "DT007"), ("b.jsonl", "DT007"), ("c.html", "DT007")]


# -- DT008 one event, two dates ------------------------------------------------------------


def test_dt008_conflicting_event_dates() -> None:
    text = (
        "The referendum on 23 June 2016 split the country.\n\n"
        "Markets fell after the referendum on 24 June 2016."
    )
    found = lint_text(text, "DT008")
    assert matched(text, found) == ["referendum on 24 June 2016"]
    assert "23 June 2016 on line 1" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        "The referendum on 23 June 2016 split it. After the referendum on 23 June 2016 it fell.",
        "The meeting on 5 May 2020 went well. The meeting on 7 May 2020 did not.",
        "The referendum on 23 June 2016 split it. The election on 8 June 2017 followed.",
    ],
)
def test_dt008_near_misses(text: str) -> None:
    assert lint_text(text, "DT008") == []


def test_dt008_is_opt_in() -> None:
    from corpus_lint.registry import load_rules

    rule = load_rules([])["DT008"]
    assert rule.default is False
    text = "The referendum on 23 June 2016 split it. After the referendum on 24 June 2016 it fell."
    rules = RuleSet(LintSpec(config=Config()))
    doc = Document(text=text, path="d.txt", id="d.txt")
    assert [f.rule for f in rules.lint(doc).findings if f.rule.startswith("DT")] == []


# -- the family as a whole ----------------------------------------------------------------


def test_seed_sentences_are_quiet() -> None:
    quiet(
        "The dialogue, held between April and December 2017, brought together experts. "
        "Relations worsened in March 2018 due to the poisoning."
    )
    quiet("Between 15–17 February, a RUSI delegation visited Moscow.")
    quiet(
        "These were subsequently closed in 2014 after the Games, but re-opened in 2016 ahead "
        "of the Euro 2016 tournament and kept open in the run-up to the 2018 Football World Cup."
    )
    quiet("Russia seems intent on beginning to conduct a ten-day joint military exercise.")


def test_seeds_give_no_dt_finding() -> None:
    res = run_cli(["seeds/", "--select", "DT"])
    assert "Traceback" not in res.stderr
    assert " DT0" not in res.stdout
    assert res.exit_code == 0, res.stdout


def test_bad_kind_is_refused() -> None:
    from corpus_lint.api import DetectorError
    from corpus_lint.detectors.dates import DateCheckDetector

    with pytest.raises(DetectorError):
        DateCheckDetector({"kind": "nonsense"})
    with pytest.raises(DetectorError):
        DateCheckDetector({"kind": "narrative-order"})  # needs its cue list


def test_rules_share_one_parse() -> None:
    from corpus_lint.dates_analysis import DateAnalysis

    rules = RuleSet(LintSpec(config=Config(), select=ALL_DT))
    doc = Document(text="Monday, 8 May 2024 and 31 April 2023.", path="d.txt", id="d.txt")
    found = rules.lint(doc).findings
    assert sorted(f.rule for f in found) == ["DT001", "DT002"]
    assert isinstance(doc.cache["dates"], DateAnalysis)


def test_dates_bench_runs_on_a_small_folder(tmp_path: Path) -> None:
    import subprocess
    import sys

    from conftest import ROOT

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(
        "Posted Wednesday, 20 November 2019\n\nTalks ran 10–12 June 2019 and on 3 April 2019.\n",
        "utf-8",
    )
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "dates_bench.py"),
            str(tmp_path),
            "--repeat",
            "1",
            "--inject",
            "--findings",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "KB/s" in proc.stdout
    assert "DT001     1 / 1" in proc.stdout and "DT002     1 / 1" in proc.stdout
    assert "DT003     1 / 1" in proc.stdout
    assert "0 DT findings" in proc.stdout
