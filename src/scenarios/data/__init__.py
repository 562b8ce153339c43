"""The data a projection or a reproduction starts from: the panel's schema, loader and transformations
(``panel``), the synthetic demo panel (``demo``), the CEADs importer (``ceads``) and the yearbook
template (``template``)."""
