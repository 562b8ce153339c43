"""The provincial yearbook panel: its schema, a validating loader, and the paper's transformations.

A researcher assembles one row per province and year (the raw schema, :data:`SCHEMA`, documented in
``data/README.md``). :func:`load_panel` reads the panel with the one file reader
(:func:`scenarios.data.reader.read_table`: parsed, never executed, with its size limits), checks every cell
and reports all problems at once, grouped, as an :class:`~scenarios.errors.InputError`. :func:`transform` turns the raw panel into
the paper's analysis variables (Li, Wei, Xu & Jiang 2023, §2.1 and §2.2.1): deflation by the chained
fixed-asset investment price index, the technology-import stock by the perpetual inventory method
(Eqs. 1-2), logarithms, and 1% winsorising. :func:`describe` gives Table 1.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import math
import os
import re
from dataclasses import dataclass, field
from typing import BinaryIO

import numpy as np
import pandas as pd

from scenarios.data.reader import RawTable, header_key, is_present, parse_number, read_table
from scenarios.errors import InputError, Problem
from scenarios.geography import canonical_province, closest_province, in_canonical_order, sample_provinces


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the raw panel.

    ``positive``: must be > 0 (it is logged or divided by); every numeric column must be >= 0.
    ``share``: a fraction that must lie in [0, 1].
    """

    name: str
    unit: str
    description: str
    source: str
    positive: bool = False
    share: bool = False
    kind: str = "number"  # "number", "integer" (year) or "province"


_ENERGY_YEARBOOK = "China Energy Statistical Yearbook with IPCC (2006) emission factors (paper §2.1.1), or CEADs"

#: The raw panel, column by column, in order. The template writer and data/README.md use this definition.
SCHEMA: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "province",
        "name",
        "Province: English name (e.g. Inner Mongolia, or Nei Mongol), Chinese name (内蒙古) or adcode (150000)",
        "-",
        kind="province",
    ),
    ColumnSpec("year", "year", "Calendar year", "-", kind="integer"),
    ColumnSpec(
        "co2_total",
        "Mt CO2",
        "Total CO2 emissions, direct and indirect (electricity, heat, transport); the paper's ce",
        _ENERGY_YEARBOOK,
        positive=True,
    ),
    ColumnSpec(
        "co2_steel",
        "Mt CO2",
        "CO2 of ferrous metal smelting and pressing (steel); the paper's ce1",
        _ENERGY_YEARBOOK,
        positive=True,
    ),
    ColumnSpec(
        "co2_building_materials",
        "Mt CO2",
        "CO2 of non-metallic mining and non-metallic mineral products (building materials); the paper's ce2",
        _ENERGY_YEARBOOK,
        positive=True,
    ),
    ColumnSpec(
        "co2_nonferrous",
        "Mt CO2",
        "CO2 of non-ferrous metal smelting and pressing; the paper's ce3",
        _ENERGY_YEARBOOK,
        positive=True,
    ),
    ColumnSpec(
        "co2_petrochemical",
        "Mt CO2",
        "CO2 of oil and gas extraction, petroleum/coking/fuel processing, and chemicals; the paper's ce4",
        _ENERGY_YEARBOOK,
        positive=True,
    ),
    ColumnSpec(
        "tech_import_expenditure",
        "CNY 100 million (nominal)",
        "Expenditure on importing foreign technology by large and medium-sized industrial enterprises",
        "China Statistical Yearbook on Science and Technology: technology acquisition and technical "
        "renovation of large and medium-sized industrial enterprises, by region (expenditure for "
        "acquisition of foreign technology)",
    ),
    ColumnSpec(
        "fai_price_index",
        "previous year = 100",
        "Price index of investment in fixed assets",
        "China Statistical Yearbook, Prices: general price indices by region (fixed-asset investment)",
        positive=True,
    ),
    ColumnSpec(
        "patent_applications",
        "applications",
        "Patent applications of industrial enterprises above designated size; the paper's ino",
        "China Statistical Yearbook on Science and Technology: patents of industrial enterprises above "
        "designated size, by region",
        positive=True,
    ),
    ColumnSpec(
        "gdp_per_capita",
        "CNY 10,000 per person",
        "Gross regional product per capita (current prices); the paper's gdp",
        "China Statistical Yearbook, National Accounts: per capita gross regional product by region",
    ),
    ColumnSpec(
        "tertiary_share",
        "fraction 0-1",
        "Value added of the tertiary industry / gross regional product; the paper's ind",
        "China Statistical Yearbook, National Accounts: gross regional product and its components by region",
        share=True,
    ),
    ColumnSpec(
        "energy_intensity",
        "tce per CNY 10,000",
        "Total energy consumption / gross regional product; the paper's ei",
        "China Energy Statistical Yearbook (total energy consumption by region) and China Statistical "
        "Yearbook (gross regional product)",
    ),
    ColumnSpec(
        "trade_openness",
        "ratio",
        "Total imports and exports / gross regional product (both in CNY); the paper's tra",
        "China Statistical Yearbook, Foreign Trade: total imports and exports by region (location of "
        "importers and exporters), converted at the annual average CNY/USD rate",
    ),
    ColumnSpec(
        "schooling_years",
        "years",
        "Average years of schooling of the population aged 6 and over; the paper's edu",
        "China Statistical Yearbook, Population: educational attainment by region (sample survey), "
        "weighted 0/6/9/12/16 years",
    ),
    ColumnSpec(
        "fiscal_expenditure_share",
        "fraction 0-1",
        "General budget expenditure of the local government / gross regional product; the paper's fin",
        "China Statistical Yearbook, Government Finance: general budget expenditure of local governments by region",
        share=True,
    ),
)

