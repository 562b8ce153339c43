"""The published tables of Li, Wei, Xu & Jiang (2023), Atmosphere 14:1146, as data.

Each table is transcribed below in the paper's own layout, one line per printed row, cells separated by
``|``, exactly as printed (the parenthesised statistics under a coefficient become a row "<row> (t)", as
the paper's note to Table 3 calls them t values, "the same table below"). :func:`table` returns the long
form: ``row, column, value, stars, text, note``, where ``text`` is the cell as printed, ``value`` its
number (NaN for words such as "Yes"), ``stars`` the significance stars, and ``note`` our remark where
the printed cell is doubtful. Published values are kept as published, typos included; the notes say
which. The one exception is Table 6's "0245", a number with its decimal point lost: its value is read
as 0.245 (the text keeps "0245").
"""

from __future__ import annotations

import functools
import math
import re

import pandas as pd

TABLE_TITLES: dict[int, str] = {
    1: "Main variable definitions and descriptive analysis.",
    2: "Unit root test for major variables.",
    3: "Benchmark model regression results.",
    4: "Industry heterogeneity of carbon emissions.",
    5: "Global Moran index under the reciprocal matrix of geographic distances.",
    6: "Global Moran index under the reciprocal square matrix of geographic distances.",
    7: "Global Moran index under adjacency matrix.",
    8: "LM, LR, WALD test results.",
    9: "Empirical results of spatial Dubin model of various spatial weight matrices.",
    10: "The intermediary effect of carbon emission reduction in industrial technology innovation.",
    11: "Intermediary mechanism for carbon emission reduction of industrial technological innovations in "
    "different key industries.",
    12: "Robustness test results.",
    13: "Bootstrap test results.",
}

#: The four key industries: analysis variable -> Table 4's column.
INDUSTRIES: dict[str, str] = {
    "ce1": "Steel",
    "ce2": "Building Materials",
    "ce3": "Nonferrous Metal",
    "ce4": "Petrochemical Chemicals",
}

CONTROLS = ("gdp", "ind", "ei", "tra", "edu", "fin")

