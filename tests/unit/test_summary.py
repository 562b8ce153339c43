"""Every results object shows itself as linearmodels' do: str is its summary, repr names the class and
shows the summary, and the notebook HTML is the summary escaped in a <pre> block (scenarios.summary)."""

import dataclasses
import html

import projection_data as data
import pytest

from scenarios import geography
from scenarios.data import demo
from scenarios.data import panel as panels
from scenarios.econometrics.fe import FixedEffects, hausman, vif
from scenarios.econometrics.mediation import mediation
from scenarios.econometrics.moran import local_moran, moran_by_year
from scenarios.econometrics.spatial import SpatialPanelModel
from scenarios.econometrics.spatial_tests import lm_tests
from scenarios.econometrics.unitroot import panel_unit_root
from scenarios.projection.engine import ProjectionEngine
from scenarios.projection.optimise import optimise
from scenarios.projection.scenario import Scenario
from scenarios.reproduction import reproduce
from scenarios.summary import Summarised

Y, X = "co2_total", ["tech_import_expenditure", "gdp_per_capita"]


@pytest.fixture(scope="module")
def frame():
    return demo.generate_demo_panel(dataclasses.replace(demo.DemoParameters(), last_year=2020), seed=3)


@pytest.fixture(scope="module")
def results(frame):
    w = geography.spatial_weights("W1")
    spatial = SpatialPanelModel(frame, Y, X, w, model="sdm", effects="entity").fit()
    engine = ProjectionEngine(data.panel(), data.coefficients(), weights=data.weights(), draws=50, seed=2)
    small = panels.panel_from_frame(frame, source="small.csv", synthetic=True)
    return [
        spatial,
        spatial.impacts(draws=20, seed=1),
        lm_tests(frame, Y, X, w, effects="entity"),
        FixedEffects(frame, Y, X).fit(),
        hausman(frame, Y, X),
        vif(frame, X),
        mediation(frame, Y, X[0], X[1], replications=20, seed=1),
        moran_by_year(frame, Y, w, permutations=19, seed=1),
        local_moran(frame, Y, w, 2020, permutations=19, seed=1),
        panel_unit_root(frame, Y),
        reproduce.reproduce(small, seed=1, replications=20, permutations=19, impact_draws=50),
        engine.project(Scenario()),
        optimise(engine, Scenario(), 10.0),
    ]


def test_every_results_class_shows_its_summary(results):
    names = {type(result).__name__ for result in results}
    assert names == {
        "SpatialPanelResults",
        "ImpactsResults",
        "LMTestResults",
        "FixedEffectsResults",
        "HausmanResults",
        "VIFResults",
        "MediationResults",
        "MoranResults",
        "LocalMoranResults",
        "PanelUnitRootResults",
        "Reproduction",
        "Projection",
        "Optimisation",
    }
    for result in results:
        name = type(result).__name__
        assert isinstance(result, Summarised), name
        summary = result.summary
        assert isinstance(summary, str) and summary, name
        assert str(result) == summary, name
        assert repr(result) == f"{name}\n{summary}", name
        assert result._repr_html_() == f"<pre>{html.escape(summary)}</pre>", name


def test_notebook_html_is_escaped():
    class Markup(Summarised):
        summary = "<b>rho & lambda</b>"

    assert Markup()._repr_html_() == "<pre>&lt;b&gt;rho &amp; lambda&lt;/b&gt;</pre>"