COLUMNS: tuple[str, ...] = tuple(spec.name for spec in SCHEMA)
_SPECS = {spec.name: spec for spec in SCHEMA}
_NUMERIC = tuple(spec.name for spec in SCHEMA if spec.kind == "number")


def schema_markdown() -> str:
    """The schema as a Markdown table (data/README.md carries it verbatim; a test keeps them equal)."""
    lines = ["| column | unit | meaning | source | check |", "| --- | --- | --- | --- | --- |"]
    for spec in SCHEMA:
        check = {"province": "known province", "integer": "whole number"}.get(spec.kind, ">= 0")
        if spec.positive:
            check = "> 0"
        if spec.share:
            check = "0 to 1"
        lines.append(f"| `{spec.name}` | {spec.unit} | {spec.description} | {spec.source} | {check} |")
    return "\n".join(lines)


#: Analysis variables (COMMON/DESIGN names) in order, with their raw source column and Table 1 meaning.
ANALYSIS_VARIABLES: dict[str, tuple[str, str]] = {
    "ce": ("co2_total", "Overall CO2 emissions"),
    "ce1": ("co2_steel", "Carbon emissions from steel industry"),
    "ce2": ("co2_building_materials", "Carbon emissions from building materials industry"),
    "ce3": ("co2_nonferrous", "Carbon emissions from non-ferrous metal industry"),
    "ce4": ("co2_petrochemical", "Carbon emissions from petrochemical and chemical industries"),
    "tech": ("tech_import_expenditure", "Technology import"),
    "ino": ("patent_applications", "Industrial technological innovation"),
    "gdp": ("gdp_per_capita", "Level of economic development"),
    "ind": ("tertiary_share", "Industrial structure"),
    "ei": ("energy_intensity", "Energy intensity"),
    "tra": ("trade_openness", "Trade openness"),
    "edu": ("schooling_years", "Educational level"),
    "fin": ("fiscal_expenditure_share", "Financial strength"),
}

#: Paper §2.1.1: average growth of technology import expenditure g and depreciation delta.
GROWTH_RATE = 0.05
DEPRECIATION = 0.15
WINSOR_LEVEL = 0.01

MAX_PROBLEMS = 40


# --------------------------------------------------------------------------------------------------
# The paper's transformations
# --------------------------------------------------------------------------------------------------


def chained_deflator(price_index: pd.Series | np.ndarray) -> np.ndarray:
    """Price level relative to the first year from a previous-year = 100 index (paper §2.1.1).

    P_first = 1 and P_t = P_{t-1} * I_t / 100, so the first year's own index value (its change on the
    year before the sample) is not used. Real value = nominal value / P_t, in first-year prices. Years run
    along the last axis (a 2-D input is one province per row).
    """
    index = np.asarray(price_index, dtype=float)
    ratios = index / 100.0
    ratios[..., 0] = 1.0
    return np.cumprod(ratios, axis=-1)


