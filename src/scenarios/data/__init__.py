"""The data a projection or a reproduction starts from: the panel's schema, loader and transformations
(``panel``), the synthetic demo panel (``demo``), the CEADs importer (``ceads``), the yearbook
template (``template``) and the real provincial anchors (``anchors``: CEADs emissions, the science and
technology yearbook's technology-import spending and NBS levels, committed in ``data/``)."""
