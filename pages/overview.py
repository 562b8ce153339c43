import streamlit as st

st.title("Technology import and CO2 in China's provinces")
st.info("The app is being built; the library and CLI are under src/scenarios.")
