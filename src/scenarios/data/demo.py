"""The synthetic demo panel: a seeded stand-in for the paper's data, which are not public.

Li, Wei, Xu & Jiang (2023) publish estimates but not their panel. The tool ships ``data/demo_panel.csv``
in the raw schema of :mod:`scenarios.data.panel`, generated here (``scripts/build_demo_panel.py``) from a
documented data-generating process on the real geography: the 30 sample provinces, 2011-2020, and the
weights of :func:`scenarios.geography.spatial_weights`. Every number the process uses is a field of
:class:`DemoParameters`, commented with the table of the paper it comes from. **It is synthetic**:
estimates computed from it show that the tool's estimators recover the published relationships it was
built from, not that those relationships hold in China's data.

The process (i province, t year, s = t - 2011):

1. Province anchors (:attr:`DemoParameters.province_anchors`): approximate, rounded figures typed from
   general public knowledge, used only to order and scale the synthetic levels: 2015 CO2 (Mt), the share
   of the four key industries in it, and a technology-import tier (1-5; the east coast, Beijing and
   Tianjin highest, paper §2.2.2). The technology-import propensity p_i is the standardised tier (ties
   broken by small spatially clustered noise). A development score d_i (region level + municipality
   bonus + spatially clustered noise, a SAR field (I - a W3)^-1 e on contiguity) drives the controls.
2. Controls gdp, ind, ei, tra, edu, fin: province level (loading on d_i + own noise) + national trend +
   noise (log-normal for the right-skewed ones), set to Table 1's mean and standard deviation.
3. Technology import: real expenditure ln E_it = level + scale p_i + (g + g_region + g_i) s + u_it
   (u_it AR(1)); nominal = real x the chained FAI price index. The tool's own transformation (perpetual
   inventory, Eq. 1-2) gives tech = ln K; level and scale are solved so that tech meets Table 1.
4. Innovation (Table 10 col. 2): ino = mu_ino_i + tau_t - 0.294 tech + controls + v;
   patent_applications = round(exp(ino)).
5. Total emissions, a spatial Durbin model with spatially autocorrelated errors:
   ce_t = rho W ce_t + X_t b + W X_t theta + delta W3 tech_t + lambda_ino ino_t + mu_i + gamma_t + e_t,
   e_t = (I - lambda W3)^-1 u_t, W = W2; delta < 0, a border effect of contiguous provinces' technology
   import, is a calibration device (see :class:`DemoParameters`). b is the paper's total effect (Table 9,
   W2 column; tech: Table 3 col. 4) minus the part through ino (Baron-Kenny: b = total - lambda_ino x a,
   with a from Table 10 col. 2), so a regression without ino recovers the totals.
   co2_total = exp(ce) / 100 (Mt).
6. The four key industries (Tables 4 and 11): the same without spatial terms, with their own tech and
   ino coefficients and controls.

Levels and time effects: the province effects mu_i make each province's level the anchors' (ln CO2 for
the total; ln(CO2 x industry share), mixed with a little industry-specific noise, for the industries),
scaled so that each emissions variable meets Table 1's mean and standard deviation (the anchors give the
order and relative spread; Table 1 the overall level and dispersion), and the time effects gamma_t so
that its national (cross-province mean) path rises steadily (``national_growth``). Since fixed effects
are free parameters, the anchors leave the within-province process, and so the estimates, unchanged.

Why Table 3 col. (1) is +0.062*** while cols. (2)-(4) are negative. Technology stocks rise fast
everywhere (the perpetual inventory builds up from its first-year value, 0.91 E, towards E / delta),
while national emissions also keep rising: the time effects (nation-wide output growth, the energy
rebound) more than offset the savings of the national technology stock. Within a province, tech is
then mostly a common upward trend. With entity effects only and no controls, that trend is confounded
with the common rise in emissions, and the coefficient picks up cov(trend of ce, trend of tech) /
var(tech) > 0 on top of the negative effect. Trending controls (gdp, ind, edu up; ei down) absorb the
linear part of the common trend (col. 2: negative again, but small, since the stock's trend is concave);
time effects absorb all of it (cols. 3-4). The sign flip follows from the process; no parameter sets it.

Calibration (issue 4 item 4): the published values are used as given except where noted in
:class:`DemoParameters` (the spillover matrix, the W*tech coefficient and border term, the error
dependence, the scale of the technology-import variation); docs/reproduction.md records the agreement
reached.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from scenarios import geography
from scenarios.data.panel import COLUMNS, Panel, chained_deflator, load_panel, perpetual_inventory
from scenarios.paths import DATA_DIR, bundled_bytes
from scenarios.provenance import LABEL_COLUMN, SYNTHETIC_LABEL, is_labelled_synthetic

#: The seed of the committed ``data/demo_panel.csv`` (the paper's publication date, 14 July 2023).
DEFAULT_SEED = 20230714

#: Where the committed demo panel lives.
DEMO_PANEL_PATH = DATA_DIR / "demo_panel.csv"


@dataclass(frozen=True)
class ControlParameters:
    """One control variable: Table 1's moments and how its province and time pattern is drawn."""

    column: str  # raw schema column
    mean: float  # Table 1
    sd: float  # Table 1
    development_loading: float  # province level on the development score d_i (stylised sign)
    own_sd: float  # province level beyond d_i
    trend: float  # national change per year (direction of the 2011-2020 NBS series)
    noise_sd: float  # year-to-year noise
    log_scale: bool  # log-normal: right-skewed in Table 1 (max far above the mean)


