"""Money units, converted here and nowhere else.

The yearbook's technology-import spending (and so the real anchors' stock) is in CNY 10,000 (万元); the
panel template, GDP and the scenario's subsidies are in CNY 100 million (亿元). One CNY 100 million is
10,000 times CNY 10,000.
"""

from __future__ import annotations

#: CNY 10,000 (万元) in one CNY 100 million (亿元).
CNY_10K_PER_100M = 10_000.0


def cny_100m_to_10k(amount: float) -> float:
    """An amount in CNY 100 million (亿元) expressed in CNY 10,000 (万元)."""
    return amount * CNY_10K_PER_100M


def cny_10k_to_100m(amount: float) -> float:
    """An amount in CNY 10,000 (万元) expressed in CNY 100 million (亿元)."""
    return amount / CNY_10K_PER_100M
