"""Reproduction tables reach Arrow as text: no conversion failure logged for columns mixing numbers and words."""

import numpy as np
import pandas as pd
import pyarrow as pa

from scenarios.app.tables import as_text

from .conftest import assert_clean, open_app


def test_as_text_formats_numbers_and_blanks_missing_values():
    frame = pd.DataFrame(
        {
            "statistic": ["chi2", "df", "p"],
            "ours": [6.80434, 7.0, 0.449532],
            "paper": pd.Series([np.nan, None, "rejects at 1%"], dtype=object),
        }
    )
    text = as_text(frame)
    assert text.to_dict("list") == {
        "statistic": ["chi2", "df", "p"],
        "ours": ["6.804", "7", "0.4495"],
        "paper": ["", "", "rejects at 1%"],
    }
    pa.Table.from_pandas(text)  # one type per column: converts as is


def test_baseline_page_logs_no_arrow_conversion_failure(capfd):
    app = open_app(page="baseline")
    assert_clean(app)
    logged = capfd.readouterr().err
    assert "ArrowTypeError" not in logged and "Serialization of dataframe" not in logged, logged[-2000:]
