"""Who sends CO2 to whom: the pairwise spillovers of technology import (the app's Spillovers page).

Model arithmetic, pure numpy and pandas (no streamlit); the app only draws it. The projection engine reports each province's own effect and the
spillover it receives in total; this splits the technology-import part by sender. For the total-CO2
spatial Durbin model (paper Table 9; docs/scenarios.md), with the effect matrix the projection itself
was computed with (:attr:`Projection.effect_matrices`, from :func:`scenarios.econometrics.effects.effect_matrices`),

    S_tech = (I - rho W)^-1 (beta_tech I + theta_tech W),
    flow[i, j] = CO2_baseline[i, year] * S_tech[i, j] * (tech_scenario[j, year] - tech_baseline[j, year]),

the first-order change in Mt of province i's emissions caused by province j's extra technology-import
stock (tech = ln K). The diagonal is the own effect; a row sums what a province receives plus its own
effect, a column what a province sends out. Only technology import is split (the policy lever); changes
of the control variables between scenario and baseline are not.
"""

from __future__ import annotations

import pandas as pd


def technology_flows(projection, year: int) -> pd.DataFrame:
    """Receiver x sender matrix of Mt CO2 moved in ``year`` by each province's extra technology import."""
    multiplier = projection.effect_matrices[0, 0]  # total CO2 (the spatial Durbin model), tech = ln K
    names = list(projection.weights.names)
    frame = projection.frame.query("industry == 'total' and year == @year").set_index("province").loc[names]
    extra_tech = (frame["tech_scenario"] - frame["tech_baseline"]).to_numpy()
    flows = frame["baseline_mt"].to_numpy()[:, None] * multiplier * extra_tech[None, :]
    return pd.DataFrame(flows, index=pd.Index(names, name="receiver"), columns=pd.Index(names, name="sender"))


def sent_and_received(flows: pd.DataFrame, province: str) -> pd.DataFrame:
    """For one province: what it sends to each other province and receives from each (Mt), own row dropped."""
    others = [name for name in flows.index if name != province]
    return pd.DataFrame({"sends": flows.loc[others, province], "receives": flows.loc[province, others]})
