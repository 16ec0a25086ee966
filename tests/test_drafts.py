"""Drafts in a real SQLite file: created from the facts, read by token, completed, deleted,
expired and purged with their Rasa conversations; Luhn and the other checks of what the
applicant types; the action server's two actions against the real service."""

import asyncio
import json
import secrets
import sqlite3
from datetime import timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.drafts import ActionPrepareDraft, ActionSaveForCaseworker
from rules_engine import FactsError, evaluate
from service.app import create_app
from service.drafts import identity
from service.drafts.attachments import required_attachments
from service.drafts.lifecycle import (
    complete_draft,
    create_draft,
    delete_draft,
    draft_link_token,
    find_draft,
    token_hash,
)
from service.drafts.migrations import MIGRATIONS, current_version
from service.drafts.model import DELETED, Applicant
from service.drafts.sqlite import SqliteDraftStore
from service.drafts.sqlite_db import connection
from service.drafts.tracker import TrackerEvents
from stodkollen.core.settings import Settings

# The spec's store (rules-spec, Särskilt driftstöd): 166 667 kr per year.
FACTS = {"year": 2018, "applicant_kind": "business", "municipality": "Vindeln",
         "municipality_has_service_plan": True,
         "store": {"sells_groceries": True, "sells_fuel": False, "kind": "grocery_store",
                   "grocery_net_turnover_sek": 3000000, "article_count": 1500, "has_all_product_groups": True,
                   "opening_hours_per_week": 45, "open_year_round": True,
                   "distance_to_nearest_grocery_store_km": 25}}
LINK_KEY = "a-link-key-for-the-tests"
APPLICANT = {"applicant_name": "Granåns Lanthandel AB", "organisation_number": "559123-4561",
             "contact_person": "Karin Lundström", "email": "karin@granan.example", "phone": "",
             "store_name": "Granåns Lanthandel", "store_street": "Byvägen 3", "store_postcode": "92291",
             "store_town": "Vindeln", "someone_else_signs": False, "consent": True}


@pytest.fixture
def store(tmp_path) -> SqliteDraftStore:
    return SqliteDraftStore(tmp_path / "drafts.sqlite")


@pytest.fixture
def tracker(tmp_path) -> TrackerEvents:
    """Rasa's SQL tracker store as Rasa 3.6 lays it out (the columns that matter here)."""
    path = tmp_path / "rasa_tracker.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, data TEXT)")
    return TrackerEvents(f"sqlite:///{path}")


def tracker_senders(tracker: TrackerEvents) -> list[str]:
    with sqlite3.connect(tracker.url.removeprefix("sqlite:///")) as db:
        return sorted(row[0] for row in db.execute("SELECT sender_id FROM events"))


def add_events(tracker: TrackerEvents, *senders: str) -> None:
    with sqlite3.connect(tracker.url.removeprefix("sqlite:///")) as db:
        db.executemany("INSERT INTO events (sender_id, type_name, data) VALUES (?, 'user', '{}')",
                       [(sender,) for sender in senders])


def new_draft(store, sender="web-abcdef12", **kwargs):
    return create_draft(store, FACTS, sender=sender, for_caseworker=kwargs.pop("for_caseworker", False),
                        retention_days=30, link_key=LINK_KEY, **kwargs)


def row_count(store) -> int:
    with connection(store.path) as db:
        return db.execute("SELECT COUNT(*) FROM drafts").fetchone()[0]


def test_a_draft_holds_the_facts_the_engines_result_and_what_to_apply_for(store):
    draft, token = new_draft(store)
    assert draft.reference == f"SK-{draft.created_at.year}-000001"
    assert draft.facts == FACTS and draft.result == json.loads(json.dumps(evaluate(FACTS)))
    assert draft.ruleset_id == "rsp-vasterbotten-2018" and draft.status == "draft"
    assert draft.supports == ["sarskilt_driftstod"]
    assert draft.attachments == ["registreringsbevis", "balans_och_resultatrakning"]
    assert draft.expires_at - draft.created_at == timedelta(days=30)
    assert find_draft(store, token) == draft
    assert new_draft(store, sender="web-another1")[0].reference.endswith("-000002")


