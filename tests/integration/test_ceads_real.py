"""The importer on the real CEADs workbooks (1998-2019) in ../shared/data/ceads, when that folder exists.

Check values were read by hand from the workbooks (sheet, row label, column 'Scope 1 Total').
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scenarios.data.ceads import merge_into_panel, read_ceads

# Beside the repository (as CI clones it), or wherever SCENARIOS_CEADS_DIR points (a worktree elsewhere).
BESIDE_REPOSITORY = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ceads"
REAL = Path(os.environ.get("SCENARIOS_CEADS_DIR", BESIDE_REPOSITORY))

pytestmark = [
    pytest.mark.ceads,
    pytest.mark.skipif(not REAL.is_dir(), reason="the real CEADs workbooks (../shared/data/ceads) are absent"),
]


@pytest.fixture(scope="module")
def imported():
    return read_ceads(REAL)


def test_coverage(imported):
    emissions = imported.emissions
    assert len(emissions) == 22 * 30 and emissions["province"].nunique() == 30
    assert imported.years == tuple(range(1998, 2020))
    assert "Tibet" not in set(emissions["province"])
    # Every release is understood: no sum gaps, no unknown rows (the 2018-2019 units row is recognised).
    # The only notices are the four province-years without energy data (process emissions only).
    assert imported.process_only == (("Hainan", 2002), ("Ningxia", 2000), ("Ningxia", 2001), ("Ningxia", 2002))
    assert len(imported.notices) == 4 and all("only process emissions" in n for n in imported.notices)


def test_hand_read_values(imported):
    table = imported.emissions.set_index(["province", "year"])
    # Jiangsu2015, row 'Total Consumption', Scope 1 Total.
    assert table.loc[("Jiangsu", 2015), "total"] == pytest.approx(721.6548660673056, rel=1e-12)
    # Jiangsu2015, row 'Smelting and Pressing of Ferrous Metals'.
    assert table.loc[("Jiangsu", 2015), "steel"] == pytest.approx(144.37499705434107, rel=1e-12)
    # Jiangsu2015: 'Nonmetal Minerals Mining and Dressing' 0.3489962973048606 + 'Nonmetal Mineral Products'
    # 62.6492272060551.
    assert table.loc[("Jiangsu", 2015), "building_materials"] == pytest.approx(62.9982235033599606, rel=1e-12)
    # InnerMongolia2011 (sheet name without the space), total row and nonferrous row.
    assert table.loc[("Inner Mongolia", 2011), "total"] == pytest.approx(616.5521931220763, rel=1e-12)
    assert table.loc[("Inner Mongolia", 2011), "nonferrous"] == pytest.approx(3.366297037167165, rel=1e-12)


def test_scope_2_is_empty_in_these_releases():
    imported = read_ceads(REAL / "Emission_Inventories_for_30_Provinces_2015.xlsx", scope="1+2")
    assert any("scope 1+2 equals scope 1" in n for n in imported.notices)


def test_merge_into_paper_years(imported):
    import pandas as pd

    panel = pd.DataFrame({"province": ["Jiangsu"] * 10, "year": range(2011, 2021)})
    merge = merge_into_panel(panel, imported)
    assert merge.counts["filled"] == 9 * 5 and merge.counts["missing"] == 5
    assert "2020: Jiangsu" in merge.summary
