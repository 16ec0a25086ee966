"""The widget's script and stylesheet: gzip-compressed for a browser that accepts it, with an
ETag per encoding, Cache-Control beside it, and a 304 when the browser has the same bytes."""

import gzip

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.routers.widget import ASSETS, WIDGET_DIR

client = TestClient(create_app())
NAMES = sorted(ASSETS)


def test_there_are_assets_to_serve():
    assert NAMES == ["stodkollen-widget.css", "stodkollen-widget.js"]


@pytest.mark.parametrize("name", NAMES)
def test_gzip_when_accepted_with_cache_control_and_etag(name):
    plain = (WIDGET_DIR / name).read_bytes()
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
    assert response.content == (WIDGET_DIR / name).read_bytes()
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