@dataclass(frozen=True)
class IndustryParameters:
    """One key industry: Table 4 (total effects), Table 11 (ino coefficient), Table 1 (moments)."""

    column: str  # raw schema column
    total_effects: tuple[tuple[str, float], ...]  # Table 4 (without ino)
    ino_effect: float  # Table 11, ino in the third equation
    mean: float  # Table 1
    sd: float  # Table 1
    noise_sd: float  # residual s.d. implied by Table 11's ino standard error (coef / t), T = 10
    national_growth: float  # per-year growth of the national mean of log emissions (stylised)


def _pairs(**values: float) -> tuple[tuple[str, float], ...]:
    return tuple(values.items())


def _default_industries() -> tuple[IndustryParameters, ...]:
    return (
        IndustryParameters(
            "co2_steel",
            total_effects=_pairs(tech=-0.432, gdp=-0.020, ind=-0.429, ei=1.738, tra=0.439, edu=-0.011, fin=-0.251),
            ino_effect=0.077,
            mean=8.377,
            sd=0.968,
            noise_sd=0.105,
            national_growth=0.01,
        ),
        IndustryParameters(
            "co2_building_materials",
            total_effects=_pairs(tech=-0.637, gdp=-0.016, ind=-0.609, ei=3.154, tra=0.339, edu=-0.024, fin=-0.636),
            ino_effect=0.100,
            mean=7.275,
            sd=0.791,
            noise_sd=0.100,
            national_growth=0.01,
        ),
        IndustryParameters(
            "co2_nonferrous",
            total_effects=_pairs(tech=-0.506, gdp=-0.014, ind=-0.783, ei=4.431, tra=0.457, edu=-0.064, fin=-1.101),
            ino_effect=0.137,
            mean=7.306,
            sd=0.797,
            noise_sd=0.117,
            national_growth=0.03,
        ),
        IndustryParameters(
            "co2_petrochemical",
            total_effects=_pairs(tech=-0.630, gdp=0.003, ind=-0.319, ei=2.585, tra=0.435, edu=-0.008, fin=-0.996),
            ino_effect=0.180,
            mean=8.035,
            sd=0.768,
            noise_sd=0.106,
            national_growth=0.02,
        ),
    )