def perpetual_inventory(
    expenditure: pd.Series | np.ndarray,
    g: float = GROWTH_RATE,
    delta: float = DEPRECIATION,
    initial_stock: float | np.ndarray | None = None,
    base_period: str = "printed",
) -> pd.Series | np.ndarray:
    """Stock of a flow by the perpetual inventory method over consecutive years (the last axis).

    Eq. 2 of the paper: K_t = E_t + (1 - delta) K_{t-1}. When ``initial_stock`` (K of the year before the
    series; one per row for a 2-D input) is given, the recursion starts from it: this is how the scenario
    engine continues an observed stock into the future. Otherwise the first year's stock is set by
    ``base_period``:

    * ``"printed"`` (default): the paper's Eq. 1 as printed, K_1 = E_1 (1 + g) / (1 + delta). It is
      unusual: with g = 5% and delta = 15% it gives K_1 = 0.91 E_1.
    * ``"griliches"``: the textbook steady-state start, K_1 = E_1 / (g + delta) (Griliches 1980;
      5 E_1 here), of which the paper's Eq. 1 may be a misprint. Only the early years differ: the
      base stock's weight decays as (1 - delta)^t.

    Takes one province's series (a Series keeps its index) or a provinces x years array.
    """
    flows = np.asarray(expenditure, dtype=float)
    if flows.ndim not in (1, 2):
        raise ValueError("expenditure must be a series (1-D) or provinces x years (2-D)")
    if not (0 <= delta < 1) or g <= -1:
        raise ValueError(f"need 0 <= delta < 1 and g > -1; got delta={delta}, g={g}")
    base_stock = {"printed": lambda e: e * (1 + g) / (1 + delta), "griliches": lambda e: e / (g + delta)}
    if base_period not in base_stock:
        raise ValueError(f"base_period must be 'printed' or 'griliches', not {base_period!r}")
    stock = np.empty_like(flows)
    if flows.shape[-1] == 0:  # no year to accumulate (a projection that ends within the observed years)
        return pd.Series(stock, index=expenditure.index, name="stock") if isinstance(expenditure, pd.Series) else stock
    if initial_stock is None:
        stock[..., 0] = base_stock[base_period](flows[..., 0])
    else:
        stock[..., 0] = flows[..., 0] + (1 - delta) * np.asarray(initial_stock, dtype=float)
    for t in range(1, flows.shape[-1]):
        stock[..., t] = flows[..., t] + (1 - delta) * stock[..., t - 1]
    if isinstance(expenditure, pd.Series):
        return pd.Series(stock, index=expenditure.index, name="stock")
    return stock


def technology_stock(
    raw: pd.DataFrame, g: float = GROWTH_RATE, delta: float = DEPRECIATION, base_period: str = "printed"
) -> pd.DataFrame:
    """Deflator, real import expenditure and its perpetual-inventory stock, by province and year.

    Columns: province, year, deflator (chained FAI index, first sample year = 1), real_expenditure
    (CNY 100 million at first-year prices), stock (K, same unit). Not winsorised, not logged: the
    scenario engine continues ``stock`` with :func:`perpetual_inventory` (``initial_stock=``).
    ``raw`` must be a balanced panel (as :func:`load_panel` guarantees). Canonical order.
    """
    ordered = in_canonical_order(raw)
    n_provinces = ordered["province"].nunique()
    if n_provinces * ordered["year"].nunique() != len(ordered):
        raise ValueError("technology_stock needs a balanced province-year panel")
    grid = (n_provinces, -1)
    deflator = chained_deflator(ordered["fai_price_index"].to_numpy(dtype=float).reshape(grid))
    real = ordered["tech_import_expenditure"].to_numpy(dtype=float).reshape(grid) / deflator
    stock = perpetual_inventory(real, g=g, delta=delta, base_period=base_period)
    return pd.DataFrame(
        {
            "province": ordered["province"].to_numpy(),
            "year": ordered["year"].to_numpy(),
            "deflator": deflator.ravel(),
            "real_expenditure": real.ravel(),
            "stock": stock.ravel(),
        }
    )


