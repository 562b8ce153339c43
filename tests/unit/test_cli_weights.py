import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from scenarios.cli import main
from scenarios.errors import InputError
from scenarios.geography import SpatialWeights, read_weights_csv, sample_provinces, spatial_weights


def run(capsys, *arguments):
    code = main(["weights", *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("kind", ["inverse-distance", "inverse-distance-squared", "contiguity"])
@pytest.mark.parametrize("standardize", [True, False])
def test_output_round_trips_exactly(capsys, tmp_path, kind, standardize):
    arguments = ["--kind", kind] + ([] if standardize else ["--no-row-standardize"])
    code, out, err = run(capsys, *arguments)
    assert code == 0 and err == ""
    path = tmp_path / "W.csv"
    path.write_text(out, encoding="utf-8")
    read = read_weights_csv(path)
    expected = spatial_weights(kind, row_standardize=standardize)
    assert read.names == expected.names
    np.testing.assert_array_equal(read.matrix, expected.matrix)
    assert read.row_standardized is standardize
    assert read.kind == "custom"


def test_header_is_the_names_and_there_is_no_index_column(capsys):
    _, out, _ = run(capsys, "--kind", "W1")
    frame = pd.read_csv(io.StringIO(out))
    assert tuple(frame.columns) == sample_provinces()
    assert frame.shape == (30, 30)
    assert out.splitlines()[0].startswith("Beijing,Tianjin,Hebei,")


def test_unknown_kind_is_an_error_not_a_traceback(capsys):
    code, out, err = run(capsys, "--kind", "queen")
    assert code == 2 and out == ""
    assert err.startswith("error: parameter 'kind'") and "contiguity" in err


def test_reader_accepts_pandas_index_column_and_bytes():
    text = spatial_weights("W3").to_frame().to_csv()
    read = read_weights_csv(text.encode(), name="W.csv")
    np.testing.assert_array_equal(read.matrix, spatial_weights("W3").matrix)
    assert read.row_standardized


@pytest.mark.parametrize(
    "text, where, message",
    [
        ("a,b\n0,1\n", None, "must be square"),
        ("a,b\n0,x\n1,0\n", (2, "b"), "'x' is not a number"),
        ("a,b\n0,-1\n1,0\n", (2, "b"), "finite and >= 0"),
        ("a,b\n0,1\n1,2\n", (3, "b"), "diagonal"),
        ("a,b\n0,1\n1\n", (3, None), "1 values, expected 2"),
        ("a,a\n0,1\n1,0\n", (1, None), "repeats a"),
        ("", None, "empty"),
    ],
)
def test_reader_names_what_is_wrong_and_where(text, where, message):
    with pytest.raises(InputError) as error:
        read_weights_csv(io.StringIO(text), name="W.csv")
    problem = error.value.problems[0]
    assert message in problem.message
    assert problem.file == "W.csv"
    if where:
        assert (problem.row, problem.column) == where


def test_reader_reports_a_missing_file(tmp_path):
    with pytest.raises(InputError, match="absent.csv: file not found"):
        read_weights_csv(tmp_path / "absent.csv")


@pytest.mark.parametrize(
    "content", [b"\x00\x01\xff\xfe binary \x03" * 20, "a,b\n0,1\n1,0\n".encode("utf-16"), b"a,b\n0,\x001\n1,0\n"]
)
def test_reader_names_a_file_that_is_not_csv_text(tmp_path, content):
    """Binary data or text in another encoding is one message naming the file, not a codec error."""
    path = tmp_path / "W.xlsx"
    path.write_bytes(content)
    for source in (path, content):
        with pytest.raises(InputError) as error:
            read_weights_csv(source, name="W.xlsx")
        assert str(error.value) == "file W.xlsx: not a CSV text file (binary data, or text not saved as UTF-8)"


@settings(max_examples=40, deadline=None)
@given(arrays(float, st.integers(1, 6).map(lambda n: (n, n)), elements=st.floats(0, 1e6, allow_subnormal=True)))
def test_any_weight_matrix_round_trips_through_csv_exactly(matrix):
    n = len(matrix)
    np.fill_diagonal(matrix, 0.0)
    names = tuple(f"unit, {i}" if i % 2 else f"u{i}" for i in range(n))  # commas need CSV quoting
    weights = SpatialWeights(kind="custom", names=names, matrix=matrix, row_standardized=False)
    read = read_weights_csv(io.StringIO(weights.to_csv()))
    assert read.names == names
    np.testing.assert_array_equal(read.matrix, matrix)
