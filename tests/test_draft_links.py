"""One open draft per conversation, and the same link each time it is asked for: after a
crash between storing the draft and answering, asking again finds the draft and its link."""

import threading
from datetime import timedelta

from fastapi.testclient import TestClient

from service.app import create_app
from service.drafts.lifecycle import (
    complete_draft,
    create_draft,
    delete_draft,
    draft_link_token,
    find_draft,
    link_token,
    token_hash,
)
from service.drafts.model import Applicant
from service.drafts.sqlite import SqliteDraftStore
from service.drafts.sqlite_db import connection
from stodkollen.core.settings import Settings
from tests import test_drafts
from tests.test_drafts import APPLICANT, FACTS, LINK_KEY, new_draft, row_count

store, tracker = test_drafts.store, test_drafts.tracker  # the same fixtures: a real SQLite file each


def test_asking_again_gives_the_same_draft_and_link(store):
    first, token = new_draft(store, sender="web-again123")
    again, token_again = new_draft(store, sender="web-again123")
    assert (again.id, again.reference, token_again) == (first.id, first.reference, token)
    assert row_count(store) == 1 and find_draft(store, token) == again


def test_asking_again_brings_the_facts_up_to_date_and_keeps_the_applicant(store):
    first, token = new_draft(store, sender="web-changed1")
    complete_draft(store, first, Applicant(**APPLICANT))
    changed = {**FACTS, "store": {**FACTS["store"], "article_count": 1800}}
    again, token_again = create_draft(store, changed, sender="web-changed1", for_caseworker=True,
                                      retention_days=30, link_key=LINK_KEY)
    assert again.reference == first.reference and token_again == token
    assert again.facts["store"]["article_count"] == 1800 and again.for_caseworker
    assert again.applicant["contact_person"] == "Karin Lundström"
    assert again.expires_at == first.expires_at  # asking again does not keep it longer


def test_a_handed_over_or_deleted_draft_is_not_open_so_a_new_one_is_made(store, tracker):
    first, _ = new_draft(store, sender="web-handed12")
    store.hand_over(first.id, first.created_at)
    second, _ = new_draft(store, sender="web-handed12")
    delete_draft(store, tracker, second)
    third, token = new_draft(store, sender="web-handed12")
    assert len({first.id, second.id, third.id}) == 3 and find_draft(store, token) == third


def test_an_expired_draft_is_not_open(store):
    first, _ = new_draft(store, sender="web-expired9")
    later, _ = new_draft(store, sender="web-expired9", at=first.expires_at + timedelta(seconds=1))
    assert later.id != first.id


def test_many_requests_at_once_make_one_draft(store):
    tokens: list[str] = []

    def ask() -> None:
        tokens.append(new_draft(SqliteDraftStore(store.path), sender="web-racing12")[1])

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(tokens) == 8 and len(set(tokens)) == 1 and row_count(store) == 1


def test_the_link_needs_the_key_and_the_file_holds_only_its_hash(store):
    draft, token = new_draft(store, sender="web-keyed123")
    assert link_token("another key", draft.link_nonce) != token
    assert draft_link_token(LINK_KEY, draft) == token
    raw = store.path.read_bytes()
    assert token.encode() not in raw and token_hash(token).encode() in raw
    assert "link_nonce" not in repr(draft)


def test_a_draft_from_before_gets_a_link_when_asked_for_again(store):
    """Drafts made before links could be made again have no nonce: asking again gives one."""
    old, old_token = new_draft(store, sender="web-oldlink1")
    with connection(store.path) as db:
        db.execute("UPDATE drafts SET link_nonce = NULL")
        db.conn.commit()
    assert draft_link_token(LINK_KEY, store.by_reference(old.reference)) is None
    again, token = new_draft(store, sender="web-oldlink1")
    assert again.id == old.id and token != old_token and find_draft(store, token) == again
    assert new_draft(store, sender="web-oldlink1")[1] == token


def test_the_api_answers_a_retry_with_the_same_reference_and_link(tmp_path, monkeypatch):
    """What the action server sees when the service crashed after storing the draft: it asks
    again and gets what it would have got."""
    monkeypatch.setenv("STODKOLLEN_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("STODKOLLEN_INTERNAL_TOKEN", "a-shared-secret")
    with TestClient(create_app(Settings())) as client:
        body = {"sender": "web-retry1234", "facts": FACTS}
        headers = {"X-Internal-Token": "a-shared-secret"}
        first = client.post("/api/v1/drafts", json=body, headers=headers)
        again = client.post("/api/v1/drafts", json=body, headers=headers)
        assert first.status_code == again.status_code == 201
        assert first.json() == again.json()
        assert client.get(f"/utkast/{first.json()['token']}").status_code == 200
    key_file = tmp_path / "draft_link_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