def winsorize(values: pd.Series | np.ndarray, level: float = WINSOR_LEVEL) -> pd.Series | np.ndarray:
    """Clip at the pooled ``level`` and ``1 - level`` percentiles (paper §2.2.1: 1% winsorising).

    Percentiles follow Stata's ``_pctile``/``winsor2`` (the paper used Stata 17): Hyndman-Fan
    definition 2, numpy's ``averaged_inverted_cdf`` (with n = 300 and 1%, the mean of the 3rd and 4th
    smallest values). Missing values are ignored and kept.
    """
    array = np.asarray(values, dtype=float)
    finite = array[np.isfinite(array)]
    if finite.size == 0 or level <= 0:
        return values.copy() if isinstance(values, pd.Series) else array.copy()
    low, high = np.percentile(finite, [100 * level, 100 * (1 - level)], method="averaged_inverted_cdf")
    clipped = np.clip(array, low, high)
    if isinstance(values, pd.Series):
        return pd.Series(clipped, index=values.index, name=values.name)
    return clipped


def transform(
    raw: pd.DataFrame,
    g: float = GROWTH_RATE,
    delta: float = DEPRECIATION,
    winsor: float = WINSOR_LEVEL,
    base_period: str = "printed",
) -> pd.DataFrame:
    """The paper's analysis variables from a validated raw panel (§2.1, §2.2.1).

    * ce = ln(co2_total x 100): CO2 in 10^4 t, the scale of Table 1; ce1..ce4 likewise for steel,
      building materials, non-ferrous metals and petrochemicals.
    * tech = ln K, K the perpetual-inventory stock of real technology-import expenditure
      (:func:`technology_stock`).
    * ino = ln(patent_applications).
    * gdp, ind, ei, tra, edu, fin: the raw levels.

    Every variable is then winsorised at the pooled 1st/99th percentiles (:func:`winsorize`). We
    winsorise after taking logs, i.e. the analysis variables, as Table 1 reports them. For an
    increasing transform such as ln, clipping at order statistics commutes with the transform, so the
    order only matters where Stata's percentile averages two neighbouring values (a cut between them
    either way). Sorted by canonical province order, then year.
    """
    ordered = in_canonical_order(raw)
    stock = technology_stock(ordered, g=g, delta=delta, base_period=base_period)
    if (stock["stock"] <= 0).any():  # load_panel reports this with rows; here it is a caller's bug
        raise ValueError("the technology-import stock is zero somewhere, so tech = ln K is undefined")
    analysis = {"province": ordered["province"].to_numpy(), "year": ordered["year"].to_numpy()}
    for name, (column, _) in ANALYSIS_VARIABLES.items():
        values = ordered[column].to_numpy(dtype=float)
        if name.startswith("ce"):
            values = np.log(values * 100.0)
        elif name == "tech":
            values = np.log(stock["stock"].to_numpy())
        elif name == "ino":
            values = np.log(values)
        analysis[name] = winsorize(values, winsor)
    return pd.DataFrame(analysis)


def describe(analysis: pd.DataFrame) -> pd.DataFrame:
    """Descriptive statistics in the layout of the paper's Table 1.

    Columns: Variable, Variable Meaning, Obs, Min, Max, Mean, Std.dev. (sample standard deviation,
    n - 1, as Stata's ``summarize``). Rows: the analysis variables present, in Table 1's order, with
    ino (not in Table 1) after tech.
    """
    rows = []
    for name, (_, meaning) in ANALYSIS_VARIABLES.items():
        if name not in analysis:
            continue
        values = pd.to_numeric(analysis[name], errors="coerce").dropna()
        rows.append(
            {
                "Variable": name,
                "Variable Meaning": meaning,
                "Obs": int(values.size),
                "Min": values.min(),
                "Max": values.max(),
                "Mean": values.mean(),
                "Std.dev.": values.std(ddof=1),
            }
        )
    return pd.DataFrame(rows, columns=["Variable", "Variable Meaning", "Obs", "Min", "Max", "Mean", "Std.dev."])


