"""The development corpus (../shared/corpus/) run through the running assistant.

Each record is said inside a conversation, at the question it answers, and what the assistant
concluded is read back from its slots (the facts its summary shows) and from the responses
its NLG rendered. A conversation is not typed from the start for every record: the turns that
bring the form to a question are typed once, and their events are replayed into a fresh
conversation (Rasa's `PUT /conversations/{id}/tracker/events`) for every record asked there.

- answers.yml, phone_asr.yml, english.yml (answers): the fact's value, each `also` fact as an
  item of its own; numbers to 0.1, lists as sets, `approximate` against the "ca" flag, `null`
  as "vet inte", `ask_again` as a value not taken (or one held for confirmation).
- openings.yml: the first message of a conversation; every fact it states is an item,
  `implied` facts (which need a gazetteer) are counted apart.
- questions.yml, english.yml (questions): the help entry rendered and what followed, by the
  reviewed table tests/corpus/expected_topics.yml.

Nothing here says yes to a person's offer, so no referral may be created: any saved for a
caseworker is counted as a failure of its own.

`make corpus` runs every record (tests/corpus/run.py); `make test` a stratified sample
(tests/e2e/test_corpus_sample.py).
"""

import os
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import httpx
import yaml

from stodkollen.conversation_facts import UNKNOWN, slot_for

# STODKOLLEN_CORPUS_DIR: another set in the same format, e.g. phrasings written to probe a change.
CORPUS_DIR = Path(os.environ.get("STODKOLLEN_CORPUS_DIR")
                  or Path(__file__).resolve().parents[3] / "shared" / "corpus")
EXPECTED_TOPICS = Path(__file__).with_name("expected_topics.yml")
# The corpus's "who is asking" is the engine's applicant_kind, asked by the form as `asker`.
ASKED_AT = {"applicant_kind": "asker"}
QUESTION_AT_NULL = "store_grocery_net_turnover_sek"
SAVED_FOR_CASEWORKER = "utter_saved_for_caseworker"

