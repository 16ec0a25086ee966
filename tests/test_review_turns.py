"""Finding the turns the assistant did not understand (service/review/turns.py, events.py).

Conversations are built from Rasa's own event classes; the store tests save them with Rasa's
own SQL tracker store into a real SQLite file, as the running stack does."""

import asyncio
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActiveLoop, BotUttered, Restarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from service.review.events import DAY_S, reviewable, stored_events
from service.review.turns import (
    ABANDONED,
    ASKED_AGAIN,
    CORRECTED,
    DENIED,
    HANDOFF,
    NOT_UNDERSTOOD,
    REASONS,
    read_conversation,
)

NOW = 1_796_000_000.0  # 2026-12-01, about
MINUTE = 60.0


class Conversation:
    """A conversation as Rasa stores it: each message and reply 20 seconds after the last."""

    def __init__(self, sender: str, start: float = NOW - 3600, channel: str = "web", lang: str = "sv"):
        self.sender, self.clock, self.channel = sender, start, channel
        self.events: list = []
        self.slot("channel", channel)
        self.slot("language", lang)

    def _tick(self, seconds: float = 20.0) -> float:
        self.clock += seconds
        return self.clock

    def slot(self, name: str, value) -> "Conversation":
        self.events.append(SlotSet(name, value, timestamp=self._tick(0.01)))
        return self

    def bot(self, response: str, text: str | None = None, **metadata) -> "Conversation":
        self.events.append(BotUttered(text or response, metadata={"utter_action": response, **metadata},
                                      timestamp=self._tick(0.5)))
        return self

    def start_form(self) -> "Conversation":
        self.events.append(ActiveLoop("facts_form", timestamp=self._tick(0.01)))
        return self

    def end_form(self) -> "Conversation":
        self.events.append(ActiveLoop(None, timestamp=self._tick(0.01)))
        return self.slot("requested_slot", None)

    def ask(self, slot: str) -> "Conversation":
        return self.slot("requested_slot", slot).bot(f"utter_ask_{slot}")

    def user(self, text: str, intent: str = "inform", confidence: float = 0.9, entities=(),
             after_s: float = 20.0) -> "Conversation":
        self.events.append(UserUttered(text, intent={"name": intent, "confidence": confidence},
                                       entities=[{"entity": kind, "value": value}
                                                 for kind, value in entities],
                                       timestamp=self._tick(after_s), metadata={"channel": self.channel}))
        return self

    def restart(self) -> "Conversation":
        self.events.append(Restarted(timestamp=self._tick(0.01)))
        return self

    def stored(self) -> list[tuple[int, dict]]:
        return [(number, event.as_dict()) for number, event in enumerate(self.events, 1)]


def turns_of(conversation: Conversation, now: float = NOW):
    return read_conversation(conversation.sender, conversation.stored(), now)[0]


def reasons_by_text(conversation: Conversation, now: float = NOW) -> dict[str, tuple[str, ...]]:
    return {turn.text: turn.reasons for turn in turns_of(conversation, now)}


def save(path: Path, *conversations: Conversation) -> str:
    """Into a real SQLite tracker store, through Rasa's SQLTrackerStore; returns its URL."""
    store = SQLTrackerStore(dialect="sqlite", db=str(path))
    for conversation in conversations:
        asyncio.run(store.save(DialogueStateTracker.from_events(conversation.sender, conversation.events)))
    store.engine.dispose()
    return f"sqlite:///{path}"


# ---------------------------------------------------------------- one conversation per way of failing
def not_understood(sender="inte-forstadd-01", **kw) -> Conversation:
    return (Conversation(sender, **kw).user("Hej, jag har en lanthandel", "check_supports").start_form()
            .ask("municipality").user("det är där uppe vid fjället", "out_of_scope")
            .slot("municipality", "det är där uppe vid fjället").slot("municipality", None)
            .bot("utter_invalid_answer", "Jag förstod inte riktigt.", slot="municipality")
            .ask("municipality").user("Sorsele").slot("municipality", "Sorsele").ask("locality")
            .user("Ammarnäs").slot("locality", "Ammarnäs").end_form().bot("utter_summary")
            .user("ja", "affirm").bot("utter_result"))