# --------------------------------------------------------------------------------------------------
# The panel object
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Panel:
    """A validated province-year panel (made by :func:`load_panel` or :func:`panel_from_frame`).

    Immutable: every frame it hands out is a copy. ``synthetic`` marks the demo panel, whose results
    must be labelled as such; ``notices`` are non-fatal messages from loading (e.g. Tibet dropped).
    """

    _raw: pd.DataFrame = field(repr=False)
    source: str = "panel"
    synthetic: bool = False
    notices: tuple[str, ...] = ()

    @property
    def raw(self) -> pd.DataFrame:
        """The raw panel (schema columns, then any extra columns), a copy."""
        return self._raw.copy()

    @functools.cached_property
    def _analysis(self) -> pd.DataFrame:
        return transform(self._raw)

    @property
    def analysis(self) -> pd.DataFrame:
        """The paper's analysis variables (:func:`transform` with its defaults), a copy."""
        return self._analysis.copy()

    @property
    def provinces(self) -> tuple[str, ...]:
        """Provinces in canonical order."""
        return tuple(dict.fromkeys(self._raw["province"]))

    @property
    def years(self) -> tuple[int, ...]:
        """Years, ascending."""
        return tuple(int(y) for y in sorted(self._raw["year"].unique()))

    @functools.cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the schema columns' values: a cache key for anything computed from the panel."""
        text = self._raw[list(COLUMNS)].to_csv(index=False, float_format="%.17g")
        return hashlib.sha256(text.encode()).hexdigest()

    def __repr__(self) -> str:
        label = "synthetic " if self.synthetic else ""
        years = self.years
        return (
            f"Panel({label}{self.source!r}: {len(self.provinces)} provinces x {len(years)} years "
            f"{years[0]}-{years[-1]}, {len(self.notices)} notices)"
        )


# --------------------------------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------------------------------


#: Rows listed for a group of alike problems (the count is always the true one).
FIRST_ROWS = 5


@dataclass
class _Group:
    """Alike problems (one column, one kind): the first one's message, the first rows, the true count."""

    message: str
    column: str | None
    rows: list[int]
    count: int


class _Collector:
    """Every problem found, grouped: one line per column and kind, with the first rows and the true count.

    A file with thousands of bad cells (a decimal-comma file, a wrong column) gives one line per column
    and kind, e.g. "co2_total must be a number, not '1,5' (3,000 cells: rows 2, 3, 4, 5, 6, ...)", so the
    message stays short while the count is true. A group keeps only its first message and
    :data:`FIRST_ROWS` rows, so collecting costs memory per group, not per bad cell. Raised in reading
    order (by first row, then column), at most :data:`MAX_PROBLEMS` lines and a last line counting the
    rest; :attr:`InputError.count` is the true number of problems.
    """

    def __init__(self, file: str | None, sheet: str | None = None):
        self.file, self.sheet = file, sheet
        self.groups: dict[tuple[str | None, str], _Group] = {}

    def add(self, message: str, row: int | None = None, column: str | None = None, kind: str | None = None) -> None:
        """One problem; ``kind`` (default: the message) groups it with alike problems of the same column."""
        self.add_cells(kind or message, column, [] if row is None else [row], lambda _: message, count=1)

    def add_cells(self, kind: str, column: str | None, rows, message, count: int | None = None) -> None:
        """Alike problems at ``rows`` (a sequence of row numbers) of ``column``; ``message(i)`` words the
        problem at position ``i`` of ``rows``, and is called for the first problem of a group only."""
        count = len(rows) if count is None else count
        if not count:
            return
        group = self.groups.get((column, kind))
        if group is None:
            group = self.groups[(column, kind)] = _Group(message(0), column, [], 0)
        group.rows.extend(int(row) for row in rows[: max(0, FIRST_ROWS - len(group.rows))])
        group.count += count

    def raise_if_any(self) -> None:
        if not self.groups:
            return
        place = {name: i for i, name in enumerate(COLUMNS)}
        ordered = sorted(
            self.groups.values(),
            key=lambda g: (
                not g.rows,
                g.rows[0] if g.rows else 0,
                len(place) if g.column is None else place.get(g.column, len(place)),
            ),
        )
        shown = [self._problem(group) for group in ordered[:MAX_PROBLEMS]]
        total = sum(group.count for group in ordered)
        rest = sum(group.count for group in ordered[MAX_PROBLEMS:])
        if rest:
            shown.append(Problem(f"... and {rest:,} more problems", file=self.file))
        raise InputError(shown, count=total)

    def _problem(self, group: _Group) -> Problem:
        if group.count == 1:
            row = group.rows[0] if group.rows else None
            return Problem(group.message, file=self.file, sheet=self.sheet, row=row, column=group.column)
        rows = ", ".join(map(str, group.rows)) + (", ..." if group.count > len(group.rows) else "")
        return Problem(
            f"{group.message} ({group.count:,} cells like this: rows {rows})",
            file=self.file,
            sheet=self.sheet,
            column=group.column,
        )