# Answers that walk the form to each question, per language. A persona answers every question
# it is asked from its table; the first persona that reaches the wanted question gives its prefix.
# The English ones walk the same paths in English words only (the buttons' titles and what an
# English speaker types), so that an English record is said inside an English conversation.
STORE = {
    "asker": "butik", "municipality": "Sorsele", "locality": "Ammarnäs", "store_sells_fuel": "nej",
    "store_open_year_round": "ja", "store_opening_hours_per_week": "50", "store_article_count": "1500",
    "store_has_all_product_groups": "ja", "store_distance_to_nearest_grocery_store_km": "25 km",
    "municipality_has_service_plan": "ja", "store_grocery_net_turnover_sek": "3 miljoner",
    "store_services": "post", "store_service_strategic": "nej", "service_grant_years_already_received": "0",
    "service_grant_other_measures_tried": "ja", "investment_planned": "ja",
    "investment_eligible_costs_sek": "100000", "investment_purposes": "tillgänglighet",
    "payment_services_interested": "ja", "payment_services_commercial_provider_likely": "nej",
    "payment_services_distance_to_nearest_provider_km": "30 km", "payment_services_estimated_users": "200",
    "special_reasons": "nej", "store_archipelago_without_road": "nej", "in_central_locality": "nej",
    "store_grocery_store_in_locality": "nej", "store_distance_to_nearest_fuel_station_km": "17 km",
    "home_delivery_net_cost_sek": "80000", "home_delivery_deliveries": "1200",
    "home_delivery_households": "25",
    "value_confirmation": "ja",
}
STORE_EN = {
    "asker": "Store", "municipality": "Sorsele", "locality": "Ammarnäs", "store_sells_fuel": "no",
    "store_open_year_round": "yes", "store_opening_hours_per_week": "50 hours a week",
    "store_article_count": "1500", "store_has_all_product_groups": "yes",
    "store_distance_to_nearest_grocery_store_km": "25 km", "municipality_has_service_plan": "yes",
    "store_grocery_net_turnover_sek": "3 million", "store_services": "post", "store_service_strategic": "no",
    "service_grant_years_already_received": "0", "service_grant_other_measures_tried": "yes",
    "investment_planned": "yes", "investment_eligible_costs_sek": "100000",
    "investment_purposes": "accessibility", "payment_services_interested": "yes",
    "payment_services_commercial_provider_likely": "no",
    "payment_services_distance_to_nearest_provider_km": "30 km", "payment_services_estimated_users": "200",
    "special_reasons": "no", "store_archipelago_without_road": "no", "in_central_locality": "no",
    "store_grocery_store_in_locality": "no",
    "store_distance_to_nearest_fuel_station_km": "17 km", "home_delivery_net_cost_sek": "80000",
    "home_delivery_deliveries": "1200", "home_delivery_households": "25",
    "value_confirmation": "yes",
}
PERSONAS = {
    "sv": [
        STORE,
        {**STORE, "store_distance_to_nearest_grocery_store_km": "5 km"},
        {**STORE, "asker": "både butik och mack"},
        {**STORE, "asker": "mack"},
        {**STORE, "asker": "kommun", "investment_planned": "nej", "store_kind": "servicepunkt"},
        {**STORE, "municipality": "Umeå"},
        {**STORE, "store_services": "inget av dem", "service_grant_years_already_received": "1"},
    ],
    "en": [
        STORE_EN,
        {**STORE_EN, "store_distance_to_nearest_grocery_store_km": "5 km"},
        {**STORE_EN, "asker": "both store and fuel station"},
        {**STORE_EN, "asker": "fuel station"},
        {**STORE_EN, "asker": "municipality", "investment_planned": "no", "store_kind": "service point"},
        {**STORE_EN, "municipality": "Umeå"},
        {**STORE_EN, "store_services": "none of them", "service_grant_years_already_received": "1"},
    ],
}
# What the simulated user says to "Is that right?" about a value read back.
YES = {"sv": "ja", "en": "yes"}
# "Do you mean 2 English miles, about 3,2 km, or 2 Swedish mil, 20 km?": the form holds
# [slot, English-mile km, Swedish-mil km] in this slot while it asks (actions/form.py), and the
# simulated user answers with the record's meaning, in the words of the question's two buttons.
WHICH_MILE_SLOT = "implausible_answer"
MILES_MEANT = {"sv": ("engelska miles", "svenska mil"), "en": ("English miles", "Swedish mil")}
# Asked which of two answers to the same question is right, the simulated user means the newer.
CONFLICTING_SLOT = "conflicting_answer"
NEWER = {"sv": "det nya", "en": "the new one"}
MAX_TURNS = 40
NOT_REACHED = "question not reached"


@dataclass
class Item:
    source: str  # file
    group: str  # the fact, or the topic
    kind: str  # value | also | implied | topic
    passed: bool
    text: str
    detail: str = ""


@dataclass
class Figures:
    items: list[Item] = field(default_factory=list)
    referrals: int = 0
    which_mile: list[str] = field(default_factory=list)  # the texts that were asked "which mile?"

    def share(self, **match) -> tuple[int, int]:
        chosen = [item for item in self.items if all(getattr(item, k) == v for k, v in match.items())]
        return sum(item.passed for item in chosen), len(chosen)

    def by(self, attribute: str, **match) -> dict[str, tuple[int, int]]:
        groups: dict[str, list[Item]] = defaultdict(list)
        for item in self.items:
            if all(getattr(item, k) == v for k, v in match.items()):
                groups[getattr(item, attribute)].append(item)
        return {key: (sum(i.passed for i in items), len(items)) for key, items in sorted(groups.items())}

    def failures(self, **match) -> list[Item]:
        return [item for item in self.items if not item.passed
                and all(getattr(item, k) == v for k, v in match.items())]