def asked_three_times(sender="tre-ganger-01") -> Conversation:
    conversation = Conversation(sender).user("vad kan jag få", "check_supports").start_form()
    conversation.ask("store_distance_to_nearest_grocery_store_km").user("en bit")
    conversation.bot("utter_invalid_answer", slot="store_distance_to_nearest_grocery_store_km")
    conversation.ask("store_distance_to_nearest_grocery_store_km").user("en bra bit bort faktiskt")
    conversation.bot("utter_implausible_answer")  # not a "not understood" reply: only the third ask fails it
    conversation.ask("store_distance_to_nearest_grocery_store_km")
    conversation.user("35 km", entities=[("distance_km", 35)])
    conversation.slot("store_distance_to_nearest_grocery_store_km", 35).end_form().bot("utter_summary")
    return conversation.user("stämmer", "affirm").bot("utter_result")


def corrected(sender="rattelse-01") -> Conversation:
    return (Conversation(sender).user("hej", "check_supports").start_form()
            .ask("store_grocery_net_turnover_sek").user("3 miljoner", entities=[("amount_sek", 3_000_000)])
            .slot("store_grocery_net_turnover_sek", 3_000_000).ask("store_article_count")
            .user("nej jag menade 3,5 miljoner", "correct", entities=[("amount_sek", 3_500_000)])
            .bot("utter_correction_done").slot("store_grocery_net_turnover_sek", 3_500_000)
            .ask("store_article_count").user("1500").slot("store_article_count", 1500).end_form()
            .bot("utter_summary").user("ja", "affirm").bot("utter_result"))


def denied_read_back(sender="telefon-nej-01") -> Conversation:
    waiting = ["store_grocery_net_turnover_sek", 3_200_000]
    return (Conversation(sender, channel="phone").user("/greet", "greet")
            .user("vad kan jag få", "check_supports").start_form()
            .ask("store_grocery_net_turnover_sek").user("tre komma två miljoner")
            .slot("store_grocery_net_turnover_sek", None).slot("value_to_confirm", waiting)
            .ask("value_confirmation").user("nej", "deny").slot("value_confirmation", None)
            .slot("value_to_confirm", None).slot("store_grocery_net_turnover_sek", None)
            .ask("store_grocery_net_turnover_sek").user("tre komma noll miljoner")
            .slot("value_to_confirm", ["store_grocery_net_turnover_sek", 3_000_000])
            .ask("value_confirmation").user("ja", "affirm").slot("value_to_confirm", None)
            .slot("store_grocery_net_turnover_sek", 3_000_000).end_form().bot("utter_summary")
            .user("ja", "affirm").bot("utter_result"))


def denied_summary(sender="summering-nej-01") -> Conversation:
    return (Conversation(sender).user("hej", "check_supports").start_form().ask("store_article_count")
            .user("1500").slot("store_article_count", 1500).end_form().bot("utter_summary")
            .user("nej det stämmer inte", "deny").bot("utter_ask_what_to_change"))


def handoff_after_failure(sender="person-01") -> Conversation:
    return (Conversation(sender).user("hej", "check_supports").start_form()
            .ask("store_opening_hours_per_week").user("som vanligt")
            .bot("utter_invalid_answer", slot="store_opening_hours_per_week")
            .ask("store_opening_hours_per_week").user("jag vill prata med en människa", "talk_to_person")
            .bot("utter_handoff").ask("store_opening_hours_per_week"))


def abandoned(sender="lamnad-01", minutes_ago: float = 45) -> Conversation:
    conversation = Conversation(sender, start=NOW - minutes_ago * MINUTE - 60)
    return (conversation.user("hej", "check_supports").start_form().ask("store_article_count")
            .user("typ allt möjligt").slot("store_article_count", None)
            .bot("utter_invalid_answer", slot="store_article_count").ask("store_article_count")
            .user("kanske tusen", entities=[("article_count", 1000)]).slot("store_article_count", 1000)
            .ask("store_has_all_product_groups"))


