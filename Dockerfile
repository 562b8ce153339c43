# The app for stakeholders: `docker build -t tech-co2 . && docker run -p 8501:8501 tech-co2`.
# Runtime requirements only, a non-root user, no network needed at run time (maps are offline, the
# bundled data are in the image). PORT and BASE_URL_PATH (for a reverse proxy's prefix) are settable.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8501 \
    BASE_URL_PATH=""

# A font with Chinese characters for the Chinese briefing PDF (matplotlib draws it; the HTML needs none).
# Unpinned: a font package, its security updates wanted; the base image pins the Debian release.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin app

COPY --chown=10001:10001 streamlit_app.py pyproject.toml README.md ./
COPY --chown=10001:10001 .streamlit ./.streamlit
COPY --chown=10001:10001 src ./src
COPY --chown=10001:10001 app_pages ./app_pages
COPY --chown=10001:10001 data ./data

USER 10001:10001
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/_stcore/health' % os.environ.get('PORT', '8501'), timeout=4)"]
# Listen on all interfaces inside the container (the config file's default is loopback only).
CMD ["sh", "-c", "exec streamlit run streamlit_app.py --server.port=\"$PORT\" --server.address=0.0.0.0 --server.baseUrlPath=\"$BASE_URL_PATH\""]