class Assistant:
    """Rasa's REST channel and tracker API, as the e2e tests use them."""

    def __init__(self, rasa_url: str, token: str):
        self.rasa_url, self.token = rasa_url, token
        self.client = httpx.Client(timeout=60)

    def say(self, sender: str, text: str, channel: str, lang: str) -> None:
        self.client.post(f"{self.rasa_url}/webhooks/rest/webhook", params={"token": self.token},
                         json={"sender": sender, "message": text,
                               "metadata": {"channel": channel, "lang": lang}}).raise_for_status()

    def tracker(self, sender: str) -> dict:
        response = self.client.get(f"{self.rasa_url}/conversations/{sender}/tracker",
                                   params={"token": self.token})
        response.raise_for_status()
        return response.json()

    def replay(self, sender: str, events: list[dict]) -> None:
        self.client.put(f"{self.rasa_url}/conversations/{sender}/tracker/events",
                        params={"token": self.token}, json=events).raise_for_status()


def _sender(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


class CorpusRun:
    """Records said in conversations of one language (the message metadata's `lang`, as the
    widget and the phone route send it); runs of several languages may add to one Figures."""

    def __init__(self, assistant: Assistant, lang: str = "sv", figures: Figures | None = None):
        self.assistant, self.lang = assistant, lang
        self.prefixes: dict[tuple[str, str], list[dict]] = {}
        self.walked: set[tuple[int, str]] = set()  # (persona, channel) walks done
        self.figures = figures if figures is not None else Figures()

    @cached_property
    def expected_topics(self) -> dict:
        return yaml.safe_load(EXPECTED_TOPICS.read_text(encoding="utf-8"))

    # ---------------------------------------------------------------- prefixes
    def prefix(self, slot: str, channel: str) -> list[dict] | None:
        """The events of a conversation whose form is asking `slot` (None: no persona gets
        there). One walk through a persona's questions keeps a prefix for every question it
        passes, so most questions cost no walk of their own."""
        for index, persona in enumerate(PERSONAS[self.lang]):
            if (slot, channel) in self.prefixes:
                break
            if (index, channel) not in self.walked:
                self.walked.add((index, channel))
                self._walk(persona, channel)
        return self.prefixes.get((slot, channel))

    def _walk(self, persona: dict, channel: str) -> None:
        sender = _sender("corpus-prefix")
        self.assistant.say(sender, "/check_supports", channel, self.lang)
        for _ in range(MAX_TURNS):
            tracker = self.assistant.tracker(sender)
            requested = tracker["slots"].get("requested_slot")
            if requested is None or requested not in persona:
                return
            self.prefixes.setdefault((requested, channel), tracker["events"])
            self.assistant.say(sender, persona[requested], channel, self.lang)

    def _at(self, slot: str, channel: str) -> str | None:
        events = self.prefix(slot, channel)
        if events is None:
            return None
        sender = _sender("corpus")
        self.assistant.replay(sender, events)
        return sender

    def _turn(self, sender: str, text: str, channel: str) -> tuple[dict, list[dict]]:
        """Say `text`; the tracker after it and the bot's events of that turn."""
        before = len(self.assistant.tracker(sender)["events"])
        self.assistant.say(sender, text, channel, self.lang)
        tracker = self.assistant.tracker(sender)
        said = [event for event in tracker["events"][before:] if event["event"] == "bot"]
        self.figures.referrals += sum(event.get("metadata", {}).get("utter_action") == SAVED_FOR_CASEWORKER
                                      for event in said)
        return tracker, said

    # ---------------------------------------------------------------- answers
    def answer(self, source: str, record: dict, channel: str = "test") -> None:
        fact = record["fact"]
        slot = ASKED_AT.get(fact, slot_for(fact))
        sender = self._at(slot, channel)
        if sender is None:
            self.figures.items.append(Item(source, fact, "value", False, record["text"], NOT_REACHED))
            return
        tracker, _ = self._turn(sender, record["text"], channel)
        doubted = tracker["slots"].get(WHICH_MILE_SLOT)
        if isinstance(doubted, list) and len(doubted) == 3 and doubted[0] == slot and record.get("value"):
            english, swedish = doubted[1:]
            meant = MILES_MEANT[self.lang][abs(record["value"] - english) > abs(record["value"] - swedish)]
            self.figures.which_mile.append(record["text"])
            tracker, _ = self._turn(sender, meant, channel)
        if tracker["slots"].get(CONFLICTING_SLOT):
            # "Tidigare svarade du …, nu …. Vilket stämmer?": the record's value is the one meant
            tracker, _ = self._turn(sender, NEWER[self.lang], channel)
        confirming = tracker["slots"].get("value_to_confirm")
        if confirming and not record.get("ask_again"):
            tracker, _ = self._turn(sender, YES[self.lang], channel)  # the caller confirms what was read back
        slots = tracker["slots"]
        self._check(source, fact, "value", record, slots, record.get("value"), confirming)
        for also, value in (record.get("also") or {}).items():
            self._check(source, also, "also", record, slots, value, None)

    def _check(self, source: str, fact: str, kind: str, record: dict, slots: dict, want, confirming) -> None:
        got = slots.get(slot_for(fact))
        approximate = slot_for(fact) in (slots.get("approximate_slots") or [])
        if kind == "value" and record.get("ask_again"):
            passed = got is None or bool(confirming) or bool(slots.get("implausible_answer"))
        else:
            passed = _same(got, want) and (kind != "value" or not isinstance(want, int | float)
                                            or approximate == bool(record.get("approximate")))
        self.figures.items.append(Item(source, fact, kind, passed, record["text"],
                                       f"got {got!r}{' ca' if approximate else ''}, want {want!r}"))

    # ---------------------------------------------------------------- openings
    def opening(self, source: str, record: dict) -> None:
        sender = _sender("corpus-opening")
        tracker, _ = self._turn(sender, record["text"], "test")
        slots = tracker["slots"]
        estimates = set(record.get("approximate") or [])
        for kind, facts in (("value", record.get("facts") or {}), ("implied", record.get("implied") or {})):
            for fact, want in facts.items():
                got = slots.get(slot_for(fact))
                approximate = slot_for(fact) in (slots.get("approximate_slots") or [])
                passed = _same(got, want) and (not isinstance(want, int | float) or isinstance(want, bool)
                                               or approximate == (fact in estimates))
                self.figures.items.append(Item(source, fact, kind, passed, record["text"],
                                               f"got {got!r}, want {want!r}"))

    # ---------------------------------------------------------------- questions
    def question(self, source: str, record: dict) -> None:
        slot = slot_for(record["at"]) if record.get("at") else QUESTION_AT_NULL
        slot = ASKED_AT.get(record.get("at") or "", slot)
        topic = record["topic"]
        sender = self._at(slot, "test")
        if sender is None:
            self.figures.items.append(Item(source, topic, "topic", False, record["text"], NOT_REACHED))
            return
        _, said = self._turn(sender, record["text"], "test")
        expected = self.expected_topics[topic]
        answers = {entry.format(slot=slot) for entry in expected.get("answer", [])}
        rendered = [event.get("metadata", {}) for event in said]
        entries = {meta.get("entry") for meta in rendered if meta.get("utter_action") == "utter_help"}
        actions = [meta.get("utter_action") for meta in rendered]
        answered = not answers or bool(entries & answers)
        followed = _followed(expected["then"], actions, slot)
        self.figures.items.append(Item(source, topic, "topic", answered and followed, record["text"],
                                       f"at {slot}: rendered {actions} {sorted(e for e in entries if e)}"))


def _followed(then: str, actions: list[str], slot: str) -> bool:
    if then == "question_again":
        return bool(actions) and actions[-1] == f"utter_ask_{slot}"
    if then == "handoff_question":
        return "utter_ask_handoff_consent" in actions
    if then == "restart_question":
        return "utter_confirm_restart" in actions
    if then == "correction":
        return bool({"utter_correction_done", "utter_ask_what_to_change"} & set(actions))
    raise ValueError(f"unknown next step {then!r} in {EXPECTED_TOPICS.name}")


def _same(got, want) -> bool:
    if want is None:
        return got == UNKNOWN
    if isinstance(want, bool) or isinstance(got, bool):
        return got is want
    if isinstance(want, int | float):
        return isinstance(got, int | float) and abs(got - want) <= 0.1
    if isinstance(want, list):
        return isinstance(got, list) and set(got) == set(want)
    return got == want


def load(name: str) -> dict:
    return yaml.safe_load((CORPUS_DIR / name).read_text(encoding="utf-8"))
