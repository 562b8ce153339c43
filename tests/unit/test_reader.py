"""The one file reader: hostile sizes refused within a time and memory budget, damaged XLSX refused with a
message in every reader (panel upload, CEADs import, the CLI), alike problems grouped with a true count."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest
from raw_panels import raw_panel

from scenarios.cli import main
from scenarios.data import reader
from scenarios.data.ceads import read_ceads_upload
from scenarios.data.panel import COLUMNS, load_panel
from scenarios.errors import InputError

_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def xlsx(sheet_xml: str, sheet_name: str = "panel") -> bytes:
    """A minimal workbook with one sheet whose XML is given as is (so it can be damaged on purpose)."""
    workbook = (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships"><sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, text in {**_PARTS, "xl/workbook.xml": workbook, "xl/worksheets/sheet1.xml": sheet_xml}.items():
            archive.writestr(part, text)
    return buffer.getvalue()


def _cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet(rows: str, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    )


def _header_row() -> str:
    letters = [chr(ord("A") + i) for i in range(len(COLUMNS))]
    return '<row r="1">' + "".join(_cell(f"{c}1", name) for c, name in zip(letters, COLUMNS)) + "</row>"


def million_row_workbook() -> bytes:
    rows = "".join(f'<row r="{i}">{_cell(f"A{i}", "Beijing")}</row>' for i in range(2, 1_000_002))
    return xlsx(sheet(_header_row() + rows))


def sparse_csv() -> bytes:
    return (",".join(COLUMNS) + "\n" + ",,,,,,,,,,,,\n" * 1_000_000).encode()


def _cost(function) -> tuple[float, float]:
    """Seconds (measured without tracing, which slows Python), then peak traced memory in MB."""
    start = time.perf_counter()
    function()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    try:
        function()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    return seconds, peak


@pytest.mark.parametrize("make, name", [(million_row_workbook, "big.xlsx"), (sparse_csv, "big.csv")])
def test_a_million_rows_are_refused_fast_and_in_little_memory(make, name):
    data = make()
    assert len(data) < 14 * 2**20  # small files: 2.7 MB of XLSX, 13 MB of CSV

    def upload():
        with pytest.raises(InputError, match=f"more than {reader.MAX_ROWS:,} rows"):  # noqa: PT012
            load_panel(data, name=name)

    seconds, peak_mb = _cost(upload)
    assert seconds < 5 and peak_mb < 300, (seconds, peak_mb)


def test_a_long_line_and_too_many_columns_are_refused():
    with pytest.raises(InputError, match="longer than 100,000 characters"):
        load_panel(("a," * 60_000 + "\n1\n").encode(), name="wide.csv")
    with pytest.raises(InputError, match=f"more than {reader.MAX_COLUMNS} columns"):
        load_panel((",".join(f"c{i}" for i in range(150)) + "\n1\n").encode(), name="wide.csv")
    far = sheet(_header_row() + f'<row r="2">{_cell("A2", "Beijing")}{_cell("CW2", "x")}</row>')  # column 101
    with pytest.raises(InputError, match=f"more than {reader.MAX_COLUMNS} columns"):
        load_panel(xlsx(far), name="wide.xlsx")


_BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lolololololololololol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)

DAMAGED = {
    "truncated": sheet(_header_row() + '<row r="2">' + _cell("A2", "Beijing"))[:-40],
    "bad cell reference": sheet(_header_row() + '<row r="2"><c r="2A" t="inlineStr"><is><t>x</t></is></c></row>'),
    "entity expansion": sheet(
        _header_row() + '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>', prolog=_BILLION_LAUGHS
    ),
}


@pytest.mark.parametrize("damage", list(DAMAGED))
def test_damaged_sheet_xml_is_one_message_everywhere(tmp_path, capsys, damage):
    panel_file = tmp_path / "damaged.xlsx"
    panel_file.write_bytes(xlsx(DAMAGED[damage]))
    ceads_file = tmp_path / "Beijing.xlsx"
    ceads_file.write_bytes(xlsx(DAMAGED[damage], sheet_name="Beijing2015"))
    start = time.perf_counter()
    with pytest.raises(InputError, match="damaged"):
        load_panel(panel_file)
    with pytest.raises(InputError, match="damaged"):
        read_ceads_upload(ceads_file.read_bytes(), "Beijing.xlsx")
    assert time.perf_counter() - start < 5
    for argv in (["panel", str(panel_file)], ["ceads", str(ceads_file), "--out", str(tmp_path / "o.csv")]):
        assert main(argv) == 2
        error = capsys.readouterr().err
        assert "damaged" in error and "Traceback" not in error


def test_decimal_commas_give_one_line_per_column_with_the_true_count_and_a_hint():
    frame = raw_panel()
    text = frame.to_csv(index=False, sep=";", decimal=",", float_format="%.2f").encode()
    with pytest.raises(InputError) as caught:
        load_panel(text, name="comma.csv")
    error = caught.value
    numeric = [c for c in COLUMNS if c not in ("province", "year")]
    assert error.count == len(frame) * len(numeric)  # every cell counted, 150 per column
    assert [p.column for p in error.problems] == numeric  # one line per column
    assert all(
        "decimal commas?" in p.message and "(150 cells like this: rows 2, 3, 4, 5, 6, ...)" in p.message
        for p in error.problems
    )


def test_decimal_commas_in_a_comma_separated_file_are_not_shifted_silently():
    frame = raw_panel()
    lines = [",".join(COLUMNS)] + [
        ",".join(f"{v:.2f}".replace(".", ",") if isinstance(v, float) else str(v) for v in row)
        for row in frame.itertuples(index=False)
    ]
    with pytest.raises(InputError) as caught:
        load_panel("\n".join(lines).encode(), name="comma.csv")
    wide = [p for p in caught.value.problems if "beyond the header" in p.message]
    assert len(wide) == 1 and "150 cells like this" in wide[0].message and "decimal commas" in wide[0].message


def test_one_encoding_rule_for_panels_and_weight_matrices():
    from scenarios.geography import read_weights_csv

    weights = read_weights_csv("甲,乙\n0,1\n1,0\n".encode("gb18030"), name="W.csv")
    assert weights.names == ("甲", "乙")
    with pytest.raises(InputError, match="larger than 50 MB"):
        read_weights_csv(b"a" * (reader.MAX_BYTES + 1), name="W.csv")
