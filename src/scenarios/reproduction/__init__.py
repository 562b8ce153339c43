"""The paper's reproduction: the published tables as data (``paper``), the run over a panel
(``reproduce``), the side-by-side comparison (``compare``), the per-table builders (``tables``), the
renderers (Markdown, LaTeX, report: ``render``) and Figures 2-4 (``figures``)."""