def fine(sender="bra-01") -> Conversation:
    return (Conversation(sender).user("hej", "check_supports").start_form().ask("municipality")
            .user("Vindeln").slot("municipality", "Vindeln").end_form().bot("utter_summary")
            .user("ja", "affirm").bot("utter_result").user("förbered en ansökan", "prepare_draft")
            .bot("utter_draft_ready"))


# ---------------------------------------------------------------- the rules, on event lists
def test_a_not_understood_reply_fails_the_turn_and_keeps_what_was_asked_and_read():
    turns = {turn.text: turn for turn in turns_of(not_understood())}
    failed = turns["det är där uppe vid fjället"]
    assert failed.reasons == (NOT_UNDERSTOOD,)
    assert failed.question == "municipality" and failed.intent == "out_of_scope" and failed.channel == "web"
    assert failed.read == {"municipality": None}
    assert failed.replies == ("utter_invalid_answer", "utter_ask_municipality")
    assert "Jag förstod inte riktigt." in failed.reply_texts
    assert [turn.text for turn in turns.values() if turn.failed] == ["det är där uppe vid fjället"]
    assert turns["Sorsele"].read == {"municipality": "Sorsele"} and not turns["Sorsele"].failed


def test_a_fallback_outside_the_form_is_not_understood():
    conversation = Conversation("fallback-01").user("blablabla", "nlu_fallback", 0.2).bot("utter_default")
    assert reasons_by_text(conversation) == {"blablabla": (NOT_UNDERSTOOD,)}


def test_the_same_question_asked_a_third_time_fails_the_turn_before_it():
    reasons = reasons_by_text(asked_three_times())
    assert reasons["en bit"] == (NOT_UNDERSTOOD,)
    assert reasons["en bra bit bort faktiskt"] == (ASKED_AGAIN,)
    assert reasons["35 km"] == ()


def test_a_correction_by_the_user_fails_the_turn():
    turns = {turn.text: turn for turn in turns_of(corrected())}
    turn = turns["nej jag menade 3,5 miljoner"]
    assert turn.reasons == (CORRECTED,) and turn.entities == (("amount_sek", 3_500_000),)
    assert turn.read == {"store_grocery_net_turnover_sek": 3_500_000}
    assert turns["3 miljoner"].reasons == ()


def test_a_number_denied_at_the_read_back_fails_the_turn_but_a_yes_does_not():
    turns = turns_of(denied_read_back())
    reasons = {(turn.question, turn.text): turn.reasons for turn in turns}
    assert reasons[("value_confirmation", "nej")] == (DENIED,)
    assert reasons[("value_confirmation", "ja")] == ()
    assert {turn.confirming for turn in turns if turn.question == "value_confirmation"} == {
        "store_grocery_net_turnover_sek"}
    assert {turn.channel for turn in turns} == {"phone"}


def test_the_summary_denied_fails_the_turn():
    turns = turns_of(denied_summary())
    assert [(turn.question, turn.reasons) for turn in turns if turn.failed] == [("summary", (DENIED,))]


def test_a_person_asked_for_after_a_misunderstanding_fails_that_turn_too():
    reasons = reasons_by_text(handoff_after_failure())
    # The form asks its question again after the handoff's reply: a third time, too.
    assert reasons["jag vill prata med en människa"] == (ASKED_AGAIN, HANDOFF)
    direct = Conversation("person-02").user("hej", "greet").user("kan jag prata med någon", "talk_to_person")
    assert reasons_by_text(direct.bot("utter_handoff"))["kan jag prata med någon"] == ()


def test_a_conversation_left_at_a_question_for_half_an_hour_is_abandoned():
    turns = turns_of(abandoned(minutes_ago=45))
    assert turns[-1].text == "kanske tusen" and turns[-1].reasons == (ABANDONED,)
    assert turns[-1].replies == ("utter_ask_store_has_all_product_groups",)
    assert not any(ABANDONED in turn.reasons for turn in turns_of(abandoned(minutes_ago=10)))
    # A conversation that got its result is finished, however long ago.
    assert not any(ABANDONED in turn.reasons for turn in turns_of(fine(), now=NOW + DAY_S))


