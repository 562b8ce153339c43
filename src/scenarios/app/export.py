"""The scenario export: a ZIP with the scenario (JSON), its settings (CSV) and its results (CSV).

Plain Python (no streamlit). When the projection comes from the synthetic demo panel, every file says
so: the JSON's ``synthetic``, ``label`` and ``notice`` fields, a ``data`` column in both CSVs holding
:data:`scenarios.provenance.SYNTHETIC_LABEL` (so :func:`scenarios.provenance.is_labelled_synthetic` recognises
them when read back), a README that opens with :data:`~scenarios.provenance.SYNTHETIC_NOTICE`, and the file
names the app gives (``..._synthetic.zip``). The labels are the project's one wording
(:func:`scenarios.provenance.labelled`), shared with the CLI and the reproduction tables.
"""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile

import pandas as pd

from scenarios.projection import link as share_link
from scenarios.projection.scenario import LIMITS
from scenarios.provenance import SYNTHETIC_NOTICE, labelled


def settings_frame(scenario) -> pd.DataFrame:
    """One row per setting: dotted parameter name, value, unit (from :data:`scenarios.projection.scenario.LIMITS`)."""
    rows = []

    def walk(prefix: str, obj) -> None:
        for field in dataclasses.fields(obj):
            value = getattr(obj, field.name)
            name = f"{prefix}{field.name}"
            if dataclasses.is_dataclass(value):
                walk(f"{name}.", value)
            else:
                if isinstance(value, tuple):
                    value = ";".join(
                        ":".join(map(str, item)) if isinstance(item, tuple) else str(item) for item in value
                    )
                limit = LIMITS.get(name) or LIMITS.get(name.split(".")[-1] if name.startswith("subsidy.") else "")
                rows.append(
                    {
                        "parameter": name,
                        "value": "" if value is None else str(value),
                        "unit": limit.unit if limit else "",
                    }
                )

    walk("", scenario)
    return pd.DataFrame(rows, columns=["parameter", "value", "unit"])


def scenario_zip(projection, link: str) -> bytes:
    """The ZIP archive for ``projection`` (its scenario, settings and results) and the ``link`` that reopens it."""
    scenario = projection.scenario
    label = projection.data_label
    notice = SYNTHETIC_NOTICE if projection.synthetic else f"Computed from: {label}."
    document = {
        "label": label,
        "notice": notice,
        "synthetic": projection.synthetic,
        "scenario": dataclasses.asdict(scenario),
        "share_query": share_link.encode(scenario, data="demo" if projection.synthetic else "real"),
        "link": link,
        "results": projection.to_dict(),
    }
    settings = labelled(settings_frame(scenario), projection.synthetic, label)
    results = labelled(projection.frame, projection.synthetic, label)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("scenario.json", json.dumps(document, indent=2, ensure_ascii=False, default=str))
        archive.writestr("settings.csv", settings.to_csv(index=False))
        archive.writestr("results.csv", results.to_csv(index=False, float_format="%.6g"))
        archive.writestr("README.txt", _readme(notice, link))
    return buffer.getvalue()


def _readme(notice: str, link: str) -> str:
    return (
        f"{notice}\n\n"
        "scenario.json  the scenario (levers and assumptions), its share-link query and headline results\n"
        "settings.csv   each setting: parameter, value, unit\n"
        "results.csv    projected CO2 (Mt) by province, year and industry: baseline, modified baseline,\n"
        "               scenario with its 5-95% band, and the change split into own effect and spillover\n\n"
        f"Reopen in the app: {link}\n"
        "Model: Li, Wei, Xu & Jiang (2023), Atmosphere 14:1146; see docs/app.md.\n"
    )