_TABLES: dict[int, str] = {
    1: """
row | Variable Meaning | Obs | Min | Max | Mean | Std.dev.
ce | Overall CO2 emissions | 300 | 8.493 | 11.926 | 10.428 | 0.729
ce1 | Carbon emissions from steel industry | 300 | 5.506 | 10.206 | 8.377 | 0.968
ce2 | Carbon emissions from building materials industry | 300 | 4.935 | 8.596 | 7.275 | 0.791
ce3 | Carbon emissions from non-ferrous metal industry | 300 | 5.012 | 8.82 | 7.306 | 0.797
ce4 | Carbon emissions from petrochemical and chemical industries | 300 | 5.739 | 9.336 | 8.035 | 0.768
tech | Technology import | 300 | -0.027 | 5.748 | 3.056 | 1.56
gdp | Level of economic development | 300 | 2.023 | 15.417 | 5.379 | 2.674
ind | Industrial structure | 300 | 0.322 | 0.807 | 0.471 | 0.097
ei | Energy intensity | 300 | 0.035 | 0.392 | 0.106 | 0.072
tra | Trade openness | 300 | 0.007 | 1.498 | 0.275 | 0.291
edu | Educational level | 300 | 7.626 | 12.458 | 9.206 | 0.881
fin | Financial strength | 300 | 0.12 | 0.758 | 0.264 | 0.114
""",
    2: """
row | LLC t | LLC p | Fisher-PP chi2 | Fisher-PP p | Fisher-ADF chi2 | Fisher-ADF p
ce | -5.927 | 0.000 | 2.068 | 0.019 | 3.199 | 0.001
tech | -5.565 | 0.000 | 37.466 | 0.000 | 170.293 | 0.000
Smooth or not | Yes | | Yes | | Yes |
""",
    3: """
row | (1) | (2) | (3) | (4)
tech | 0.062 *** | -0.102 *** | -0.308 *** | -0.337 ***
tech (t) | (3.67) | (-3.14) | (-7.35) | (-8.43)
gdp | | 0.041 *** | | -0.017
gdp (t) | | (4.17) | | (-1.45)
ind | | 0.529 *** | | -0.677 ***
ind (t) | | (2.85) | | (-3.05)
ei | | 0.968 ** | | 2.180 ***
ei (t) | | (2.55) | | (6.31)
tra | | 0.340 *** | | 0.227 ***
tra (t) | | (3.73) | | (2.77)
edu | | 0.062 * | | -0.007
edu (t) | | (1.65) | | (-0.22)
fin | | 0.133 | | -0.381
fin (t) | | (0.45) | | (-1.45)
Constant | 10.237 *** | 9.464 *** | 11.098 *** | 11.317 ***
Constant (t) | (196.27) | (28.74) | (110.42) | (33.75)
Individual fixed effect | Yes | Yes | Yes | Yes
Time fixation effect | No | No | Yes | Yes
Observations | 300 | 300 | 300 | 300
R-squared | 0.048 | 0.226 | 0.350 | 0.477
Number of id | 30 | 30 | 30 | 30
""",
    4: """
row | Steel | Building Materials | Nonferrous Metal | Petrochemical Chemicals
tech | -0.432 *** | -0.637 *** | -0.506 *** | -0.630 ***
tech (t) | (-7.18) | (-10.86) | (-7.36) | (-9.98)
gdp | -0.020 | -0.016 | -0.014 | 0.003
gdp (t) | (-1.14) | (-0.97) | (-0.70) | (0.14)
ind | -0.429 | -0.609 * | -0.783 ** | -0.319
ind (t) | (-1.29) | (-1.87) | (-2.06) | (-0.91)
ei | 1.738 *** | 3.154 *** | 4.431 *** | 2.585 ***
ei (t) | (3.35) | (6.22) | (7.47) | (4.74)
tra | 0.439 *** | 0.339 *** | 0.457 *** | 0.435 ***
tra (t) | (3.57) | (2.83) | (3.25) | (3.36)
edu | -0.011 | -0.024 | -0.064 | -0.008
edu (t) | (-0.21) | (-0.47) | (-1.09) | (-0.15)
fin | -0.251 | -0.636 * | -1.101 ** | -0.996 **
fin (t) | (-0.64) | (-1.65) | (-2.44) | (-2.40)
Constant | 9.375 *** | 9.031 *** | 8.667 *** | 9.426 ***
Constant (t) | (18.61) | (18.37) | (15.07) | (17.81)
Observations | 300 | 300 | 300 | 300
R-squared | 0.331 | 0.489 | 0.779 | 0.407
Number of id | 30 | 30 | 30 | 30
""",
    5: """
row | ce Moran | ce z | ce p | tech Moran | tech z | tech p
2011 | 0.046 | 2.097 | 0.036 | 0.090 | 3.161 | 0.002
2012 | 0.041 | 1.946 | 0.052 | 0.095 | 3.302 | 0.001
2013 | 0.039 | 1.893 | 0.058 | 0.095 | 3.315 | 0.001
2014 | 0.039 | 1.891 | 0.059 | 0.096 | 3.341 | 0.001
2015 | 0.043 | 1.994 | 0.046 | 0.096 | 3.337 | 0.001
2016 | 0.039 | 1.877 | 0.060 | 0.096 | 3.341 | 0.001
2017 | 0.038 | 1.868 | 0.062 | 0.095 | 3.319 | 0.001
2018 | 0.040 | 1.916 | 0.055 | 0.094 | 3.308 | 0.001
2019 | 0.038 | 1.859 | 0.063 | 0.093 | 3.291 | 0.001
2020 | 0.350 | 1.785 | 0.074 | 0.093 | 3.285 | 0.001
""",
    6: """
row | ce Moran | ce z | ce p | tech Moran | tech z | tech p
2011 | 0.204 | 1.676 | 0.094 | 0.242 | 1.908 | 0.056
2012 | 0.203 | 1.660 | 0.097 | 0.252 | 1.982 | 0.048
2013 | 0.204 | 1.671 | 0.095 | 0.248 | 1.954 | 0.051
2014 | 0.209 | 1.699 | 0.089 | 0.248 | 1.961 | 0.050
2015 | 0.219 | 1.772 | 0.076 | 0.246 | 1.949 | 0.051
2016 | 0.223 | 1.795 | 0.073 | 0245 | 1.941 | 0.052
2017 | 0.232 | 1.857 | 0.063 | 0.241 | 1.914 | 0.056
2018 | 0.231 | 1.850 | 0.064 | 0.239 | 1.900 | 0.057
2019 | 0.230 | 1.849 | 0.064 | 0.236 | 1.882 | 0.060
2020 | 0.228 | 1.835 | 0.067 | 0.234 | 1.872 | 0.061
""",
    7: """
row | ce Moran | ce z | ce p | tech Moran | tech z | tech p
2011 | 0.228 | 2.379 | 0.017 | 0.207 | 2.143 | 0.032
2012 | 0.217 | 2.271 | 0.023 | 0.216 | 2.230 | 0.026
2013 | 0.207 | 2.178 | 0.029 | 0.217 | 2.246 | 0.025
2014 | 0.203 | 2.141 | 0.032 | 0.220 | 2.276 | 0.023
2015 | 0.210 | 2.206 | 0.027 | 0.220 | 2.274 | 0.023
2016 | 0.205 | 2.145 | 0.032 | 0.220 | 2.282 | 0.022
2017 | 0.202 | 2.127 | 0.033 | 0.219 | 2.268 | 0.023
2018 | 0.220 | 2.287 | 0.022 | 0.218 | 2.263 | 0.024
2019 | 0.205 | 2.158 | 0.031 | 0.216 | 2.251 | 0.024
2020 | 0.189 | 2.009 | 0.044 | 0.217 | 2.255 | 0.024
""",
    8: """
row | Type of Test | stat | p | Test Results
LM-lag | LM test | 6.326 | 0.012 | The presence of spatial hysteresis terms and spatial error terms is rejected, and the robustness test is all passed
Robust LM-lag | LM test | 10.304 | 0.001 | The presence of spatial hysteresis terms and spatial error terms is rejected, and the robustness test is all passed
LM-error | LM test | 110.821 | 0.000 | The presence of spatial hysteresis terms and spatial error terms is rejected, and the robustness test is all passed
Robust LM-error | LM test | 114.798 | 0.000 | The presence of spatial hysteresis terms and spatial error terms is rejected, and the robustness test is all passed
LR-lag | LR test | 17.39 | 0.015 | Rejecting the null hypothesis, the SDM model cannot degenerate into a SAR model
LR-error | LR test | 16.93 | 0.018 | Rejecting the null hypothesis, the SDM model cannot degenerate into an SEM model
Test for SAR | Wald test | 17.87 | 0.013 | Rejecting the null hypothesis, SAR models cannot be used
Test for SEM | Wald test | 9.21 | 0.027 | Rejecting the null hypothesis and not using the SEM model
""",
    9: """
row | W1 Main | W1 Wx | W2 Main | W2 Wx | W3 Main | W3 Wx
rho | 0.0841 ** | | 0.2111 ** | | 0.242 *** |
rho (t) | (0.42) | | (2.06) | | (2.87) |
sigma2_e | 0.005 *** | | 0.005 *** | | 0.006 *** |
sigma2_e (t) | (12.224) | | (12.119) | | (12.115) |
lntech | -0.333 *** | 0.185 *** | -0.298 *** | 0.200 *** | -0.206 *** | 0.123 **
lntech (t) | (-8.82) | (2.79) | (-7.91) | (3.93) | (-4.57) | (2.09)
gdp | -0.032 *** | 0.140 *** | -0.035 *** | 0.083 *** | 0.005 | 0.023
gdp (t) | (-2.75) | (4.54) | (-2.72) | (4.60) | (0.37) | (1.20)
ind | -0.875 *** | -0.788 | -0.808 *** | 0.443 | -0.042 | 0.374
ind (t) | (-4.31) | (-1.31) | (-4.17) | (1.47) | (-0.21) | (1.29)
ei | 2.107 *** | -4.470 ** | 2.326 *** | -3.172 *** | 1.566 *** | -1.257 *
ei (t) | (6.70) | (-2.42) | (7.19) | (-3.92) | (4.20) | (-1.83)
tra | 0.180 ** | 0.394 | 0.156 * | 0.349 ** | 0.268 *** | 0.144
tra (t) | (2.30) | (1.22) | (1.90) | (2.31) | (2.93) | (0.84)
edu | 0.010 | 0.172 * | 0.016 | 0.122 * | 0.054 | 0.050
edu (t) | (0.35) | (1.79) | (0.55) | (1.95) | (1.59) | (0.82)
fin | -0.389 | 3.085 *** | -0.556 ** | 2.002 *** | -0.234 | 1.386 **
fin (t) | (-1.63) | (3.19) | (-2.28) | (3.67) | (-0.87) | (2.39)
Observations | 300 | 300 | 300 | 300 | 300 | 300
R-squared | 0.650 | 0.650 | 0.480 | 0.480 | 0.520 | 0.520
Number of id | 30 | 30 | 30 | 30 | 30 | 30
""",
    10: """
row | (1) ce | (2) ino | (3) ce
tech | -0.337 *** | -0.294 *** | -0.317 ***
tech (t) | (-8.43) | (-2.83) | (-7.91)
ino | | | 0.071 ***
ino (t) | | | (2.96)
gdp | -0.017 | -0.001 | -0.017
gdp (t) | (-1.45) | (-0.02) | (-1.47)
ind | -0.677 *** | -0.506 | -0.641 ***
ind (t) | (-3.05) | (-0.88) | (-2.93)
ei | 2.180 *** | -2.797 *** | 2.378 ***
ei (t) | (6.31) | (-3.12) | (6.85)
tra | 0.227 *** | 0.725 *** | 0.176 **
tra (t) | (2.77) | (3.41) | (2.13)
edu | -0.007 | -0.110 | 0.001
edu (t) | (-0.22) | (-1.24) | (0.01)
fin | -0.381 | -0.515 | -0.344
fin (t) | (-1.45) | (-0.75) | (-1.33)
Constant | 11.317 *** | 10.619 *** | 10.568 ***
Constant (t) | (33.75) | (12.20) | (25.41)
Observations | 300 | 300 | 300
R-squared | 0.477 | 0.805 | 0.495
Number of id | 30 | 30 | 30
""",
    11: """
row | (1) ce1 | (2) ino | (3) ce1 | (4) ce2 | (5) ino | (6) ce2 | (7) ce3 | (8) ino | (9) ce3 | (10) ce4 | (11) ino | (12) ce4
tech | -0.432 *** | -0.294 *** | -0.409 *** | -0.637 *** | -0.294 *** | -0.607 *** | -0.506 *** | -0.294 *** | -0.465 *** | -0.630 *** | -0.294 *** | -0.577 ***
tech (t) | (-7.18) | (-2.83) | (-6.75) | (-10.86) | (-2.83) | (-10.34) | (-7.36) | (-2.83) | (-6.81) | (-9.98) | (-2.83) | (-9.40)
ino | | | 0.077 ** | | | 0.100 *** | | | 0.137 *** | | | 0.180 ***
ino (t) | | | (2.14) | | | (2.87) | | | (3.38) | | | (4.92)
Observations | 300 | 300 | 300 | 300 | 300 | 300 | 300 | 300 | 300 | 300 | 300 | 300
R-squared | 0.331 | 0.805 | 0.343 | 0.489 | 0.805 | 0.505 | 0.779 | 0.805 | 0.789 | 0.407 | 0.805 | 0.459
Number of id | 30 | 30 | 30 | 30 | 30 | 30 | | | | | |
""",
    12: """
row | Regression Coefficient | Confidence | Robustness
Replace explanatory variables | -0.590 | 99% | Yes
Add a first-order lag term | -0.286 | 99% | Yes
Delete some cities | -0.340 | 99% | Yes
""",
    13: """
row | bs_1 lower | bs_1 upper | bs_2 lower | bs_2 upper | Confidence
ce | 0.063 | 0.136 | 0.05 | 0.201 | 99%
ce1 | 0.104 | 0.212 | 0.17 | 0.326 | 99%
ce2 | 0.099 | 0.197 | 0.077 | 0.185 | 99%
ce3 | 0.125 | 0.219 | 0.06 | 0.193 | 99%
ce4 | 0.104 | 0.203 | 0.082 | 0.189 | 99%
""",
}

