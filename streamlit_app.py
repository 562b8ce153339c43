"""Entry point: `streamlit run streamlit_app.py`. Navigation, the shared sidebar and banner, the URL mirror."""

import sys
from pathlib import Path

import streamlit as st

# Streamlit Community Cloud and the Docker image install requirements.txt only, not this package: the
# library is importable from src/ all the same (where it is installed too, this is the same code).
sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from scenarios import paths  # noqa: E402
from scenarios.app.i18n import DEFAULT_LANGUAGE, translate  # noqa: E402

st.set_page_config(page_title="Technology import & CO₂ scenarios", layout="wide")
# Once per session, before anything reads the bundled data (importing the app's modules does): a damaged
# data file is one message on the page instead of a traceback on every page.
if not st.session_state.get("_bundled_checked"):
    try:
        paths.check_bundled()
    except paths.BundledDataError as error:
        language = st.query_params.get("ui_lang", DEFAULT_LANGUAGE)
        st.error(translate("error.bundled", language, message=error), icon=":material/error:")
        st.stop()
    st.session_state["_bundled_checked"] = True

from scenarios.app import layout, state  # noqa: E402 - after the data check (importing them reads the data)
from scenarios.app.state import t  # noqa: E402

state.seed_from_query({key: st.query_params.get_all(key) for key in st.query_params})

# Pages live in app_pages/, not pages/: a pages/ folder makes Streamlit run its files directly (the old
# multipage mode) on a fresh server's first request, skipping this script, its sidebar and banner.
# (file, title key, url path); the url path is part of every share link, so it never changes.
# The Overview is the default page, which Streamlit serves at the root whatever its url_path ("start",
# never seen); the same file is also a hidden page at /overview, the path share links and the README use
# (a default page's own url_path answers "Page not found").
SECTIONS = {
    "section.start": [("overview", "page.overview", "start"), ("data", "page.data", "data")],
    "section.reproduce": [
        ("baseline", "page.baseline", "baseline"),
        ("spatial", "page.spatial", "spatial"),
        ("mediation", "page.mediation", "mediation"),
    ],
    "section.scenarios": [
        ("explorer", "page.explorer", "explorer"),
        ("spillovers", "page.spillovers", "spillovers"),
        ("optimise", "page.optimise", "optimise"),
        ("compare", "page.compare", "compare"),
        ("share", "page.share", "share"),
    ],
}
navigation = st.navigation(
    {
        t(section): [
            st.Page(f"app_pages/{file}.py", title=t(title), url_path=path, default=path == "start")
            for file, title, path in pages
        ]
        + (
            [st.Page("app_pages/overview.py", title=t("page.overview"), url_path="overview", visibility="hidden")]
            if section == "section.start"
            else []
        )
        for section, pages in SECTIONS.items()
    }
)
state.visit(navigation.url_path or "overview")
layout.sidebar()
layout.banner()
layout.show_notices()
navigation.run()
state.sync_query()