@dataclass(frozen=True)
class DemoParameters:
    """Every number of the demo panel's data-generating process, with the table it comes from."""

    first_year: int = 2011  # §2.1: 2011-2020
    last_year: int = 2020

    # --- Province anchors: approximate, rounded figures typed from general public knowledge (not from the
    # paper, not from CEADs files), used only to order and scale the synthetic province levels.
    # (province, approximate 2015 CO2 in Mt, approximate share of the four key industries in it,
    # technology-import tier 1 = little ... 5 = most foreign technology bought). Big emitters: the
    # coal and heavy-industry provinces (Shandong, Hebei, Jiangsu, Inner Mongolia, Guangdong, Henan,
    # Liaoning, Shanxi); small: Hainan, Qinghai, Beijing, Ningxia, Tianjin, Gansu. The municipalities
    # and Beijing have small industry shares; imports concentrate on the east coast (§2.2.2).
    province_anchors: tuple[tuple[str, float, float, int], ...] = (
        ("Beijing", 90, 0.10, 4),
        ("Tianjin", 150, 0.30, 4),
        ("Hebei", 750, 0.45, 3),
        ("Shanxi", 450, 0.25, 2),
        ("Inner Mongolia", 600, 0.25, 2),
        ("Liaoning", 480, 0.35, 3),
        ("Jilin", 200, 0.25, 3),
        ("Heilongjiang", 250, 0.20, 2),
        ("Shanghai", 190, 0.20, 5),
        ("Jiangsu", 750, 0.35, 5),
        ("Zhejiang", 380, 0.25, 4),
        ("Anhui", 350, 0.35, 3),
        ("Fujian", 250, 0.30, 3),
        ("Jiangxi", 210, 0.35, 2),
        ("Shandong", 850, 0.35, 4),
        ("Henan", 500, 0.35, 3),
        ("Hubei", 300, 0.35, 3),
        ("Hunan", 280, 0.30, 2),
        ("Guangdong", 520, 0.20, 5),
        ("Guangxi", 200, 0.35, 2),
        ("Hainan", 40, 0.25, 1),
        ("Chongqing", 160, 0.30, 3),
        ("Sichuan", 300, 0.30, 3),
        ("Guizhou", 230, 0.25, 2),
        ("Yunnan", 180, 0.30, 2),
        ("Shaanxi", 270, 0.25, 3),
        ("Gansu", 150, 0.30, 1),
        ("Qinghai", 50, 0.30, 1),
        ("Ningxia", 140, 0.30, 1),
        ("Xinjiang", 350, 0.30, 1),
    )
    # Ties within a technology-import tier are broken by spatially clustered noise of this s.d. (tiers
    # are 1 apart, so the order between tiers holds); the tiers are bounded, so no province is an
    # outlier the 1% winsorising would clip.
    tech_tier_noise_sd: float = 0.15

    # --- Development score d_i, behind the controls (region level + municipality bonus + clustered noise)
    region_level: tuple[tuple[str, float], ...] = _pairs(East=1.0, Northeast=0.1, Central=-0.1, West=-0.8)
    municipality_bonus: float = 0.8  # Beijing, Tianjin, Shanghai, Chongqing: richest, most services
    latent_clustering: float = 0.6  # SAR coefficient of latent noise on W3 (Tables 5-7: positive Moran's I)
    latent_noise_sd: float = 0.4

    # --- Technology import (Table 1: tech mean 3.056, s.d. 1.56)
    tech_mean: float = 3.056  # Table 1
    tech_sd: float = 1.56  # Table 1
    tech_national_growth: float = -0.01  # real expenditure roughly flat 2011-2020 (stylised)
    # Regional growth per year: imports spread inland (§2.2.2: "coverage ... gradually expanded"). This
    # spatially smooth variation within years is what identifies the W*tech terms of Table 9.
    tech_region_growth: tuple[tuple[str, float], ...] = _pairs(East=-0.04, Northeast=-0.06, Central=0.05, West=0.04)
    # Calibrated: province growth and AR(1) shocks give tech the within variation behind Table 3's and
    # Table 10's z statistics (the paper's tech standard errors imply a two-way within s.d. of about 0.1).
    tech_growth_sd: float = 0.06
    tech_shock_sd: float = 0.3
    tech_shock_persistence: float = 0.5
    # National FAI price index, previous year = 100 (approximate NBS series); provinces add noise.
    fai_price_index: tuple[float, ...] = (106.6, 101.1, 100.3, 100.5, 98.2, 99.4, 105.8, 105.4, 102.6, 101.6)
    fai_noise_sd: float = 0.8

    # --- Controls (Table 1 moments; loadings and trends are stylised facts, not from the paper)
    controls: tuple[ControlParameters, ...] = (
        ControlParameters(
            "gdp_per_capita",
            mean=5.379,
            sd=2.674,
            development_loading=0.40,
            own_sd=0.12,
            trend=0.07,
            noise_sd=0.03,
            log_scale=True,
        ),
        ControlParameters(
            "tertiary_share",
            mean=0.471,
            sd=0.097,
            development_loading=0.045,
            own_sd=0.03,
            trend=0.011,
            noise_sd=0.01,
            log_scale=False,
        ),
        ControlParameters(
            "energy_intensity",
            mean=0.106,
            sd=0.072,
            development_loading=-0.35,
            own_sd=0.35,
            trend=-0.045,
            noise_sd=0.05,
            log_scale=True,
        ),
        ControlParameters(
            "trade_openness",
            mean=0.275,
            sd=0.291,
            development_loading=0.75,
            own_sd=0.45,
            trend=-0.03,
            noise_sd=0.08,
            log_scale=True,
        ),
        ControlParameters(
            "schooling_years",
            mean=9.206,
            sd=0.881,
            development_loading=0.5,
            own_sd=0.3,
            trend=0.07,
            noise_sd=0.08,
            log_scale=False,
        ),
        ControlParameters(
            "fiscal_expenditure_share",
            mean=0.264,
            sd=0.114,
            development_loading=-0.3,
            own_sd=0.25,
            trend=0.015,
            noise_sd=0.04,
            log_scale=True,
        ),
    )

    # --- Total emissions: a spatial Durbin model (Table 9; Table 1 moments)
    # Calibrated: the spillover lives on W2 (inverse distance squared), the matrix under which the paper's
    # rho and W*lntech have their largest z statistics. On the dense W1 a within-year spillover is barely
    # identified: a W1-based process (Table 9 W1 values) gave W1 W*lntech z statistics from 0.1 to 3.3
    # across seeds, and rho estimates far below the true value.
    sdm_weights: str = "W2"
    rho: float = 0.211  # Table 9 W2 rho
    # Table 9 W2 "Main", except tech: -0.337, the paper's baseline total effect (Table 3 col. 4 = Table 10
    # col. 1; W1's SDM has -0.333), since winsorising and the omitted spillover pull estimates towards 0.
    ce_total_effects: tuple[tuple[str, float], ...] = _pairs(
        tech=-0.337, gdp=-0.035, ind=-0.808, ei=2.326, tra=0.156, edu=0.016, fin=-0.556
    )
    # Table 9 W2 "Wx"; W*tech calibrated from 0.200 to 0.8, together with the border term below, so that
    # W*lntech is significant at 1% under W1 and W2 and at 5% under W3, as published.
    ce_spillovers: tuple[tuple[str, float], ...] = _pairs(
        tech=0.8, gdp=0.083, ind=0.443, ei=-3.172, tra=0.349, edu=0.122, fin=2.002
    )
    # Calibrated: technology imported by contiguous provinces (W3) also lowers emissions across the shared
    # border (diffusion of the imported technology), on top of the W2 spillover. A W2 spillover alone is
    # picked up most strongly by contiguity (W3 W*lntech z about 5 where the paper has 2.09, its weakest
    # of the three); this term takes from W3's share, leaving W1's and W2's (z about 3-5).
    ce_border_tech_effect: float = -0.4
    ce_ino_effect: float = 0.071  # Table 10 col. 3
    ce_noise_sd: float = 0.07  # Table 9 sigma2_e = 0.005
    # Spatially autocorrelated errors: Table 8's LM-error (110.8) dwarfs its LM-lag (6.3). Calibrated from
    # 0.3 to 0.5 so that rho's estimates keep the paper's sign under W1-W3 and its significance under W2
    # and W3 across draws (at 0.3: W1 negative in 6 of 9 seeds, W2 significant at 5% in 4 of 9).
    ce_error_dependence: float = 0.5
    ce_error_weights: str = "W3"
    ce_mean: float = 10.428  # Table 1
    ce_sd: float = 0.729  # Table 1
    # National emissions kept rising over 2011-2020 (stylised); with the tech stock's build-up, this is
    # what makes Table 3 col. (1) positive.
    ce_national_growth: float = 0.025

    # --- Innovation, ino = ln patent applications (Table 10 col. 2)
    ino_effects: tuple[tuple[str, float], ...] = _pairs(
        tech=-0.294, gdp=-0.001, ind=-0.506, ei=-2.797, tra=0.725, edu=-0.110, fin=-0.515
    )
    ino_noise_sd: float = 0.18  # implied by Table 10's standard errors of tech (col. 2) and ino (col. 3)
    ino_mean: float = 9.6  # not in Table 1: hundreds to hundreds of thousands of patents (stylised)
    ino_sd: float = 1.4
    ino_national_growth: float = 0.12  # industrial patent applications roughly tripled 2011-2020
    ino_tech_loading: float = 0.7  # patenting concentrates where technology is imported

    # --- The four key industries (Table 4 totals, Table 11 ino coefficients, Table 1 moments)
    industries: tuple[IndustryParameters, ...] = field(default_factory=_default_industries)
    # Each industry's province levels follow the anchors' industry emissions (CO2 x industry share), with
    # this correlation: the industries differ a little from one another, and the four together stay a
    # plausible share of the total (about a third, as in §1).
    industry_level_correlation: float = 0.95