def test_the_token_is_long_random_and_stored_only_as_its_hash(store):
    draft, token = new_draft(store)
    assert len(token) == 43  # 256 bits in URL-safe base64
    raw = store.path.read_bytes()
    assert token.encode() not in raw and token_hash(token).encode() in raw


@pytest.mark.parametrize("guess", [secrets.token_urlsafe(32), "A" * 43, "", "../../etc/passwd",
                                   "SK-2026-000001", "1"])
def test_guessing_a_token_finds_nothing(store, guess):
    new_draft(store)
    assert find_draft(store, guess) is None


def test_bad_facts_store_nothing(store):
    with pytest.raises(FactsError):
        create_draft(store, {**FACTS, "municipality": "Atlantis"}, sender="s", for_caseworker=False,
                     retention_days=30, link_key=LINK_KEY)
    assert row_count(store) == 0


def test_a_crash_in_the_middle_of_a_write_leaves_no_half_draft(store, monkeypatch):
    def crash(*args):
        raise RuntimeError("power cut")

    monkeypatch.setattr("service.drafts.sqlite.reference_for", crash)
    with pytest.raises(RuntimeError):
        new_draft(store)
    assert row_count(store) == 0


def test_migrations_are_versioned_and_run_once(store):
    with connection(store.path) as db:
        assert current_version(db) == MIGRATIONS[-1][0]
        applied = db.execute("SELECT version, name FROM schema_migrations").fetchall()
    SqliteDraftStore(store.path)  # a restart
    with connection(store.path) as db:
        assert db.execute("SELECT version, name FROM schema_migrations").fetchall() == applied


def test_an_expired_draft_cannot_be_opened(store):
    draft, token = new_draft(store)
    assert find_draft(store, token, draft.expires_at - timedelta(seconds=1)) is not None
    assert find_draft(store, token, draft.expires_at) is None


def test_completing_adds_the_applicant_and_the_attachments_it_implies(store):
    draft, token = new_draft(store)
    completed = complete_draft(store, draft, Applicant(**{**APPLICANT, "someone_else_signs": True}))
    assert completed.applicant["organisation_number"] == "559123-4561"
    assert completed.applicant["store_postcode"] == "922 91" and "consent_given_at" in completed.applicant
    assert completed.attachments == ["registreringsbevis", "balans_och_resultatrakning", "arsredovisning",
                                     "fullmakt"]
    assert find_draft(store, token).applicant == completed.applicant


def test_deleting_wipes_the_data_and_the_conversation_at_once(store, tracker):
    draft, token = new_draft(store, sender="web-deleteme")
    add_events(tracker, "web-deleteme", "web-deleteme", "web-other123")
    complete_draft(store, draft, Applicant(**APPLICANT))
    delete_draft(store, tracker, draft)
    assert find_draft(store, token) is None
    kept = store.by_reference(draft.reference)
    assert kept.status == DELETED and kept.deleted_at
    assert (kept.facts, kept.result, kept.applicant, kept.sender) == (None, None, None, None)
    with connection(store.path) as db:  # what SQLite writes to the file sooner or later
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"Karin" not in store.path.read_bytes()  # secure_delete: not even in free pages
    assert tracker_senders(tracker) == ["web-other123"]


@pytest.mark.parametrize(("number", "normalised"), [
    ("559123-4561", "559123-4561"), ("5591234561", "559123-4561"), ("811218-9876", "811218-9876"),
    (" 802456 7896 ", "802456-7896")])
def test_luhn_valid_organisation_numbers(number, normalised):
    assert identity.organisation_number(number) == normalised


@pytest.mark.parametrize(("number", "message"), [
    ("559123-4562", "applicant.error.organisation_number_checksum"),
    ("811218-9877", "applicant.error.organisation_number_checksum"),
    ("55912345", "applicant.error.organisation_number_format"),
    ("19811218-9876", "applicant.error.organisation_number_format"),
    ("abcdef-ghij", "applicant.error.organisation_number_format")])
