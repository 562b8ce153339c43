"""The Streamlit app's helpers: the only part of the library that imports streamlit.

``i18n`` (the string catalogue), ``export`` and ``charts`` (chart objects, drawn by the pages) import
without streamlit; ``state``, ``layout`` and ``cache`` are used by ``streamlit_app.py`` and the pages.
"""
