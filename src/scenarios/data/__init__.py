"""The project's data: readers, panels and the committed tables (real anchors, demo panel).

Modules: :mod:`scenarios.data.anchors` (real provincial anchors built from CEADs, the science and
technology yearbook and NBS, committed in ``data/``).
"""
