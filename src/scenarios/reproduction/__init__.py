"""Pieces of the paper's reproduction (:mod:`scenarios.reproduce` runs them): the side-by-side comparison,
the per-table builders, the renderers (Markdown, LaTeX, report) and the figures."""