#: The analysis names of the controls, in the order of :attr:`DemoParameters.controls`.
CONTROLS = ("gdp", "ind", "ei", "tra", "edu", "fin")


def generate_demo_panel(params: DemoParameters | None = None, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """The demo panel in the raw schema (:data:`scenarios.data.panel.COLUMNS`): 30 provinces x the years.

    Deterministic: the same ``params`` and ``seed`` give the same frame, bit for bit. Values are rounded
    as a yearbook prints them. See the module docstring for the data-generating process.
    """
    params = params or DemoParameters()
    rng = np.random.default_rng(seed)
    names = geography.sample_provinces()
    table = geography.provinces().set_index("name_en").loc[list(names)]
    years = np.arange(params.first_year, params.last_year + 1)
    steps = np.arange(len(years), dtype=float)
    n = len(names)

    clustering = np.linalg.inv(np.eye(n) - params.latent_clustering * _weights("W3"))

    def clustered_noise() -> np.ndarray:
        return params.latent_noise_sd * _standardise(clustering @ rng.normal(size=n))

    region = table["region"]
    development = _standardise(
        region.map(dict(params.region_level)).to_numpy(float)
        + params.municipality_bonus * table["is_municipality"].to_numpy(float)
        + clustered_noise()
    )
    anchors = (
        pd.DataFrame(list(params.province_anchors), columns=["province", "co2", "industry_share", "tech_tier"])
        .set_index("province")
        .loc[list(names)]
    )
    tie_breaks = params.tech_tier_noise_sd / params.latent_noise_sd * clustered_noise()
    propensity = _standardise(anchors["tech_tier"].to_numpy(float) + tie_breaks)

    x = {name: _draw_control(spec, development, steps, rng) for name, spec in zip(CONTROLS, params.controls)}
    region_growth = region.map(dict(params.tech_region_growth)).to_numpy(float)
    price_index, nominal, x["tech"] = _draw_technology(params, propensity, region_growth, steps, rng)

    capacity = _mix(propensity, params.ino_tech_loading, rng)
    ino_rest = _linear(x, dict(params.ino_effects)) + rng.normal(0.0, params.ino_noise_sd, x["tech"].shape)
    ino = _calibrated_levels(capacity, ino_rest, params.ino_mean, params.ino_sd, params.ino_national_growth, steps)

    w_sdm = _weights(params.sdm_weights)
    border = params.ce_border_tech_effect * (_weights("W3") @ x["tech"])
    spillover = w_sdm @ _linear(x, dict(params.ce_spillovers)) + border
    ino_slopes = dict(params.ino_effects)
    error_filter = np.linalg.inv(np.eye(n) - params.ce_error_dependence * _weights(params.ce_error_weights))
    ce = _draw_emissions(
        x,
        ino,
        _standardise(np.log(anchors["co2"].to_numpy(float))),
        steps,
        rng,
        total=dict(params.ce_total_effects),
        ino_effect=params.ce_ino_effect,
        ino_slopes=ino_slopes,
        noise_sd=params.ce_noise_sd,
        mean=params.ce_mean,
        sd=params.ce_sd,
        growth=params.ce_national_growth,
        spatial=(w_sdm, params.rho, spillover, error_filter),
    )
    emissions = {"co2_total": ce}
    industry_level = _standardise(np.log(anchors["co2"].to_numpy(float) * anchors["industry_share"].to_numpy(float)))
    for spec in params.industries:
        emissions[spec.column] = _draw_emissions(
            x,
            ino,
            _mix(industry_level, params.industry_level_correlation, rng),
            steps,
            rng,
            total=dict(spec.total_effects),
            ino_effect=spec.ino_effect,
            ino_slopes=ino_slopes,
            noise_sd=spec.noise_sd,
            mean=spec.mean,
            sd=spec.sd,
            growth=spec.national_growth,
        )

    columns = {
        "province": np.repeat(np.array(names, dtype=object), len(years)),
        "year": np.tile(years, n),
        **{column: np.exp(values).ravel() / 100 for column, values in emissions.items()},  # 10^4 t -> Mt
        "tech_import_expenditure": nominal.ravel(),
        "fai_price_index": price_index.ravel(),
        "patent_applications": np.rint(np.exp(ino)).ravel().astype(np.int64),
        **{spec.column: x[name].ravel() for name, spec in zip(CONTROLS, params.controls)},
    }
    return pd.DataFrame(columns)[list(COLUMNS)].round(_DECIMALS)


def demo_panel_csv(params: DemoParameters | None = None, seed: int = DEFAULT_SEED) -> str:
    """The text of ``data/demo_panel.csv``: the raw schema plus a last column ``data`` = "synthetic demo".

    The extra column keeps the file honest wherever it travels (any CSV reader parses it; the panel
    loader keeps and ignores it).
    """
    frame = generate_demo_panel(params, seed).assign(**{LABEL_COLUMN: SYNTHETIC_LABEL})
    return frame.to_csv(index=False, lineterminator="\n")


@functools.cache
def _load_demo_panel() -> Panel:
    return load_panel(bundled_bytes(DEMO_PANEL_PATH.name), name=DEMO_PANEL_PATH.name, synthetic=True)


def load_demo_panel() -> Panel:
    """The committed synthetic demo panel (``data/demo_panel.csv``) as a :class:`~scenarios.data.panel.Panel`.

    ``synthetic=True``. Cached: the same immutable Panel on every call (it hands out copies).
    """
    return _load_demo_panel()


def is_demo_derived(panel: Panel) -> bool:
    """True when ``panel`` is, or was made from, the synthetic demo panel.

    That is: it is flagged synthetic, or its ``data`` column (kept by the loader) says "synthetic demo" on
    any row (:func:`scenarios.provenance.is_labelled_synthetic`), or its content is the committed demo panel's (same fingerprint), e.g. the CSV re-saved
    without the column.
    """
    if panel.synthetic or is_labelled_synthetic(panel.raw):
        return True
    return panel.fingerprint == load_demo_panel().fingerprint


def as_labelled(panel: Panel) -> Panel:
    """``panel``, flagged synthetic if :func:`is_demo_derived` (a copy; the panel itself is immutable)."""
    if panel.synthetic or not is_demo_derived(panel):
        return panel
    return dataclasses.replace(panel, synthetic=True)


#: Decimals as a yearbook prints them; enough that the CSV round-trips the generator exactly.
_DECIMALS = {
    "co2_total": 4,
    "co2_steel": 4,
    "co2_building_materials": 4,
    "co2_nonferrous": 4,
    "co2_petrochemical": 4,
    "tech_import_expenditure": 4,
    "fai_price_index": 2,
    "gdp_per_capita": 4,
    "tertiary_share": 4,
    "energy_intensity": 5,
    "trade_openness": 5,
    "schooling_years": 3,
    "fiscal_expenditure_share": 4,
}


def _weights(kind: str) -> np.ndarray:
    return geography.spatial_weights(kind).matrix


def _standardise(values: np.ndarray) -> np.ndarray:
    return (values - values.mean()) / values.std()


def _mix(base: np.ndarray, correlation: float, rng: np.random.Generator) -> np.ndarray:
    """A standardised field with the given correlation (in expectation) to the standardised ``base``."""
    return _standardise(correlation * base + np.sqrt(1 - correlation**2) * rng.normal(size=base.shape))


def _linear(x: dict[str, np.ndarray], slopes: dict[str, float]) -> np.ndarray:
    return np.sum([slope * x[name] for name, slope in slopes.items()], axis=0)


def _draw_control(spec: ControlParameters, development: np.ndarray, steps: np.ndarray, rng) -> np.ndarray:
    """Province level + trend + noise, onto Table 1's moments.

    Right-skewed controls are log-normal (always positive): the latent's log-scale is solved (Brent) so
    that, with the level set to Table 1's mean, the s.d. is Table 1's. The others are mapped affinely
    onto Table 1's mean and s.d.
    """
    n = len(development)
    latent = _standardise(
        spec.development_loading * development[:, None]
        + spec.own_sd * rng.normal(size=(n, 1))
        + spec.trend * steps[None, :]
        + spec.noise_sd * rng.normal(size=(n, len(steps)))
    )
    if not spec.log_scale:
        return spec.mean + spec.sd * latent

    def scaled(log_sd: float) -> np.ndarray:
        values = np.exp(log_sd * latent)
        return spec.mean * values / values.mean()

    from scipy import optimize  # only the generator needs it; loading the committed panel does not

    log_sd = optimize.brentq(lambda s: scaled(s).std() - spec.sd, 1e-6, 5.0, xtol=1e-12)
    return scaled(log_sd)


def _draw_technology(params: DemoParameters, propensity, region_growth, steps, rng):
    """FAI price index, nominal expenditure and tech = ln K (n x t arrays).

    ln K shifts one for one with the level of ln E, so the level meets Table 1's mean exactly; the scale
    of the province levels is solved (Brent) so that ln K meets Table 1's standard deviation.
    """
    n, t = len(propensity), len(steps)
    growth = region_growth + params.tech_growth_sd * _standardise(rng.normal(size=n))
    innovations = rng.normal(0.0, params.tech_shock_sd, (n, t))
    shocks = np.zeros((n, t))
    shocks[:, 0] = innovations[:, 0]
    for year in range(1, t):
        shocks[:, year] = params.tech_shock_persistence * shocks[:, year - 1] + innovations[:, year]
    dynamic = (params.tech_national_growth + growth[:, None]) * steps[None, :] + shocks

    def log_stock(scale: float) -> np.ndarray:
        real = np.exp(scale * propensity[:, None] + dynamic)
        return np.log(perpetual_inventory(real))

    from scipy import optimize

    scale = optimize.brentq(lambda s: log_stock(s).std() - params.tech_sd, 0.0, 10.0, xtol=1e-12)
    tech = log_stock(scale)
    level = params.tech_mean - tech.mean()
    real = np.exp(level + scale * propensity[:, None] + dynamic)

    price_index = np.array(params.fai_price_index)[None, :t] + rng.normal(0.0, params.fai_noise_sd, (n, t))
    price_index = price_index.round(_DECIMALS["fai_price_index"])
    return price_index, real * chained_deflator(price_index), tech + level


def _draw_emissions(
    x, ino, levels, steps, rng, *, total, ino_effect, ino_slopes, noise_sd, mean, sd, growth, spatial=None
) -> np.ndarray:
    """Log emissions (10^4 t) from one emissions equation; levels and time effects calibrated.

    Direct slopes are the totals minus the part through ino (total = direct + lambda_ino x a).
    ``spatial`` = (W, rho, spillover term, error filter) makes it a spatial Durbin model with SAR errors.
    The province effects are set so that the province levels are those of ``levels`` (n, the anchors):
    they absorb the province means of the regressor terms, and for the spatial model they are chosen as
    (I - rho W) times the target levels. Fixed effects are free parameters, so the within-province
    process is unchanged.
    """
    n, t = ino.shape
    direct = {name: total[name] - ino_effect * ino_slopes[name] for name in total}
    noise = rng.normal(0.0, noise_sd, (n, t))
    rest = _linear(x, direct) + ino_effect * ino
    if spatial is not None:
        w, rho, spillover, error_filter = spatial
        rest = np.linalg.inv(np.eye(n) - rho * w) @ (rest + spillover + error_filter @ noise)
    else:
        rest = rest + noise
    rest = rest - rest.mean(axis=1, keepdims=True)
    return _calibrated_levels(levels, rest, mean, sd, growth, steps)


def _calibrated_levels(component, rest, mean, sd, growth, steps) -> np.ndarray:
    """k x component + rest + time effects, with k > 0 and the time effects set to meet mean, s.d., path.

    ``component`` (n, time-invariant) carries the province effects. The time effects make the
    cross-province mean follow mean + growth (s - mean(s)); with c and r the component and ``rest``
    demeaned by year, k solves var(path) + mean((k c + r)^2) = sd^2 (population moments, all years).
    """
    c = np.broadcast_to(component[:, None], rest.shape)
    c = c - c.mean(axis=0)
    r = rest - rest.mean(axis=0)
    path = mean + growth * (steps - steps.mean())
    a, b, c0 = (c**2).mean(), 2 * (c * r).mean(), (r**2).mean() + path.var() - sd**2
    k = (-b + np.sqrt(max(b * b - 4 * a * c0, 0.0))) / (2 * a)
    return path[None, :] + k * c + r