# Our remarks on printed cells: (table, row, column) -> note. Column None = every column of the row.
_NOTES: dict[tuple[int, str, str | None], str] = {
    (2, "ce", "Fisher-PP chi2"): "2.068 with p = 0.019 is a one-sided standard normal tail (Stata's inverse "
    "normal Z or modified inverse chi-squared Pm), not a chi-squared(60) value as the note says",
    (2, "ce", "Fisher-ADF chi2"): "3.199 with p = 0.001 is a one-sided standard normal tail, not a "
    "chi-squared(60) value as the note says",
    (2, "Smooth or not", None): "printed in a cell merged across the statistic and p value",
    (3, "Time fixation effect", None): "i.e. time fixed effects",
    (4, "tech", None): "Table 4 does not say which fixed effects; its tech coefficients equal Table 11's",
    (5, "2020", "ce Moran"): "printed 0.350, surely 0.035: the z value (1.785) is below 2019's (1.859, Moran 0.038)",
    (6, "2016", "tech Moran"): "printed '0245' (decimal point lost); value read as 0.245",
    (8, "Test for SEM", "p"): "p = 0.027 does not match chi-squared(7) (p = 0.24 for 9.21) as the other LR "
    "and Wald rows do; it matches chi-squared(3)",
    (8, "LM-lag", "Type of Test"): "the four LM rows share one merged 'Test Results' cell",
    (9, "rho", "W1 Main"): "printed across the merged Main/Wx cell as '0.084 | 1 **', read as 0.0841; "
    "** does not fit the printed (0.42)",
    (9, "rho", "W2 Main"): "printed across the merged Main/Wx cell as '0.211 | 1 **', read as 0.2111",
    (9, "rho (t)", None): "printed across the merged Main/Wx cell, e.g. '(0.4 | 2)'",
    (9, "sigma2_e", None): "printed in a cell merged across Main and Wx",
    (9, "sigma2_e (t)", None): "printed across the merged Main/Wx cell as '(12.2 | 24)' etc., read as 12.224",
    (9, "lntech", None): "lntech is the analysis variable tech (= ln K)",
    (9, "R-squared", None): "one value per model, printed under both Main and Wx",
    (10, "Constant", None): "printed 'cons'",
    (10, "tech", "(3) ce"): "the text's mediation share 6.19% = 0.294 x 0.071 / 0.337",
    (11, "Number of id", None): "the text of the second half (ce3, ce4) is garbled and shows no Number of id",
    (12, "Delete some cities", None): "the text calls this check deleting some provincial capitals",
    (12, "Replace explanatory variables", None): "the text: overall emissions narrowed to a single "
    "industrial sector (which one is not said)",
    (13, "ce", "bs_1 lower"): "bs_1 is the direct and bs_2 the indirect effect (text); both intervals are "
    "positive although Table 10's direct (-0.317) and indirect (-0.294 x 0.071 = -0.021) effects are "
    "negative, and -0.021 is outside [0.05, 0.201]",
}

