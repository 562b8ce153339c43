"""Scenarios and their projections: the validated :class:`~scenarios.projection.scenario.Scenario`, its
share-link codec (``link``), the coefficient sources (``coefficients``), the projection engine
(``engine``) and the spillover flows between provinces (``spillovers``)."""