def load_panel(
    source: str | os.PathLike | bytes | BinaryIO,
    name: str | None = None,
    synthetic: bool = False,
    sheet: str | None = None,
) -> Panel:
    """Read and validate a raw panel from CSV or XLSX (a path, bytes, or a binary file-like object).

    The file is read by :func:`scenarios.data.reader.read_table` (``name`` and ``sheet`` as there;
    ``name`` is also ``Panel.source``), then every cell is checked.

    Raises :class:`InputError` listing every problem with its row and column, alike problems grouped
    (up to 40 lines; ``count`` is the true number). Rows of Tibet
    (not in the paper's sample) are dropped with a notice; extra columns are kept and ignored (a copy
    of the demo panel keeps its ``data`` column: :func:`scenarios.data.demo.as_labelled` flags it synthetic).
    """
    table = read_table(source, name=name, sheet=sheet)
    return _validate(table.header, table.rows, file=table.file, sheet=table.sheet, synthetic=synthetic)


def table_frame(table: RawTable) -> pd.DataFrame:
    """A table's rows as a DataFrame with the loader's column matching, and nothing validated.

    A heading that matches a schema column (ignoring case, spacing and a trailing unit in brackets,
    e.g. 'CO2 total (Mt)') takes the schema name; other headings are kept stripped, and columns
    with a blank heading are dropped. A schema column other than province whose every cell reads
    as a number (as the loader reads them: thousands separators, full-width digits) or is empty
    becomes float; any other column keeps the cells as read.
    """
    names = [header_key(h) if header_key(h) in _SPECS else str(h).strip() for h in table.header]
    keep = [j for j, n in enumerate(names) if n]
    frame = pd.DataFrame(
        [[cells[j] if j < len(cells) else None for j in keep] for _, cells in table.rows],
        columns=[names[j] for j in keep],
    )
    for column in COLUMNS[1:]:
        if column in frame.columns:
            numbers = frame[column].map(parse_number)
            if (numbers.notna() | ~_present_mask(frame[column])).all():
                frame[column] = numbers.astype(float)
    return frame


def panel_from_frame(frame: pd.DataFrame, source: str = "panel", synthetic: bool = False) -> Panel:
    """Validate a DataFrame in the raw schema (same checks as :func:`load_panel`; row = index + 2)."""
    header = [str(c) for c in frame.columns]
    rows = [(i + 2, list(values)) for i, values in enumerate(frame.itertuples(index=False, name=None))]
    return _validate(header, rows, file=source, sheet=None, synthetic=synthetic)


def _validate(header, rows, file: str, sheet: str | None, synthetic: bool) -> Panel:
    """Check every cell column by column (vectorised; only bad cells are visited one by one)."""
    problems = _Collector(file, sheet)
    positions = _map_header(header, problems)
    if "province" not in positions or "year" not in positions:
        problems.raise_if_any()

    width = len(header)
    table = pd.DataFrame([list(cells[:width]) + [None] * (width - len(cells)) for _, cells in rows], dtype=object)
    row_numbers = np.array([number for number, _ in rows])

    given = table[positions["province"]]
    names = np.array([canonical_province(value) for value in given], dtype=object)
    present = _present_mask(given)
    problems.add_cells("empty", "province", row_numbers[~present], lambda _: "empty province name")
    for i in np.flatnonzero(present & pd.isna(names)):
        unknown = str(given.iloc[i]).strip()
        guess = closest_province(unknown)  # cached by name: a misspelling repeated on many rows is matched once
        problems.add(
            f"unknown province {unknown!r}"
            + (f", did you mean {guess!r}?" if guess else "")
            + " (use an English name such as 'Inner Mongolia', a Chinese name such as '内蒙古', or an adcode "
            "such as 150000)",
            int(row_numbers[i]),
            "province",
            kind=f"unknown {unknown}",
        )
    _check_row_widths(rows, width, problems)
    outside = ~pd.isna(names) & ~np.isin(names, sample_provinces())
    notices = []
    if outside.any():
        notices.append(
            f"dropped {outside.sum()} row{'s' if outside.sum() > 1 else ''} of Tibet, which is not in the "
            "paper's 30-province sample"
        )
    table, row_numbers, names = table[~outside].reset_index(drop=True), row_numbers[~outside], names[~outside]

    columns = {"_row": row_numbers, "province": names}
    for column in ("year", *_NUMERIC):
        if column in positions:
            columns[column] = _check_column(column, table[positions[column]], row_numbers, problems)
    _check_panel_shape(columns, problems)
    problems.raise_if_any()

    for index, heading in enumerate(header):
        if index not in positions.values() and str(heading).strip():
            columns[str(heading)] = table[index].to_numpy()
    frame = in_canonical_order(pd.DataFrame(columns).drop(columns="_row"))
    frame = frame[list(COLUMNS) + [c for c in frame.columns if c not in COLUMNS]]
    frame["province"] = frame["province"].astype(str)
    frame["year"] = frame["year"].astype(int)
    return Panel(frame, source=file, synthetic=synthetic, notices=tuple(notices))


