"""The widget's script and stylesheet: gzip-compressed for a browser that accepts it, with an
ETag per encoding, Cache-Control beside it, and a 304 when the browser has the same bytes."""

import gzip

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.routers.widget import ASSETS, BOOT_MARK, WIDGET_DIR, boot

client = TestClient(create_app())
NAMES = sorted(ASSETS)
RETENTION_DAYS = client.app.state.settings.draft_retention_days


def served(name: str) -> bytes:
    """The file as the service sends it: the script with the values it writes in."""
    return (WIDGET_DIR / name).read_bytes().replace(BOOT_MARK, boot(RETENTION_DAYS))


def test_there_are_assets_to_serve():
    assert NAMES == ["stodkollen-widget.css", "stodkollen-widget.js"]


@pytest.mark.parametrize("name", NAMES)
def test_gzip_when_accepted_with_cache_control_and_etag(name):
    plain = served(name)
    response = client.get(f"/widget/{name}", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200 and response.headers["content-encoding"] == "gzip"
    assert response.content == plain  # httpx undoes the gzip
    assert int(response.headers["content-length"]) < len(plain) / 2
    assert response.headers["cache-control"] == "public, max-age=3600"
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.headers["content-type"].startswith(("text/javascript", "text/css"))
    etag = response.headers["etag"]
    again = client.get(f"/widget/{name}", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag


@pytest.mark.parametrize("accept", ["identity", "gzip;q=0", "br"])
def test_plain_when_gzip_is_not_accepted(accept):
    name = "stodkollen-widget.js"
    response = client.get(f"/widget/{name}", headers={"Accept-Encoding": accept})
    assert "content-encoding" not in response.headers
    assert response.content == served(name)
    assert response.headers["cache-control"] and response.headers["etag"].endswith('"')
    gzipped = client.get(f"/widget/{name}", headers={"Accept-Encoding": "gzip"}).headers["etag"]
    assert gzipped != response.headers["etag"]  # two representations, two tags
    # the plain one's tag does not answer for the gzipped bytes
    stale = {"Accept-Encoding": "gzip", "If-None-Match": response.headers["etag"]}
    assert client.get(f"/widget/{name}", headers=stale).status_code == 200


def test_the_other_widget_files_are_still_served():
    assert client.get("/widget/demo.html").status_code == 200
    assert client.get("/widget/strings/sv.json").json()["send"] == "Skicka"
    assert len(gzip.compress((WIDGET_DIR / "stodkollen-widget.js").read_bytes())) < 30 * 1024


def test_the_script_knows_how_long_to_keep_things_and_what_to_say_when_the_service_is_down():
    assert BOOT_MARK in (WIDGET_DIR / "stodkollen-widget.js").read_bytes()
    script = client.get("/widget/stodkollen-widget.js").text
    assert BOOT_MARK.decode() not in script
    assert f'"keep_days": {RETENTION_DAYS}' in script
    assert "Stödkollen kan inte nås just nu. Ring Länsstyrelsen Västerbotten på 010-225 40 00." in script
    assert "Stödkollen cannot be reached just now." in script
