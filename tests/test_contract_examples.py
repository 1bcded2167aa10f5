"""The repository's copies of the contracts' worked examples match the shared originals."""

import filecmp
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.mark.parametrize("kind", ["vignettes", "scenarios"])
def test_the_copies_match_the_shared_examples(kind: str) -> None:
    copies = ROOT / "contracts" / kind
    assert sorted(copies.glob("*.json")), f"contracts/{kind} is empty"
    originals = SHARED / kind
    if not originals.is_dir():
        pytest.skip("no shared folder beside this checkout to compare with")
    names = sorted(p.name for p in originals.glob("*.json"))
    assert sorted(p.name for p in copies.glob("*.json")) == names
    differing = filecmp.cmpfiles(originals, copies, names, shallow=False)[1]
    assert differing == [], f"copy these again from {originals}: {differing}"