_NUMBER = r"[-+]?\d*\.?\d+"
_VALUE_OVERRIDES = {(6, "2016", "tech Moran"): 0.245}


def _parse_cell(text: str) -> tuple[float, str]:
    """The number and stars of a printed cell: '-0.337 ***', '(-8.43)', '99%'; NaN for words."""
    text = text.replace("\u2212", "-")
    if match := re.fullmatch(rf"\(({_NUMBER})\)", text):
        return float(match.group(1)), ""
    if match := re.fullmatch(rf"({_NUMBER})\s*(\**)", text):
        return float(match.group(1)), match.group(2)
    if match := re.fullmatch(rf"({_NUMBER})%", text):
        return float(match.group(1)) / 100, ""
    return math.nan, ""


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("|")]


def _columns(n: int) -> list[str]:
    """Table ``n``'s printed column headings, in order (its first line, after the 'row' heading)."""
    return _cells(_TABLES[n].strip().splitlines()[0])[1:]


@functools.cache
def _long(n: int) -> pd.DataFrame:
    columns = _columns(n)
    records = []
    for line in _TABLES[n].strip().splitlines()[1:]:
        cells = _cells(line)
        row, cells = cells[0], cells[1:]
        if len(cells) != len(columns):
            raise AssertionError(f"Table {n}, row {row!r}: {len(cells)} cells for {len(columns)} columns")
        for column, text in zip(columns, cells):
            if not text:
                continue
            value, stars = _parse_cell(text)
            value = _VALUE_OVERRIDES.get((n, row, column), value)
            note = _NOTES.get((n, row, column)) or _NOTES.get((n, row, None), "")
            records.append((row, column, value, stars, text, note))
    return pd.DataFrame(records, columns=["row", "column", "value", "stars", "text", "note"])


