"""The yearbook template: an XLSX workbook to fill in with a province panel, and a reader for it half-filled.

The workbook has three sheets. ``panel`` (first, so the loader finds it): one column per raw-schema
column (:data:`scenarios.data.panel.SCHEMA`, in order), one row per sample province and year, province and
year pre-filled, the header cells annotated with units. ``variables``: each column's unit, meaning,
yearbook and table (from the schema), the table's usual Chinese title (to find it in the Chinese
edition) and how to compute the value. ``instructions``: how to fill it in and load it.

:func:`scenarios.data.panel.load_panel` reads the filled workbook (sheet ``panel``). :func:`read_panel_table`
reads one that is still partly empty (for merging CEADs emissions into it), checking only provinces
and years.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from scenarios.data.panel import SCHEMA, table_frame
from scenarios.data.reader import read_table
from scenarios.errors import InputError, Problem
from scenarios.geography import sample_provinces
from scenarios.provenance import neutralised

#: The paper's sample years (Li et al. 2023: 2011-2020).
DEFAULT_YEARS = tuple(range(2011, 2021))
DATA_SHEET = "panel"
MAX_YEARS = 100

#: Per column: the table's usual Chinese title (titles vary a little between editions) and how to compute.
HOW_TO: dict[str, tuple[str, str]] = {
    "province": ("", "Pre-filled; leave as is (English, Chinese or adcode are all accepted)."),
    "year": ("", "Pre-filled. Data for year t are published in the yearbook of year t+1."),
    "co2_total": (
        "CEADs 省级二氧化碳排放清单 (ceads.net); 《中国能源统计年鉴》地区能源平衡表",
        "CEADs: total row, 'Scope 1 Total' (python -m scenarios ceads fills it). Or fuels of the regional "
        "energy balance x IPCC (2006) factors, plus electricity and heat (the paper's direct + indirect).",
    ),
    "co2_steel": (
        "CEADs: Smelting and Pressing of Ferrous Metals; 《中国能源统计年鉴》分行业能源消费",
        "CEADs sector row (python -m scenarios ceads fills it).",
    ),
    "co2_building_materials": (
        "CEADs: Nonmetal Minerals Mining and Dressing + Nonmetal Mineral Products",
        "Sum of the two CEADs sector rows (python -m scenarios ceads fills it).",
    ),
    "co2_nonferrous": (
        "CEADs: Smelting and Pressing of Nonferrous Metals",
        "CEADs sector row (python -m scenarios ceads fills it).",
    ),
    "co2_petrochemical": (
        "CEADs: Petroleum and Natural Gas Extraction + Petroleum Processing and Coking + Raw Chemical "
        "Materials and Chemical Products",
        "Sum of the three CEADs sector rows; Chemical Fiber excluded (python -m scenarios ceads fills it).",
    ),
    "tech_import_expenditure": (
        "《中国科技统计年鉴》大中型工业企业技术获取和技术改造情况 (按地区): 引进境外技术经费支出",
        "Nominal, CNY 100 million (万元 / 10,000). Later editions cover industrial enterprises above "
        "designated size (规模以上工业企业); keep one coverage for all years and say which.",
    ),
    "fai_price_index": (
        "《中国统计年鉴》分地区固定资产投资价格指数 (上年=100)",
        "As published, previous year = 100. The loader chains it into a deflator (first year = 1).",
    ),
    "patent_applications": (
        "《中国科技统计年鉴》规模以上工业企业专利情况 (按地区): 专利申请数",
        "Count of applications.",
    ),
    "gdp_per_capita": (
        "《中国统计年鉴》地区生产总值 / 人均地区生产总值 (按地区)",
        "Yuan per person / 10,000.",
    ),
    "tertiary_share": (
        "《中国统计年鉴》地区生产总值 (第三产业增加值, 按地区)",
        "Tertiary value added / gross regional product, a fraction (0.47, not 47).",
    ),
    "energy_intensity": (
        "《中国能源统计年鉴》分地区能源消费总量; 《中国统计年鉴》地区生产总值",
        "Total energy consumption (10,000 tce) / gross regional product (CNY 100 million) = tce per CNY 10,000.",
    ),
    "trade_openness": (
        "《中国统计年鉴》按经营单位所在地分货物进出口总额; 人民币汇率 (年平均价)",
        "Imports + exports (USD 1,000) x CNY/USD average rate / gross regional product (same CNY unit).",
    ),
    "schooling_years": (
        "《中国统计年鉴》分地区按受教育程度分的6岁及6岁以上人口 (抽样调查)",
        "(0 x no schooling + 6 x primary + 9 x junior + 12 x senior + 16 x college and above) / total.",
    ),
    "fiscal_expenditure_share": (
        "《中国统计年鉴》分地区一般公共预算支出",
        "Local general budget expenditure / gross regional product, a fraction.",
    ),
}

INSTRUCTIONS = (
    "Yearbook panel template for the technology-import carbon scenario explorer",
    "(Li, Wei, Xu & Jiang 2023, Atmosphere 14:1146: 30 provinces, 2011-2020).",
    "",
    "1. Fill the sheet 'panel': one row per province and year, one column per variable. Province and year",
    "   are pre-filled. Units, sources and how to compute each column are on the sheet 'variables'.",
    "2. Enter plain numbers in the units given (no thousands separators, no text such as 'n.a.').",
    "   Leave a cell empty only while you are still collecting; the loader refuses empty cells.",
    "3. CO2 columns: download the CEADs provincial inventories (https://www.ceads.net/data/province/) and run",
    "   python -m scenarios ceads FOLDER --merge-into THIS_FILE.xlsx --out WITH_CO2.xlsx",
    "   (or use the upload on the app's Data page). CEADs ends in 2019 at the time of writing: later years,",
    "   such as the paper's 2020, must come from another source (see docs/real-data.md).",
    "4. Technology import: enter the nominal expenditure. The tool deflates it by the chained fixed-asset",
    "   investment price index and builds the perpetual-inventory stock (g = 5%, delta = 15%) itself.",
    "5. Check it with: python -m scenarios panel THIS_FILE.xlsx (every problem with its row and column),",
    "   then load it on the app's Data page or give it to the other commands (python -m scenarios --help).",
    "",
    "Cite the sources you use. CEADs asks for: Shan et al. (2016) Applied Energy 184:742-750; Shan et al.",
    "(2018) Scientific Data 5:170201; Shan et al. (2020) Scientific Data 7:54; Guan et al. (2021) Earth's",
    "Future 9:e2021EF002241. The step-by-step guide: docs/real-data.md in the project repository.",
)


def parse_years(text: str) -> tuple[int, ...]:
    """Years from ``"2011-2020"``, ``"2011,2013,2015"`` or ``"2015"``; InputError on anything else."""
    years: set[int] = set()
    for part in str(text).replace(" ", "").split(","):
        match = re.fullmatch(r"((?:19|20)\d\d)(?:-((?:19|20)\d\d))?", part)
        if not match or (match[2] and int(match[2]) < int(match[1])):
            raise InputError(
                Problem(
                    f"years must look like 2011-2020 or 2011,2012 (years 1900-2099, a range "
                    f"first to last), not {text!r}",
                    parameter="years",
                )
            )
        years.update(range(int(match[1]), int(match[2] or match[1]) + 1))
    if len(years) > MAX_YEARS:
        raise InputError(Problem(f"at most {MAX_YEARS} years", parameter="years"))
    return tuple(sorted(years))


def template_frame(years: Iterable[int] = DEFAULT_YEARS) -> pd.DataFrame:
    """The empty panel: every schema column, the 30 sample provinces x ``years``, province and year filled."""
    years = tuple(int(y) for y in years)
    frame = pd.DataFrame(
        [(province, year) for province in sample_provinces() for year in years], columns=["province", "year"]
    )
    for spec in SCHEMA[2:]:
        frame[spec.name] = float("nan")
    return frame[[spec.name for spec in SCHEMA]]


def write_template(
    target: str | os.PathLike | None = None, years: Iterable[int] = DEFAULT_YEARS, data: pd.DataFrame | None = None
) -> bytes:
    """Write the template workbook; returns its bytes (and saves it to ``target`` when given).

    ``data``: rows to write instead of the empty template (e.g. a panel after a CEADs merge); its schema
    columns come first, in schema order, then any other columns it has.
    """
    frame = template_frame(years) if data is None else neutralised(_schema_first(data))  # no formulas from data
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    units = {spec.name: spec.unit for spec in SCHEMA}
    bold = Font(bold=True)
    sheet.append(list(frame.columns))
    for j, name in enumerate(frame.columns, start=1):
        cell = sheet.cell(row=1, column=j)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        if name in units:
            cell.comment = Comment(f"Unit: {units[name]}. See the sheet 'variables'.", "scenarios")
        sheet.column_dimensions[get_column_letter(j)].width = max(12, len(str(name)) + 2)
    for row in frame.itertuples(index=False, name=None):
        sheet.append([None if pd.isna(v) else v for v in row])
    sheet.freeze_panes = "C2"

    variables = book.create_sheet("variables")
    variables.append(["column", "unit", "meaning", "yearbook and table", "Chinese table title", "how to compute"])
    for spec in SCHEMA:
        chinese, how = HOW_TO.get(spec.name, ("", ""))
        variables.append([spec.name, spec.unit, spec.description, spec.source, chinese, how])
    for j, width in enumerate((26, 22, 60, 70, 60, 80), start=1):
        variables.column_dimensions[get_column_letter(j)].width = width
        variables.cell(row=1, column=j).font = bold
    for row in variables.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    notes = book.create_sheet("instructions")
    for line in INSTRUCTIONS:
        notes.append([line])
    notes["A1"].font = Font(bold=True, size=13)
    notes.column_dimensions["A"].width = 110

    buffer = io.BytesIO()
    book.save(buffer)
    content = buffer.getvalue()
    if target is not None:
        Path(target).write_bytes(content)
    return content


def _schema_first(data: pd.DataFrame) -> pd.DataFrame:
    names = [spec.name for spec in SCHEMA]
    frame = data.copy()
    for name in names:
        if name not in frame.columns:
            frame[name] = float("nan")
    return frame[names + [c for c in frame.columns if c not in names]]


def read_panel_table(source: str | os.PathLike | bytes, name: str | None = None) -> pd.DataFrame:
    """Read a panel that may still have empty cells, e.g. this template half-filled (CSV or XLSX).

    Reads as :func:`scenarios.data.panel.load_panel` does (:func:`scenarios.data.reader.read_table`, then
    :func:`~scenarios.data.panel.table_frame`: headers matched to the schema, numbers as the loader
    reads them), but checks only that ``province`` and ``year`` are there: the full validation is the
    loader's, once the panel is complete. Schema columns whose cells all read as numbers become
    numbers; others are left as typed, for the loader to report.
    """
    table = read_table(source, name=name)
    frame = table_frame(table)
    missing = [c for c in ("province", "year") if c not in frame.columns]
    if missing:
        raise InputError(
            Problem(f"no column named {' or '.join(map(repr, missing))} in the header row", file=table.file, row=1)
        )
    return frame
