"""Estimators and tests behind the paper's tables: fixed effects, unit roots, Moran's I, spatial panel ML
(SAR, SEM, SDM, effects, LM/LR/Wald), mediation. Each returns a results object with labelled pandas
outputs, ``summary`` and ``to_frame()``."""
