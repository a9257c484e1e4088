"""The per-user cache: keyed, atomic, silent when it cannot work."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corpus_lint import langid, usercache


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("CORPUS_LINT_CACHE", raising=False)
    return tmp_path / "corpus-lint"


def test_round_trip_and_key_check(cache_home: Path) -> None:
    usercache.store("thing", ("k", 1), {"a": [1, 2]})
    assert (cache_home / "thing.pickle").is_file()
    assert usercache.load("thing", ("k", 1)) == {"a": [1, 2]}
    assert usercache.load("thing", ("k", 2)) is None  # built from something else
    assert usercache.load("other", ("k", 1)) is None
    assert not [p for p in cache_home.iterdir() if p.name.endswith(".tmp")]


def test_damaged_or_foreign_files_are_ignored(cache_home: Path) -> None:
    cache_home.mkdir(parents=True)
    (cache_home / "thing.pickle").write_bytes(b"not a pickle")
    assert usercache.load("thing", "k") is None
    usercache.store("thing", "k", [1])
    (cache_home / "thing.pickle").write_bytes((cache_home / "thing.pickle").read_bytes()[:10])
    assert usercache.load("thing", "k") is None


def test_unwritable_cache_is_silent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file: no folder can be made
    usercache.store("thing", "k", [1])
    assert usercache.load("thing", "k") is None


def test_cache_can_be_turned_off(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORPUS_LINT_CACHE", "off")
    assert usercache.folder() is None
    usercache.store("thing", "k", [1])
    assert not cache_home.exists()


def test_folder_defaults_to_home_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("CORPUS_LINT_CACHE", raising=False)
    expected = Path(os.path.expanduser("~")) / ".cache" / "corpus-lint"
    assert usercache.folder() == expected


def test_cached_langdetect_profiles_equal_the_json_ones(cache_home: Path) -> None:
    """The profiles loaded from the cache give langdetect's own rows, bit for bit."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    built = langid._Profiles()  # no cache yet: parsed from the JSON files, then stored
    assert (cache_home / "langdetect-profiles.pickle").is_file()
    loaded = langid._Profiles()
    factory = DetectorFactory()
    names = sorted(os.listdir(PROFILES_DIRECTORY))
    factory.load_json_profile([(Path(PROFILES_DIRECTORY) / n).read_text("utf-8") for n in names])
    assert built.langlist == loaded.langlist == factory.langlist
    stock = factory.word_lang_prob_map
    grams = ["a", "e", " t", "th", "the", "ß", "ße", "ção", "зна", " я", *sorted(stock)[::997]]
    for gram in grams:
        assert built.row(gram) == loaded.row(gram) == stock[gram], gram
    assert built.row("の") == loaded.row("の") == [0.0] * 55  # langdetect folds kana first
    assert loaded.gram_id("qqqq") is None and loaded.row("zzz\u0001") == [0.0] * 55
    # every n-gram langdetect knows has an id, and only those
    assert sum(len(loaded.group(first)) for first in {g[0] for g in stock}) == len(stock)


def test_table_reads_on_first_use_and_writes_what_was_added(cache_home: Path) -> None:
    table = usercache.Table("things", ("things", 1))
    assert table.get("a") is None
    table.add("a", [1])
    table.save()  # what the process does when it exits
    other = usercache.Table("things", ("things", 1))  # another process
    assert other.get("a") == [1]
    assert usercache.Table("things", ("things", 2)).get("a") is None  # built otherwise
    table.add("b", 2)
    table.forget()  # dropped, not written
    assert usercache.Table("things", ("things", 1)).get("b") is None
