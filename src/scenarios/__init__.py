"""Technology-import carbon scenario explorer.

A library, command line and Streamlit app that reproduce Li, Wei, Xu and Jiang (2023), "Research on the
Emission Reduction Effect of International Technology Import in China's Key Industries", *Atmosphere* 14,
1146, and project provincial and industry CO2 emissions under technology-import and subsidy scenarios.
"""

__version__ = "0.1.0"