def _map_header(header: list[str], problems: _Collector) -> dict[str, int]:
    positions: dict[str, int] = {}
    keys = [header_key(h) for h in header]
    for index, key in enumerate(keys):
        if key in _SPECS:
            if key in positions:
                problems.add(f"column {key!r} appears twice (columns {positions[key] + 1} and {index + 1})", 1, key)
            else:
                positions[key] = index
    unmatched = [h for h, k in zip(header, keys) if k and k not in _SPECS]
    missing_without_hint = []
    for name in COLUMNS:
        if name not in positions:
            close = difflib.get_close_matches(name, [header_key(h) for h in unmatched], n=1, cutoff=0.6)
            if close:
                original = next(h for h in unmatched if header_key(h) == close[0])
                problems.add(
                    f"required column {name!r} is missing (is {str(original).strip()!r} meant to be {name!r}?)",
                    1,
                    name,
                )
            else:
                missing_without_hint.append(name)
    if len(missing_without_hint) == 1:
        problems.add(f"required column {missing_without_hint[0]!r} is missing", 1, missing_without_hint[0])
    elif missing_without_hint:
        # One line for many: a wrong file (or template) should not bury the message under a dozen others.
        problems.add(
            f"{len(missing_without_hint)} required columns are missing: {', '.join(missing_without_hint)} "
            "(data/README.md lists the schema)",
            1,
        )
    return positions


def _present_mask(cells: pd.Series) -> np.ndarray:
    """Cells that hold something: not None/NaN and not blank text."""
    return np.fromiter((is_present(cell) for cell in cells), dtype=bool, count=len(cells))


#: A number written with a decimal comma, as spreadsheets in many locales write it ("1,5"; "1,234" is read
#: as a thousands separator by :func:`scenarios.data.reader.parse_number`).
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


def _check_row_widths(rows, width: int, problems: _Collector) -> None:
    """Cells beyond the header's last column: a comma-separated file with decimal commas splits every
    number in two (so the values would shift silently), and a stray cell would be ignored."""
    wide = [number for number, cells in rows if any(is_present(cell) for cell in cells[width:])]
    problems.add_cells(
        "wider than the header",
        None,
        wide[:FIRST_ROWS],
        lambda _: (
            f"the row has values beyond the header's {width} columns (decimal commas in a comma-separated "
            "file? Then every number is split in two: save the file with decimal points, or separated by semicolons)"
        ),
        count=len(wide),
    )


