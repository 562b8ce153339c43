"""`python -m scenarios fit` and `lmtest`: the JSON layout, readable tables and clean failures."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from test_spatial import ENTITIES, ring_weights, simulate

from scenarios.cli import main


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    simulate().to_csv(folder / "panel.csv", index=False)
    pd.DataFrame((ring_weights() > 0).astype(int), columns=ENTITIES).to_csv(folder / "w.csv", index=False)
    return folder


def data_options(files, w="w.csv", data="panel.csv"):
    return [
        "--data",
        str(files / data),
        "--entity",
        "province",
        "--time",
        "year",
        "--y",
        "y",
        "--x",
        "x1,x2",
        "--w",
        str(files / w),
    ]


def test_fit_json_layout(files, capsys):
    assert main(["fit", *data_options(files), "--model", "sdm", "--effects", "twoway", "--draws", "50", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"model", "effects", "n_entities", "n_periods", "loglik", "sigma2", "coefficients", "impacts"} <= set(out)
    assert list(out["coefficients"]) == ["rho", "x1", "x2", "W*x1", "W*x2"]
    assert set(out["coefficients"]["rho"]) == {"coef", "se"}
    assert set(out["impacts"]["x1"]) == {"direct", "indirect", "total"}
    assert (out["n_entities"], out["n_periods"]) == (20, 8)


def test_fit_matches_the_library_with_row_standardised_w(files, capsys):
    from scenarios.econometrics.spatial import SpatialPanelModel

    main(["fit", *data_options(files), "--model", "sem", "--draws", "20", "--json"])
    out = json.loads(capsys.readouterr().out)
    w = pd.DataFrame(ring_weights(), index=ENTITIES, columns=ENTITIES)
    expected = SpatialPanelModel(simulate(), "y", ["x1", "x2"], w, model="sem").fit()
    assert out["coefficients"]["lambda"]["coef"] == pytest.approx(expected.params["lambda"], rel=1e-8)


def test_fit_prints_tables(files, capsys):
    assert main(["fit", *data_options(files), "--model", "sar", "--draws", "20"]) == 0
    out = capsys.readouterr().out
    assert "Spatial panel SAR" in out and "direct" in out


def test_lmtest_json(files, capsys):
    assert main(["lmtest", *data_options(files), "--effects", "pooled", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"lm_lag", "lm_error", "robust_lm_lag", "robust_lm_error", "synthetic"}
    assert set(out["lm_lag"]) == {"stat", "p"} and out["synthetic"] is False


def test_w_not_matching_the_panel_exits_2(files, capsys):
    w = pd.read_csv(files / "w.csv").rename(columns={"unit03": "nowhere"})
    w.to_csv(files / "w_bad.csv", index=False)
    assert main(["fit", *data_options(files, w="w_bad.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "unit03" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.iloc[:-1], "unbalanced"),
        (lambda d: d.assign(x2=d["x1"] * 3), "collinear"),
        (lambda d: d.assign(x1=d["x1"].astype(str).where(d.index != 3, "n/a")), "row 5"),
    ],
)
def test_bad_panels_exit_2(files, capsys, change, message):
    change(simulate()).to_csv(files / "bad.csv", index=False)
    assert main(["lmtest", *data_options(files, data="bad.csv")]) == 2
    assert message in capsys.readouterr().err


def test_bad_arguments_exit_2(files, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["fit", *data_options(files), "--model", "slx"])
    assert exit_info.value.code == 2
    assert main(["fit", *data_options(files, w="missing.csv")]) == 2
    assert "no such file" in capsys.readouterr().err.lower()
    with pytest.raises(SystemExit) as exit_info:
        main(["fit", *data_options(files), "--draws", "1"])
    assert exit_info.value.code == 2


def test_an_xlsx_panel_reads_as_its_csv(files, capsys):
    pd.read_csv(files / "panel.csv").to_excel(files / "panel.xlsx", index=False)
    outputs = []
    for data in ("panel.csv", "panel.xlsx"):
        assert main(["lmtest", *data_options(files, data=data), "--json"]) == 0
        outputs.append(json.loads(capsys.readouterr().out))
    for name, test in outputs[0].items():
        assert test == (pytest.approx(outputs[1][name], rel=1e-12) if isinstance(test, dict) else outputs[1][name])
