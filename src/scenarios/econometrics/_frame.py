"""Checking a long panel DataFrame before an estimator sees it: one place for the messages a user reads."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from scenarios.errors import InputError, Problem, shown


def check_choice(value: str, allowed: Sequence[str], parameter: str) -> str:
    """``value`` if it is one of ``allowed``; otherwise :class:`InputError` naming the parameter."""
    if value not in allowed:
        raise InputError(Problem(f"must be one of {', '.join(allowed)}, not {shown(value)}", parameter=parameter))
    return value


def _missing_columns(data: pd.DataFrame, roles: list[tuple[str, str]]) -> list[Problem]:
    return [
        Problem(
            f"column {shown(name)} is not in the data (columns: {', '.join(map(str, data.columns))})", parameter=role
        )
        for role, name in roles
        if name not in data.columns
    ]


def _bad_cells(data: pd.DataFrame, variables: Sequence[str], whole: bool = False) -> list[Problem]:
    """One problem per column with empty or non-numeric cells (or, when ``whole``, cells that are not whole
    numbers; rows 1-based, header = row 1): the cell itself when it is the only one, else how many and the
    first rows, so a wrong column is one line."""
    kind = "whole number" if whole else "finite number"
    problems = []
    for name in variables:
        column = data[name]
        numeric = pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
        values = (column if numeric else pd.to_numeric(column, errors="coerce")).to_numpy(dtype=float, na_value=np.nan)
        wrong = ~np.isfinite(values)
        if whole:
            wrong |= np.isfinite(values) & (values != np.round(values))
        bad = np.flatnonzero(wrong)
        if bad.size == 1:
            cell = column.iloc[bad[0]]
            what = "is empty" if pd.isna(cell) else f"is not a {kind} ({shown(cell)})"
            problems.append(Problem(what, row=int(bad[0]) + 2, column=name))
        elif bad.size:
            rows = ", ".join(str(int(r) + 2) for r in bad[:5]) + (" ..." if bad.size > 5 else "")
            problems.append(Problem(f"{bad.size} cells are empty or not {kind}s, at rows {rows}", column=name))
    return problems


def whole_periods(data: pd.DataFrame, time: str) -> pd.Series:
    """The ``time`` column as whole numbers (int64); :class:`InputError` naming every cell that is empty or
    not a whole number (a period is a year or another counted unit, so "abc" or 1970.5 is an error of that
    cell, not an unbalanced panel)."""
    column = data[time]
    if pd.api.types.is_integer_dtype(column) and not column.isna().any():
        return column.astype("int64")
    _raise_if(_bad_cells(data, [time], whole=True))
    return pd.to_numeric(data[time]).astype("int64")


def _raise_if(problems: list[Problem], limit: int = 20) -> None:
    if problems:
        more = [Problem(f"... and {len(problems) - limit} more")] if len(problems) > limit else []
        raise InputError(problems[:limit] + more)


def _require_table(data: object) -> None:
    if not isinstance(data, pd.DataFrame):
        raise InputError(Problem("expected a table (pandas DataFrame) of panel data", parameter="data"))


def numeric_array(data: pd.DataFrame, variables: Sequence[str]) -> np.ndarray:
    """``variables`` as a float array, rows x variables; :class:`InputError` for missing columns or bad
    cells. Numeric columns of finite values (the usual case) are read once by numpy; the cell-by-cell
    checks and their messages run only when that fails."""
    _require_table(data)
    _raise_if(_missing_columns(data, [("variable", v) for v in variables]))
    columns = [data[name] for name in variables]
    if all(pd.api.types.is_numeric_dtype(c) and not pd.api.types.is_bool_dtype(c) for c in columns):
        values = np.column_stack([c.to_numpy(dtype=float, na_value=np.nan) for c in columns])
        if np.isfinite(values).all():
            return values
    _raise_if(_bad_cells(data, variables))
    return np.column_stack([pd.to_numeric(c).to_numpy(dtype=float) for c in columns])


def numeric_frame(data: pd.DataFrame, variables: Sequence[str]) -> pd.DataFrame:
    """``variables`` as float columns (same index); :class:`InputError` for missing columns or bad cells."""
    return pd.DataFrame(numeric_array(data, variables), columns=list(variables), index=data.index)


def panel_frame(
    data: pd.DataFrame,
    variables: Sequence[str],
    entity: str,
    time: str,
    *,
    balanced: bool = False,
) -> pd.DataFrame:
    """``variables`` as float columns indexed by (entity, time), sorted by entity (first-seen order) then time.

    Raises :class:`InputError` naming every missing column, non-numeric or empty cell (with the 1-based
    spreadsheet row, header = row 1), duplicated (entity, time) pair and, when ``balanced``, every entity
    that lacks some period.
    """
    _require_table(data)
    _raise_if(_missing_columns(data, [("entity", entity), ("time", time)] + [("variable", v) for v in variables]))
    problems = _bad_cells(data, variables) + _bad_cells(data, [time], whole=True)
    problems += [Problem("is empty", row=int(p) + 2, column=entity) for p in np.flatnonzero(data[entity].isna())]
    _raise_if(problems)
    data = data.copy(deep=False)
    data[time] = whole_periods(data, time)
    duplicated = data.duplicated([entity, time], keep="first").to_numpy()
    _raise_if(
        [
            Problem(f"repeats {entity} {data[entity].iloc[p]}, {time} {data[time].iloc[p]}", row=int(p) + 2)
            for p in np.flatnonzero(duplicated)
        ]
    )
    frame = pd.DataFrame({name: pd.to_numeric(data[name]).astype(float) for name in variables})
    order = {key: rank for rank, key in enumerate(pd.unique(data[entity]))}
    frame.index = pd.MultiIndex.from_arrays([data[entity].to_numpy(), data[time].to_numpy()], names=[entity, time])
    frame = frame.iloc[np.lexsort((data[time].to_numpy(), data[entity].map(order).to_numpy()))]
    if balanced:
        periods = frame.index.get_level_values(time).unique()
        counts = frame.groupby(level=entity, sort=False).size()
        _raise_if(
            [
                Problem(
                    f"the panel is unbalanced: {entity} {shown(name)} has {count} of the {len(periods)} periods",
                    parameter="data",
                )
                for name, count in counts[counts < len(periods)].items()
            ]
        )
    return frame