def _check_column(column: str, cells: pd.Series, row_numbers: np.ndarray, problems: _Collector) -> np.ndarray:
    """The column's numbers, NaN where a cell is empty, not a number, or out of range (each reported)."""
    spec = _SPECS[column]
    present = _present_mask(cells)
    values = pd.to_numeric(cells, errors="coerce").to_numpy(dtype=float, copy=True)
    for i in np.flatnonzero(present & ~np.isfinite(values)):  # "1,234", full-width digits, words
        parsed = parse_number(cells.iloc[i])
        values[i] = np.nan if parsed is None else parsed
    values[np.array([isinstance(cell, bool) for cell in cells], dtype=bool)] = np.nan  # TRUE/FALSE in XLSX
    values[~np.isfinite(values)] = np.nan

    def report(mask: np.ndarray, message, kind: str | None = None) -> None:
        where = np.flatnonzero(mask)
        problems.add_cells(
            kind or message(np.nan, None),
            column,
            row_numbers[where[:FIRST_ROWS]],
            lambda i: message(values[where[i]], cells.iloc[where[i]]),
            count=len(where),
        )
        values[mask] = np.nan

    report(~present, lambda v, cell: "empty cell: every province-year needs a value")
    text = present & np.isnan(values)
    decimal_comma = text & cells.map(lambda cell: bool(_DECIMAL_COMMA.fullmatch(str(cell).strip()))).to_numpy(bool)
    report(
        decimal_comma,
        lambda v, cell: (
            f"{column} must be a number, not {str(cell).strip()!r}: decimal commas? "
            "Write 1.5, not 1,5 (in Excel: save with a decimal point, or use the semicolon-separated CSV your "
            "locale writes and replace the commas by points)"
        ),
        kind="decimal comma",
    )
    report(
        text & ~decimal_comma,
        lambda v, cell: f"{column} must be a number, not {str(cell).strip()!r}",
        kind="not a number",
    )
    with np.errstate(invalid="ignore"):
        if spec.kind == "integer":
            report(
                np.isfinite(values) & (values != np.round(values)),
                lambda v, cell: f"year must be a whole number, not {v:g}",
                kind="whole",
            )
            report(
                (values < 1949) | (values > 2100), lambda v, cell: f"year {v:g} is not a plausible year", kind="year"
            )
        elif spec.positive:
            report(
                values <= 0,
                lambda v, cell: f"must be positive (it is logged or divided by), not {v:g}",
                kind="positive",
            )
        report(values < 0, lambda v, cell: f"must not be negative, not {v:g}", kind="negative")
        if spec.share:
            report(
                values > 1,
                lambda v, cell: (
                    f"must be a share between 0 and 1, not {v:g}"
                    + (" (a percentage? divide by 100)" if v <= 100 else "")
                ),
                kind="share",
            )
    return values


def _check_panel_shape(columns: dict[str, np.ndarray], problems: _Collector) -> None:
    """Duplicates, a balanced panel of the 30 provinces over consecutive years, a positive first stock."""
    rows_at: dict[tuple[str, int], list[int]] = {}
    for province, year, row in zip(columns["province"], columns["year"], columns["_row"]):
        if province is not None and not math.isnan(year):
            rows_at.setdefault((province, int(year)), []).append(int(row))
    if not rows_at:
        problems.add("no rows of the 30 sample provinces with a valid year")
        return
    for (province, year), rows in rows_at.items():
        if len(rows) > 1:
            numbers = ", ".join(map(str, rows))
            problems.add(f"{province} {year} appears {len(rows)} times (rows {numbers})", rows[-1], "year")
    years = range(min(year for _, year in rows_at), max(year for _, year in rows_at) + 1)
    if len(years) < 2:
        problems.add("the panel needs at least two years")
    absent = [p for p in sample_provinces() if not any((p, year) in rows_at for year in years)]
    if absent:
        problems.add(
            f"{len(absent)} of the 30 sample provinces {'is' if len(absent) == 1 else 'are'} missing: "
            f"{', '.join(absent)} (the paper's sample and the spatial weights need all 30 provinces)",
            column="province",
        )
    for province in sample_provinces():
        missing = [year for year in years if (province, year) not in rows_at]
        if missing and province not in absent:
            problems.add(
                f"unbalanced panel: {province} has no row for {_year_ranges(missing)} "
                f"(every province needs every year {years[0]}-{years[-1]})",
                column="year",
            )
    if "tech_import_expenditure" in columns:
        spent: dict[str, float] = {}
        position = {row: i for i, row in enumerate(columns["_row"])}
        for (province, _), rows in sorted(rows_at.items()):
            value = columns["tech_import_expenditure"][position[rows[0]]]
            spent[province] = spent.get(province, 0.0) + (1.0 if math.isnan(value) else value)  # NaN: reported
            if spent[province] <= 0:
                problems.add(
                    f"no technology-import expenditure in {province} up to this year, so the stock K is 0 "
                    "and tech = ln K is undefined",
                    rows[0],
                    "tech_import_expenditure",
                )


def _year_ranges(years: list[int]) -> str:
    """'2012, 2014-2016' for [2012, 2014, 2015, 2016]."""
    spans = []
    start = previous = years[0]
    for year in [*years[1:], years[-1] + 2]:  # the gap after the last year closes the last span
        if year != previous + 1:
            spans.append(str(start) if start == previous else f"{start}-{previous}")
            start = year
        previous = year
    return ", ".join(spans)
