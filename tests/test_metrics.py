"""/metrics in Prometheus' text format (service/metrics.py)."""

import re

import httpx
from fastapi.testclient import TestClient

from service.app import create_app
from service.metrics import TURN_BUCKETS, Metrics
from stodkollen.core.settings import Settings

SECRET = "internal-secret-for-tests"
SAMPLE = re.compile(r'^([a-z_]+)(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? (-?[0-9.e+]+|\+Inf)$')
FACTS = {"year": 2018, "applicant_kind": "business", "municipality": "Vindeln",
         "municipality_has_service_plan": True,
         "store": {"sells_groceries": True, "sells_fuel": False, "kind": "grocery_store",
                   "grocery_net_turnover_sek": 3000000, "article_count": 1500,
                   "has_all_product_groups": True, "opening_hours_per_week": 45, "open_year_round": True,
                   "distance_to_nearest_grocery_store_km": 25}}


def samples(text: str) -> dict[str, float]:
    """Every sample line by its name and labels; fails on a line Prometheus could not read."""
    values = {}
    for line in text.splitlines():
        if line.startswith("# "):
            assert re.match(r"^# (HELP|TYPE) [a-z_]+ .+$", line), line
            continue
        match = SAMPLE.match(line)
        assert match, line
        name_and_labels, _, value = line.rpartition(" ")
        values[name_and_labels] = float(value)
    return values


def test_the_histogram_is_cumulative_with_sum_and_count():
    metrics = Metrics()
    for seconds in (0.01, 0.12, 0.12, 3.0, 45.0):
        metrics.observe_turn(seconds, "web")
    values = samples(metrics.render())
    assert values['stodkollen_turn_seconds_bucket{channel="web",le="0.025"}'] == 1
    assert values['stodkollen_turn_seconds_bucket{channel="web",le="0.15"}'] == 3
    assert values['stodkollen_turn_seconds_bucket{channel="web",le="5"}'] == 4
    assert values['stodkollen_turn_seconds_bucket{channel="web",le="+Inf"}'] == 5
    assert values['stodkollen_turn_seconds_count{channel="web"}'] == 5
    assert abs(values['stodkollen_turn_seconds_sum{channel="web"}'] - 48.25) < 1e-9
    buckets = [key for key in values if key.startswith("stodkollen_turn_seconds_bucket")]
    assert len(buckets) == len(TURN_BUCKETS) + 1


def test_errors_are_counted_by_kind():
    metrics = Metrics()
    for status in (200, 201, 422, 429, 429, 503, 500, 404, 401, 400):
        metrics.response(status)
    values = samples(metrics.render())
    assert values['stodkollen_requests_total{status="2xx"}'] == 2
    assert values['stodkollen_errors_total{kind="rate_limited"}'] == 2
    for kind in ("invalid_input", "rasa_unavailable", "server_error", "not_found", "unauthorized",
                 "client_error"):
        assert values[f'stodkollen_errors_total{{kind="{kind}"}}'] == 1, kind


def test_label_values_are_escaped():
    metrics = Metrics()
    metrics.count("stodkollen_errors_total", kind='a"b\\c\nd')
    assert 'stodkollen_errors_total{kind="a\\"b\\\\c\\nd"} 1' in metrics.render()


def test_the_service_counts_turns_errors_and_drafts(tmp_path):
    def rasa(request: httpx.Request) -> httpx.Response:
        if b"down" in request.content:
            raise httpx.ConnectError("refused")
        return httpx.Response(200, json=[{"recipient_id": "x", "text": "Hej!"}])

    settings = Settings(data_dir=tmp_path, internal_token_setting=SECRET)
    with TestClient(create_app(settings, httpx.MockTransport(rasa))) as client:
        def read() -> dict[str, float]:
            response = client.get("/metrics", headers={"Authorization": f"Bearer {SECRET}"})
            assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
            return samples(response.text)

        before = read()
        chat = {"sender": "widget-1234", "message": "Hej"}
        assert client.post("/api/v1/chat", json=chat).status_code == 200
        down = {"sender": "widget-5678", "message": "down"}  # a new conversation: no secret needed
        assert client.post("/api/v1/chat", json=down).status_code == 503
        assert client.post("/api/v1/evaluate", json={"year": "nineteen"}).status_code == 422
        assert client.post("/api/v1/drafts", headers={"X-Internal-Token": SECRET},
                           json={"sender": "s-1", "facts": FACTS}).status_code == 201
        after = read()

    def grew(key: str) -> float:
        return after.get(key, 0) - before.get(key, 0)

    assert grew('stodkollen_turn_seconds_count{channel="web"}') == 1  # the failed turn is an error
    assert grew('stodkollen_errors_total{kind="rasa_unavailable"}') == 1
    assert grew('stodkollen_errors_total{kind="invalid_input"}') == 1
    assert grew('stodkollen_drafts_created_total{for_caseworker="false"}') == 1