def test_organisation_numbers_that_fail(number, message):
    with pytest.raises(ValueError, match=message):
        identity.organisation_number(number)


def test_a_sole_traders_number_is_a_personnummer_and_no_aktiebolag():
    assert identity.is_personnummer("811218-9876") and not identity.is_aktiebolag("811218-9876")
    assert identity.is_aktiebolag("559123-4561") and not identity.is_personnummer("559123-4561")
    assert not identity.is_aktiebolag("802456-7896")  # an ideell förening


@pytest.mark.parametrize("email", ["karin@granan.example", "a.b+c@lansstyrelsen.se"])
def test_valid_emails(email):
    assert identity.email(email) == email


@pytest.mark.parametrize("email", ["karin", "karin@", "@granan.se", "karin@granan", "a b@c.se", "a@b@c.se"])
def test_invalid_emails(email):
    with pytest.raises(ValueError):
        identity.email(email)


@pytest.mark.parametrize(("phone", "valid"), [("070-123 45 67", True), ("+46 70 123 45 67", True),
                                              ("0933-100 00", True), ("12345", False),
                                              ("070-ABC", False), ("0" * 16, False)])
def test_phone_numbers(phone, valid):
    if valid:
        assert identity.phone(phone) == phone
    else:
        with pytest.raises(ValueError):
            identity.phone(phone)


def test_the_applicant_needs_consent_and_a_way_to_be_reached():
    with pytest.raises(ValidationError) as error:
        Applicant(**{**APPLICANT, "email": "", "phone": "", "consent": False})
    assert {(e["loc"][0], e["msg"]) for e in error.value.errors()} == {
        ("phone", "applicant.error.email_or_phone"), ("consent", "applicant.error.consent")}


@pytest.mark.parametrize(("kind", "expected"), [
    ("business", ["registreringsbevis", "balans_och_resultatrakning"]),
    ("association", ["registreringsbevis", "balans_och_resultatrakning"]),
    (None, ["registreringsbevis", "balans_och_resultatrakning"]),
    ("municipality", [])])
def test_attachments_follow_the_applicant_kind(kind, expected):
    assert required_attachments({"applicant_kind": kind}) == expected


def test_a_sole_trader_brings_no_annual_report():
    applicant = {"organisation_number": "811218-9876", "someone_else_signs": False}
    assert "arsredovisning" not in required_attachments({"applicant_kind": "business"}, applicant)


# The action server's actions, against the real service in this process.
SLOTS = {"applicant_kind": "business", "municipality": "Vindeln", "municipality_has_service_plan": True,
         "store_sells_groceries": True, "store_sells_fuel": False, "store_kind": "grocery_store",
         "store_grocery_net_turnover_sek": 3000000, "store_article_count": 1500,
         "store_has_all_product_groups": True, "store_opening_hours_per_week": 45,
         "store_open_year_round": True, "store_distance_to_nearest_grocery_store_km": 25,
         "locality": "Granån", "channel": "web"}


