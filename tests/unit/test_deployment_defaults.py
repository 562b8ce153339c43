"""The Streamlit server's safe defaults (.streamlit/config.toml): no error details in the browser, loopback
only unless told otherwise, and the upload limit equal to the reader's one size limit."""

import tomllib
from pathlib import Path

from scenarios.data.reader import MAX_BYTES

CONFIG = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())


def test_errors_show_no_details_and_the_server_listens_on_loopback():
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["server"]["address"] == "127.0.0.1"


def test_the_upload_limit_is_the_readers_limit():
    assert CONFIG["server"]["maxUploadSize"] * 2**20 == MAX_BYTES