def test_a_conversation_without_trouble_has_no_failed_turn_and_counts_in_the_funnel():
    turns, progress = read_conversation("bra-01", fine().stored(), NOW)
    assert turns and not any(turn.failed for turn in turns)
    assert progress.result and progress.draft and progress.questions == {"municipality"}
    assert progress.channel == "web"


def test_a_restart_forgets_how_often_a_question_was_asked():
    conversation = Conversation("omstart-01").user("hej", "check_supports").start_form()
    conversation.ask("municipality").user("Vindeln").ask("municipality").restart()
    conversation.user("hej", "check_supports").start_form().ask("municipality").user("Vindeln igen")
    assert ASKED_AGAIN not in reasons_by_text(conversation)["Vindeln igen"]


# ---------------------------------------------------------------- from a real SQLite tracker store
ALL_FAILING = {NOT_UNDERSTOOD: not_understood, ASKED_AGAIN: asked_three_times, CORRECTED: corrected,
               DENIED: denied_read_back, HANDOFF: handoff_after_failure, ABANDONED: abandoned}


def test_every_way_of_failing_is_found_in_a_real_tracker_store(tmp_path):
    assert set(ALL_FAILING) == set(REASONS)
    url = save(tmp_path / "rasa_tracker.sqlite", *(make() for make in ALL_FAILING.values()), fine(),
               denied_summary())
    found = reviewable(url, NOW, retention_days=30)
    by_reason = {reason: {turn.sender for turn in found.turns if reason in turn.reasons}
                 for reason in REASONS}
    assert by_reason == {NOT_UNDERSTOOD: {"inte-forstadd-01", "tre-ganger-01", "person-01", "lamnad-01"},
                         ASKED_AGAIN: {"tre-ganger-01", "person-01"}, CORRECTED: {"rattelse-01"},
                         DENIED: {"telefon-nej-01", "summering-nej-01"}, HANDOFF: {"person-01"},
                         ABANDONED: {"lamnad-01"}}
    assert len(found.progress) == 8


@pytest.mark.parametrize("days_ago, shown", [(29, True), (31, False)])
def test_nothing_past_the_retention_period_is_read(tmp_path, days_ago, shown):
    url = save(tmp_path / "rasa_tracker.sqlite", not_understood(start=NOW - days_ago * DAY_S))
    found = reviewable(url, NOW, retention_days=30)
    assert bool(found.turns) is shown and bool(found.progress) is shown


def test_an_empty_tracker_store_has_nothing_to_review(tmp_path):
    assert stored_events(f"sqlite:///{tmp_path / 'none.sqlite'}", 0) == {}


def test_only_the_forms_questions_count_as_questions():
    """utter_ask_what_to_change asks no slot: three of them are no question asked three times."""
    conversation = denied_summary()
    for _ in range(2):
        conversation.user("nej", "deny").bot("utter_ask_what_to_change")
    turns, progress = read_conversation("summering-nej-01", conversation.stored(), NOW)
    assert progress.questions == {"store_article_count"}
    assert not any(ASKED_AGAIN in turn.reasons for turn in turns)


def test_an_answer_the_form_took_is_no_failure_whatever_the_intent_model_guessed():
    """The question being asked reads each message first: "post" taken as the services answer
    is understood even when the intent model fell back, and "nio miljoner" taken as the
    turnover is no correction though the model guessed 'correct'."""
    taken = (Conversation("tagen-01").user("Hej, jag har en lanthandel", "check_supports").start_form()
             .ask("store_services").user("post", "nlu_fallback", confidence=0.3)
             .slot("store_services", ["post"]).ask("store_grocery_net_turnover_sek")
             .user("nio miljoner", "correct").slot("store_grocery_net_turnover_sek", 9_000_000)
             .ask("store_service_strategic"))
    reasons = reasons_by_text(taken)
    assert reasons["post"] == ()
    assert CORRECTED not in reasons["nio miljoner"]  # (left there, it is the abandoned turn)