def table(n: int) -> pd.DataFrame:
    """Table ``n`` (1-13) in long form: row, column, value, stars, text (as printed), note (ours or '').

    Rows and columns are named as in the paper; the statistic printed in parentheses under a
    coefficient is the row "<row> (t)". A fresh copy each call.
    """
    if n not in _TABLES:
        raise KeyError(f"the paper has Tables 1-13, not {n!r}")
    return _long(n).copy()


def layout(n: int) -> tuple[list[str], list[str]]:
    """Table ``n``'s row names and column headings in printed order (those of :func:`table_wide`)."""
    return list(dict.fromkeys(_long(n)["row"])), _columns(n)


def table_wide(n: int) -> pd.DataFrame:
    """Table ``n`` in the paper's layout: the printed cells (with stars) as text, '' where blank."""
    rows, columns = layout(n)
    wide = _long(n).pivot(index="row", columns="column", values="text").reindex(index=rows, columns=columns)
    wide.index.name, wide.columns.name = None, None
    return wide.fillna("")


def coefficients(n: int, column: str) -> pd.DataFrame:
    """Published coefficients of one regression column: coef, se (= |coef / t|), t, stars.

    Rows are the coefficient rows that have a "(t)" row beneath them. The standard error is implied by
    the rounded coefficient and t statistic, so it carries their rounding (a few per cent for small t).
    """
    long = _long(n)
    cells = long[long["column"] == column].set_index("row")
    if cells.empty:
        raise KeyError(f"Table {n} has no column {column!r}")
    names = [row for row in cells.index if f"{row} (t)" in cells.index]
    coef = cells.loc[names, "value"].astype(float)
    t = cells.loc[[f"{row} (t)" for row in names], "value"].astype(float).to_numpy()
    return pd.DataFrame(
        {
            "coef": coef.to_numpy(),
            "se": (coef.abs() / abs(t)).where(t != 0).to_numpy(),
            "t": t,
            "stars": cells.loc[names, "stars"].to_numpy(),
        },
        index=pd.Index(names, name="variable"),
    )


