"""The sample corpus as a user meets it: `corpus-lint seeds/`."""

from __future__ import annotations

from conftest import SEEDS, run_cli


def test_seeds_exit_1_and_list_defects() -> None:
    res = run_cli(["seeds/"])
    assert res.exit_code == 1, res.stderr
    assert "Traceback" not in res.stderr
    lines = res.stdout.splitlines()
    citations = [x for x in lines if " CI0" in x]
    assert len(citations) == 6
    assert all(x.startswith("seeds/000_") for x in citations)
    redactions = [x for x in lines if " RD0" in x]
    assert len(redactions) == 3
    assert all(x.startswith("seeds/004_") for x in redactions)


def test_seed_copy_is_complete() -> None:
    assert len(list(SEEDS.glob("*.txt"))) == 5