@pytest.fixture
def service(tmp_path, monkeypatch):
    """The service on an in-process transport; the actions reach it through their settings."""
    monkeypatch.setenv("STODKOLLEN_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("STODKOLLEN_INTERNAL_TOKEN", "a-shared-secret")
    app = create_app(Settings())
    real_client = httpx.AsyncClient

    def client_for_the_app(**kwargs):
        return real_client(transport=httpx.ASGITransport(app=app), **kwargs)

    with TestClient(app):
        monkeypatch.setattr("actions.drafts.httpx.AsyncClient", client_for_the_app)
        yield app


def run(action, slots: dict) -> list[dict]:
    dispatcher = CollectingDispatcher()
    tracker = Tracker("web-action01", slots, {"text": "/prepare_draft"}, [], False, None, {}, "action_listen")
    assert asyncio.run(action.run(dispatcher, tracker, {})) == []
    return dispatcher.messages


def link_token_of(service, message: dict) -> str:
    """The token the service puts in the reply it forwards (the action never sees the link)."""
    draft = service.state.store.by_reference(message["reference"])
    return draft_link_token(service.state.settings.draft_link_key, draft)


def test_prepare_draft_creates_it_through_the_service_and_gives_the_reference(service):
    [message] = run(ActionPrepareDraft(), SLOTS)
    assert message["response"] == "utter_draft_ready" and "url" not in message
    draft = find_draft(service.state.store, link_token_of(service, message))
    assert draft.reference == message["reference"] and draft.sender == "web-action01"
    assert draft.facts["store"]["article_count"] == 1500 and not draft.for_caseworker


def test_save_for_caseworker_flags_the_draft(service):
    [message] = run(ActionSaveForCaseworker(), SLOTS)
    assert message["response"] == "utter_saved_for_caseworker" and "url" not in message
    assert service.state.store.by_reference(message["reference"]).for_caseworker


def test_save_for_caseworker_with_nothing_answered_saves_nothing(service):
    assert run(ActionSaveForCaseworker(), {"channel": "web"}) == []
    assert service.state.store.listing(10) == []


def test_a_service_error_gives_the_failure_reply(service, monkeypatch):
    monkeypatch.setenv("STODKOLLEN_INTERNAL_TOKEN", "not-the-secret")
    assert run(ActionPrepareDraft(), SLOTS)[0]["response"] == "utter_draft_failed"


def test_estimated_facts_are_kept_with_the_draft_and_shown_with_ca(service):
    estimated = {**SLOTS, "approximate_slots": ["store_grocery_net_turnover_sek"]}
    [message] = run(ActionPrepareDraft(), estimated)
    token = link_token_of(service, message)
    draft = find_draft(service.state.store, token)
    # The engine ran on the plain number; the flag travels beside it, by the fact's path.
    assert draft.facts["store"]["grocery_net_turnover_sek"] == 3_000_000
    assert draft.approximate_facts == ["store.grocery_net_turnover_sek"]
    html = TestClient(service).get(f"/utkast/{token}").text.replace("\N{NO-BREAK SPACE}", " ")
    assert "<td>ca 3 000 000 kr</td>" in html and "<td>1 500 artiklar</td>" in html
    assert "Ange de exakta siffrorna när du ansöker i Min ansökan" in html
    exported = TestClient(service).get(f"/api/v1/drafts/{token}/export").json()
    assert exported["approximate_facts"] == ["store.grocery_net_turnover_sek"]


def test_a_draft_without_estimates_asks_for_no_exact_figures(service):
    [message] = run(ActionPrepareDraft(), SLOTS)
    html = TestClient(service).get(f"/utkast/{link_token_of(service, message)}").text
    assert "ca 3" not in html.replace("\N{NO-BREAK SPACE}", " ") and "exakta siffrorna" not in html


def test_only_numbers_in_the_facts_can_be_estimates(store):
    draft, _ = new_draft(store, approximate_facts=["store.grocery_net_turnover_sek", "store.kind",
                                                   "investment.eligible_costs_sek", "no.such.fact"])
    assert draft.approximate_facts == ["store.grocery_net_turnover_sek"]


def test_deleting_wipes_the_estimate_flags_too(store, tracker):
    draft, _ = new_draft(store, approximate_facts=["store.grocery_net_turnover_sek"])
    delete_draft(store, tracker, draft)
    assert store.by_reference(draft.reference).approximate_facts is None


def test_prepare_draft_keeps_the_locality_and_who_asks(service):
    [message] = run(ActionPrepareDraft(), {**SLOTS, "asker": "store"})
    draft = find_draft(service.state.store, link_token_of(service, message))
    assert draft.form_answers == {"asker": "store", "locality": "Granån"}


def test_deleting_wipes_the_forms_answers_too(store, tracker):
    draft, _token = new_draft(store, form_answers={"locality": "Ammarnäs"})
    assert draft.form_answers == {"locality": "Ammarnäs"}
    delete_draft(store, tracker, draft)
    assert store.by_reference(draft.reference).form_answers is None