_MATRICES = {"inverse-distance": "W1", "inverse-distance-squared": "W2", "contiguity": "W3"}


def sdm_coefficients(matrix: str = "W1") -> pd.DataFrame:
    """Table 9's spatial Durbin model for one weight matrix: rho, each x, then each W*x.

    ``matrix`` is "W1", "W2", "W3" or the geography names ("inverse-distance", ...). Rows are named as
    the spatial model names its parameters: rho, tech (the printed lntech), gdp, ..., W*tech, W*gdp, ...
    Columns coef, se (= |coef / t|), t, stars. sigma2_e is left out (not a coefficient).
    """
    key = _MATRICES.get(matrix, matrix)
    if key not in ("W1", "W2", "W3"):
        raise KeyError(f"matrix must be W1, W2, W3 or one of {sorted(_MATRICES)}, not {matrix!r}")
    main = coefficients(9, f"{key} Main").rename(index={"lntech": "tech"})
    spatial = coefficients(9, f"{key} Wx").rename(index={"lntech": "tech"})
    spatial.index = "W*" + spatial.index
    x_names = ["tech", *CONTROLS]
    return pd.concat([main.loc[["rho", *x_names]], spatial.loc[[f"W*{x}" for x in x_names]]]).rename_axis("variable")


def industry_fe_coefficients() -> pd.DataFrame:
    """Table 4's fixed-effects regressions of the four industries' log CO2.

    Index (industry, variable) with industry ce1..ce4 (steel, building materials, non-ferrous,
    petrochemical) and variable tech, gdp, ..., fin, Constant; columns coef, se, t, stars.
    """
    frames = {industry: coefficients(4, column) for industry, column in INDUSTRIES.items()}
    return pd.concat(frames, names=["industry", "variable"])
