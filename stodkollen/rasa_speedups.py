"""Costs Rasa 3.6 pays on every start and every turn that a small machine feels, taken away
without changing what Rasa does. `install()` runs in the process that runs Rasa, before Rasa
is imported (stodkollen/logged.py). Measured in benchmarks/README.md ("Load").

1. Loading the model: the LogisticRegressionClassifier reads its weights with skops, whose
   first import looks up the module of ~750 numpy and scikit-learn types by walking every
   loaded module. After Rasa and TensorFlow are loaded there are thousands, and that walk
   took 28 s here; imported first, the same import takes a fraction of that.
2. Every answer from the action server and from our NLG endpoint is checked against a fixed
   schema with `jsonschema.validate`, which first checks the schema itself against the JSON
   Schema meta-schema: ~90 ms of CPU per action call and ~15 ms per response on this machine,
   several times a turn. We check each schema once and keep its validator; every answer is
   still validated in full, and an invalid one goes to Rasa's own check for its message. An
   event in an action's answer is checked against the one alternative of the schema's oneOf
   its name can match, not all 23 (action_result_check): the same verdict, an eighth of
   Rasa's time a turn less.
3. Every turn Rasa reads the conversation back from its tracker store and turns each stored
   event into an Event by looking its class up by type name, walking every subclass of Event
   (and asking `inspect.isabstract` of each) per event: about a sixth of Rasa's time per turn
   in a profile of 10 users (py-spy). The classes are fixed once Rasa is imported, so each
   name is looked up once; a new subclass imported later is still found.
4. The tracker store in SQLite commits every turn in rollback-journal mode, which syncs the
   disk twice per commit while Rasa's one event loop waits. In WAL mode with
   `synchronous=NORMAL` a commit is an append; a killed process loses nothing (only a power
   cut can lose the last turns, never corrupt the file). Only SQLite connections are touched.
5. Reading the conversation back, the SQL tracker store loads every stored event as an ORM
   object only to take its JSON text: the same query (same filter, same order) now selects
   just that column, which halved the read in a profile.

6. Which events still count (`DialogueStateTracker.applied_events`) is asked several times a
   turn (each policy's prediction, the session check, the NLG and action calls). For every
   execution of the form Rasa looks back through the events for the previous one and takes
   the turn in between out again, walking over every event the earlier rounds left behind:
   quadratic in the conversation's length, half of Rasa's time on a late turn (py-spy). The
   same walks now skip the events that cannot stop them or be taken out, and each event's
   class is looked up once per type: the same events in the same order, in one pass. That
   pass is a fold over the events, kept with the tracker: a later call folds in only the
   events appended since (a tracker's events are only ever appended to).

7. Rasa asks our NLG endpoint for each response with the whole tracker, every event of the
   conversation (EventVerbosity.ALL): late in a conversation that is hundreds of kB to write
   out, send, read and check (service/request_body.py) per response, several per turn, and
   the service's and Rasa's largest cost on a late turn (py-spy). The NLG reads the slots, the
   latest message and, of the events, only the user's latest turns back to the last one that
   was not a silence (service/nlg/phone.py, silences_in_a_row). It now gets the same request
   with the events from that turn on; everything else is as Rasa sends it.

8. SQLAlchemy 1.4 opens a new SQLite connection for every read and every write of the tracker
   (its default pool for a file is NullPool) and closes it again: each close of the last
   connection checkpoints the WAL, a fifth of the save in a profile. The tracker store keeps
   its connections in a pool instead, as SQLAlchemy 2.0 does by default for a file.
9. Every turn Rasa read the whole conversation back from SQLite and replayed it event by event
   into a tracker, though it wrote that very tracker at the end of the turn before: a fifth of
   Rasa's time a turn, growing with the conversation. The tracker saved is now kept in memory and
   given back at the next turn, but only after the store has confirmed, in one count, that it
   still holds exactly what was saved (no other Rasa server, no retention or "glöm mig" deletion
   wrote since) and only if the tracker is unchanged since (a turn that failed before saving
   leaves it longer). Anything else is read from the store as before. A tracker is kept at most
   KEPT_FOR seconds after its turn, for at most KEPT_AT_MOST conversations.
10. Our form sets its own bookkeeping slots (failed attempts, implausible answer, times without
   days, approximate slots) at every run, and Rasa's form sets requested_slot, mostly to the
   value they already hold: a quarter of a store's conversation were such events, each one
   stored, read back, replayed and sent to the action server at every later turn. When an
   action's events are logged, a SlotSet that leaves one of these slots as it is (the same
   value, already set) is left out. Nothing reads these slots but by their value (the NLG, the
   actions, the rules' states), and only the values requested_slot ever held (actions/form.py's
   progress, the review), so no answer changes; a candidate slot the form reads from the events
   is never one of them (stodkollen/dialogue_slots.py, BOOKKEEPING_SLOTS).
11. Rasa sends each call to the action server the whole tracker, every event of the conversation:
   the largest growing cost left on a late turn, written out by Rasa and read by the action
   server. Our actions read of the events only the latest message's turn (which action ran
   before the form, the message's language, the slots the form is to validate) and the values
   requested_slot ever held (the progress "fråga 3 av 7"); tests/test_rasa_action_events.py
   holds the list of these readers and fails when actions/ reads the events anywhere else. The
   call now carries the events from the action before the user's latest message on, and of the
   earlier ones the requested_slot SlotSets; everything else is as Rasa sends it.
12. The intent classifier (scikit-learn's LogisticRegression) multiplies each message's features
   by the transposed weights, which scipy first copies into one block of memory, all of them,
   at every message: five times the multiplication itself. The weights are laid out once so
   that their transpose is that block already: the same numbers, multiplied in the same order.
13. Rasa makes a new aiohttp session, and with it a new connection, for every call to the action
   server and to our NLG: a tenth of its time a turn, and as much again in the servers that
   accept them. Each endpoint now keeps one session for the event loop it runs on, closed when
   the server stops. A connection left unused for KEPT_ALIVE_S is not used again: uvicorn and
   Sanic close idle ones after 5 s, and a request sent as the server closes would fail.
14. Once the model is loaded, what the start made (TensorFlow, scikit-learn, spaCy, the model)
   is left out of the garbage collector's full passes, 300–350 ms each with the event loop
   stopped (stodkollen/core/startup_memory.py).
15. Before each action Rasa copies the tracker, and the form makes two temporary trackers a run,
   each by replaying every event of the conversation into a new one: a sixth of Rasa's time a
   turn, growing with the conversation. A copy is now made from the tracker's state, which is
   what the replay reaches: the same events (the same objects), the slots, the loop and the
   latest action copied, the followup action as the replay leaves it (Rasa clears the live
   one without an event). Where only a replay can tell (a reverted turn last, a tracker that
   forgets its oldest events), Rasa replays as before.
16. Rasa's SQL tracker store saves a turn's events as ORM objects, which SQLAlchemy 1.4 inserts
   into SQLite one statement each, reading each new id back: a tenth of Rasa's time a turn
   under load. The same rows now go in with one INSERT for all of them, in order, so their ids
   are as before. Only on SQLite; installed before 9, which wraps the save.
17. Each run of the model's graph (the NLU once a turn, the policies at every prediction) first
   works out which nodes the targets need, walking the graph's dependencies anew, and builds a
   dask graph of them: a twentieth of Rasa's time a turn. A runner's schema and nodes are fixed
   when it is made, so each set of targets is planned once; every run still gets its own graph
   with its own inputs.
18. The intent classifier's input, the message's row X, is built by Rasa through a chain of
   copies and stackings: each featurizer's sentence features deep-copied and stacked onto the
   last one's (scipy's bmat each time), made CSR, stacked with an empty dense block and stacked
   again as one row: a tenth of Rasa's time a turn. The same COO arrays are now put together
   once and made CSR the same way, so the row holds the same entries in the same order, and
   the probabilities are the same to the bit. Dense features or other formats go Rasa's way.

Each patch names the Rasa releases it was written against and tested on
(tests/test_rasa_speedups.py compares each with Rasa's own behaviour). On any other release the
patch is left out with a warning: Rasa then runs as it ships, slower but right, until the patch
is checked against the new code and its release added.
"""

import functools
import importlib.metadata
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass

from .core.startup_memory import freeze_what_startup_made

log = logging.getLogger(__name__)


def _import_skops_first() -> None:
    import skops.io  # noqa: F401  (the import is the point: see 1. above)


def _checked(schema: dict):
    """The validator of the schema's own draft, the schema checked against its meta-schema once."""
    from jsonschema.validators import validator_for

    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validator(schema_of: Callable[[], dict]) -> Callable[[], object]:
    return functools.cache(lambda: _checked(schema_of()))


def action_result_check(spec: dict) -> Callable[[object], bool]:
    """jsonschema's verdict on an action server's answer under Rasa's `spec`, reached faster.

    Each event must match exactly one alternative of the schema's `oneOf`, so jsonschema tries
    every one of the 23 for every event: an eighth of Rasa's time a turn (py-spy). Each
    alternative names its event by a `const` and the event's name is required, so an event
    can only ever match the alternative of its own name: valid exactly when it matches the
    schema's common part and that one alternative. Should Rasa's schema lose that shape, the
    whole schema is used as it is."""
    events = spec.get("properties", {}).get("events", {})
    items = events.get("items", {})
    alternatives = items.get("oneOf", [])
    names = [alternative.get("properties", {}).get("event", {}).get("const") for alternative in alternatives]
    if (not alternatives or "event" not in items.get("required", ()) or None in names
            or len(set(names)) != len(names)):
        return _checked(spec).is_valid
    outline = _checked({**spec, "properties": {**spec["properties"], "events": {**events, "items": {}}}})
    common = {key: value for key, value in items.items() if key != "oneOf"}
    by_name = {name: _checked({"allOf": [common, alternative]})
               for name, alternative in zip(names, alternatives, strict=True)}

    def is_valid(result: object) -> bool:
        if not outline.is_valid(result):
            return False
        for event in result.get("events") or []:
            name = event.get("event") if isinstance(event, dict) else None
            if not isinstance(name, str) or name not in by_name or not by_name[name].is_valid(event):
                return False
        return True

    return is_valid


def _validate_with_one_validator_each() -> None:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.nlg.callback import CallbackNaturalLanguageGenerator, nlg_response_format_spec

    action_check = RemoteAction._validate_action_result
    action_is_valid = functools.cache(lambda: action_result_check(RemoteAction.action_response_format_spec()))

    @functools.wraps(action_check)
    def validate_action_result(self, result: dict) -> bool:
        if action_is_valid()(result):
            return True
        return action_check(self, result)  # raises Rasa's explanation of what is wrong

    nlg_check = CallbackNaturalLanguageGenerator.validate_response
    nlg_validator = _validator(nlg_response_format_spec)

    @functools.wraps(nlg_check)
    def validate_response(content) -> bool:
        if content is None or content == "" or nlg_validator().is_valid(content):
            return True
        return nlg_check(content)

    RemoteAction._validate_action_result = validate_action_result
    CallbackNaturalLanguageGenerator.validate_response = staticmethod(validate_response)


def _event_classes_by_name() -> None:
    from rasa.shared.core.events import Event

    resolve = Event.resolve_by_type

    @functools.cache
    def cached(type_name, default, known_subclasses):
        return resolve(type_name, default)

    def resolve_by_type(type_name, default=None):
        # Keyed by how many subclasses Event has, so a class imported later is found too.
        return cached(type_name, default, len(Event.__subclasses__()))

    Event.resolve_by_type = staticmethod(resolve_by_type)


def _sqlite_in_wal_mode() -> None:
    import sqlite3

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "connect")
    def wal_mode(connection, _record) -> None:
        if isinstance(connection, sqlite3.Connection):
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()


def _events_read_as_text() -> None:
    import json

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.trackers import DialogueStateTracker

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool):
        with self.session_scope() as session:
            rows = (self._event_query(session, sender_id,
                                      fetch_events_from_all_sessions=fetch_events_from_all_sessions)
                    .with_entities(self.SQLEvent.data).all())
            events = [json.loads(data) for (data,) in rows]
            if self.domain and events:
                return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
            return None

    SQLTrackerStore._retrieve = _retrieve


def _applied_events_in_one_pass() -> None:
    from rasa.shared.core.events import (
        ActionExecuted,
        ActionExecutionRejected,
        ActionReverted,
        ActiveLoop,
        DefinePrevUserUtteredFeaturization,
        Restarted,
        SessionStarted,
        UserUtteranceReverted,
        UserUttered,
    )
    from rasa.shared.core.trackers import DialogueStateTracker

    # The one test Rasa's loop asks of each event, in its order (isinstance, so subclasses too).
    dispatch = ((Restarted, "reset"), (SessionStarted, "reset"), (ActionReverted, "revert_action"),
                (UserUtteranceReverted, "revert_utterance"), (ActionExecuted, "action"))

    @functools.cache
    def kind(event_type: type) -> str | None:
        return next((name for cls, name in dispatch if issubclass(event_type, cls)), None)

    @functools.cache
    def is_a(event_type: type, cls: type) -> bool:
        return issubclass(event_type, cls)

    def removable(cls: type) -> bool:
        """What _undo_till_previous_loop_execution takes out."""
        return (is_a(cls, ActionExecuted) or is_a(cls, UserUttered)
                or is_a(cls, DefinePrevUserUtteredFeaturization))

    def stops_a_walk(event) -> bool:
        """Whether Rasa's walks back (_first_loop_execution_or_unhappy_path,
        _undo_till_previous_loop_execution, _undo_till_previous) can stop at or remove it."""
        cls = type(event)
        return (removable(cls) or is_a(cls, ActionExecutionRejected)
                or (is_a(cls, ActiveLoop) and event.name is None))

    def first_loop_execution_or_unhappy_path(name, applied, walked) -> bool:
        next_action = None  # Rasa's own test, over the events it could stop at
        for index in reversed(walked):
            event = applied[index]
            cls = type(event)
            if is_a(cls, ActiveLoop) and event.name is None:
                return True
            if is_a(cls, ActionExecutionRejected) and event.action_name == name:
                return True
            if is_a(cls, UserUttered) and next_action is not None and next_action != name:
                return True
            if is_a(cls, ActionExecuted):
                if event.action_name == name:
                    return False
                next_action = event.action_name
        return True

    def undo_till_previous_loop_execution(name, applied, walked) -> None:
        kept = []
        while walked:
            event = applied[walked[-1]]
            cls = type(event)
            if is_a(cls, ActionExecuted) and event.action_name == name:
                break
            index = walked.pop()
            if removable(cls):
                applied[index] = REMOVED
            else:
                kept.append(index)
        walked.extend(reversed(kept))

    def undo_till_previous(cls, applied, walked) -> None:
        """Drop every event from the last one of `cls` on (all of them if there is none)."""
        while walked and not is_a(type(applied[walked[-1]]), cls):
            walked.pop()
        cut = walked.pop() if walked else 0
        del applied[cut:]

    def fold(events, loop_names: set, applied: list, walked: list[int]) -> tuple[list, list[int]]:
        for event in events:
            what = kind(type(event))
            if what == "reset":
                applied, walked = [], []
                continue
            if what == "revert_action":
                undo_till_previous(ActionExecuted, applied, walked)
                continue
            if what == "revert_utterance":
                undo_till_previous(UserUttered, applied, walked)
                undo_till_previous(ActionExecuted, applied, walked)
                continue
            if (what == "action" and event.action_name in loop_names
                    and not first_loop_execution_or_unhappy_path(event.action_name, applied, walked)):
                undo_till_previous_loop_execution(event.action_name, applied, walked)
                continue
            if stops_a_walk(event):
                walked.append(len(applied))
            applied.append(event)
        return applied, walked

    def loop_names_in(events) -> set:
        return {event.name for event in events if is_a(type(event), ActiveLoop) and event.name}

    def applied_events(self) -> list:
        # Rasa's loop is a fold over the events, but for the loop names it reads from all of them
        # first. The fold so far is kept with the tracker: its events are only ever appended
        # to, so the next call folds in just the new ones, unless they name a new loop.
        events = self.events
        kept = self.__dict__.get(FOLD_KEPT)
        if (kept is not None and kept.events is events and events.maxlen is None
                and kept.count <= len(events) and (kept.count == 0 or events[kept.count - 1] is kept.last)):
            new = list(itertools.islice(events, kept.count, None))
            if loop_names_in(new) <= kept.loop_names:
                applied, walked = fold(new, kept.loop_names, list(kept.applied), list(kept.walked))
                loop_names = kept.loop_names
            else:
                kept = None
        else:
            kept = None
        if kept is None:
            loop_names = loop_names_in(events)
            applied, walked = fold(events, loop_names, [], [])  # with REMOVED where Rasa deletes
        self.__dict__[FOLD_KEPT] = _Fold(events, len(events), events[-1] if events else None,
                                         loop_names, applied, walked)
        return [event for event in applied if event is not REMOVED]

    DialogueStateTracker.applied_events = applied_events


REMOVED = object()
FOLD_KEPT = "_applied_events_fold"  # not Rasa's: a speed-up's, on the tracker it folds


@dataclass
class _Fold:
    """applied_events' fold over a tracker's first `count` events (`last` is the last of them):
    `applied` with REMOVED where Rasa deletes, `walked` the indices of the events a walk back
    can stop at."""
    events: object
    count: int
    last: object
    loop_names: set
    applied: list
    walked: list
# The intent of "/silence", which the widget and the phone send when the user said nothing.
SILENCE_INTENT = "silence"


def _nlg_sent_the_turns_it_reads() -> None:
    from rasa.core.nlg import callback
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import EventVerbosity

    def last_spoken_turn(events: list) -> int:
        """The index of the user's latest message that was not a silence (0 if none was)."""
        for index in range(len(events) - 1, -1, -1):
            if isinstance(events[index], UserUttered) and events[index].intent_name != SILENCE_INTENT:
                return index
        return 0

    def nlg_request_format(utter_action, tracker, output_channel, **kwargs) -> dict:
        """Rasa's request (rasa.core.nlg.callback.nlg_request_format), the events cut."""
        tracker_state = tracker.current_state(EventVerbosity.NONE)  # the events' place kept
        events = list(tracker.events)
        tracker_state["events"] = [event.as_dict() for event in events[last_spoken_turn(events):]]
        response_id = kwargs.pop("response_id", None)
        return {"response": utter_action, "id": response_id, "arguments": kwargs, "tracker": tracker_state,
                "channel": {"name": output_channel}}

    callback.nlg_request_format = nlg_request_format


def _sqlite_connections_pooled() -> None:
    from rasa.core import tracker_store
    from sqlalchemy.pool import QueuePool

    engine_kwargs = tracker_store.create_engine_kwargs

    def create_engine_kwargs(url) -> dict:
        if str(url).startswith("sqlite"):
            # one connection per concurrent use, as SQLAlchemy's own pool does for PostgreSQL
            return {"poolclass": QueuePool, "connect_args": {"check_same_thread": False}}
        return engine_kwargs(url)

    tracker_store.create_engine_kwargs = create_engine_kwargs


KEPT_FOR = 600  # seconds: a shop owner who pauses longer is read back from the store
KEPT_AT_MOST = 200  # conversations: a full training room is 50


@dataclass
class _Kept:
    tracker: object  # DialogueStateTracker
    length: int  # its events when saved
    stored: tuple  # (events in the store's latest session, the newest one's id) after the save
    saved_at: float


def _events_inserted_at_once() -> None:
    import json

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.nlu.constants import INTENT_NAME_KEY

    orm_save = SQLTrackerStore.save

    async def save(self, tracker) -> None:
        """Rasa's SQLTrackerStore.save, the same rows written with one INSERT for all of them."""
        if self.engine.dialect.name != "sqlite":  # elsewhere the ids' order is the database's
            return await orm_save(self, tracker)
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = []
            for event in self._additional_events(session, tracker):
                data = event.as_dict()
                rows.append({"sender_id": tracker.sender_id, "type_name": event.type_name,
                             "timestamp": data.get("timestamp"),
                             "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                             "action_name": data.get("name"), "data": json.dumps(data)})
            if rows:
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()

    SQLTrackerStore.save = save


def _tracker_kept_between_turns() -> None:
    import itertools
    import time
    from collections import OrderedDict

    import sqlalchemy as sa
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import SessionStarted

    read_back = SQLTrackerStore.retrieve
    write = SQLTrackerStore.save

    # SQLTrackerStore._event_query's filter for the latest session, written out once: building
    # it with the ORM at every call cost more than running it.
    session_start = (f"(SELECT max(timestamp) FROM {SQLTrackerStore.SQLEvent.__tablename__} "
                     f"WHERE sender_id = :sender AND type_name = '{SessionStarted.type_name}')")
    count_and_newest = sa.text(f"SELECT count(id), max(id) FROM {SQLTrackerStore.SQLEvent.__tablename__} "
                               f"WHERE sender_id = :sender AND (timestamp >= {session_start} "
                               f"OR {session_start} IS NULL)")

    def stored(store, sender_id: str) -> tuple:
        """The count of what `retrieve` would read, and the newest event's id: any write by
        anyone else since changes the pair."""
        with store.engine.connect() as connection:
            return tuple(connection.execute(count_and_newest, {"sender": sender_id}).one())

    def kept_trackers(store) -> OrderedDict:
        kept = store.__dict__.setdefault("_kept_trackers", OrderedDict())
        while kept and next(iter(kept.values())).saved_at < time.monotonic() - KEPT_FOR:
            kept.popitem(last=False)
        return kept

    async def retrieve(self, sender_id: str):
        kept = kept_trackers(self).pop(sender_id, None)
        if (kept is not None and len(kept.tracker.events) == kept.length
                and stored(self, sender_id) == kept.stored):
            return kept.tracker
        return await read_back(self, sender_id)

    async def save(self, tracker) -> None:
        await write(self, tracker)
        now_stored = stored(self, tracker.sender_id)
        # A tracker that began its session in this turn holds the event before it too, which
        # a read would not give back: such a one is read back at the next turn.
        if now_stored[0] == len(tracker.events):
            kept = kept_trackers(self)
            kept[tracker.sender_id] = _Kept(tracker, len(tracker.events), now_stored, time.monotonic())
            while len(kept) > KEPT_AT_MOST:
                kept.popitem(last=False)

    def _additional_events(self, session, tracker):
        """Rasa's: the tracker's events after those the store holds for its latest session."""
        held = session.execute(count_and_newest, {"sender": tracker.sender_id}).one()[0]
        return itertools.islice(tracker.events, held, len(tracker.events))

    SQLTrackerStore.retrieve = retrieve
    SQLTrackerStore.save = save
    SQLTrackerStore._additional_events = _additional_events


def _unchanging_slot_sets_left_out() -> None:
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.events import (
        ActionExecuted,
        ActiveLoop,
        BotUttered,
        DefinePrevUserUtteredFeaturization,
        SlotSet,
    )

    from stodkollen.dialogue_slots import BOOKKEEPING_SLOTS

    log_action = MessageProcessor._log_action_on_tracker
    # events that reset no slot (the policies' prediction comes with the featurization one)
    slot_safe = (SlotSet, BotUttered, ActiveLoop, ActionExecuted, DefinePrevUserUtteredFeaturization)

    def changing(events: list, tracker) -> list:
        """The events but the SlotSets that leave a bookkeeping slot as it is, in order."""
        now = {name: (slot.has_been_set, slot.value) for name, slot in tracker.slots.items()
               if name in BOOKKEEPING_SLOTS}
        kept = []
        for event in events:
            if type(event) is SlotSet and event.key in now:
                was_set, value = now[event.key]
                if was_set and type(value) is type(event.value) and value == event.value:
                    continue
                now[event.key] = (True, event.value)
            kept.append(event)
        return kept

    @functools.wraps(log_action)
    def _log_action_on_tracker(self, tracker, action, events, prediction) -> None:
        if events and all(isinstance(event, slot_safe) for event in [*prediction.events, *events]):
            events = changing(events, tracker)
        log_action(self, tracker, action, events, prediction)

    MessageProcessor._log_action_on_tracker = _log_action_on_tracker


def _actions_sent_the_events_they_read() -> None:
    import rasa
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
    from rasa.shared.core.trackers import EventVerbosity

    from stodkollen.dialogue_slots import REQUESTED_SLOT

    def latest_turn(events: list) -> int:
        """The index of the action before the user's latest message (0 if there is none)."""
        for index in range(len(events) - 1, -1, -1):
            if isinstance(events[index], UserUttered):
                return next((before for before in range(index - 1, -1, -1)
                             if isinstance(events[before], ActionExecuted)), 0)
        return 0

    def events_read(events: list) -> list:
        start = latest_turn(events)
        asked = [event for event in events[:start]
                 if isinstance(event, SlotSet) and event.key == REQUESTED_SLOT]
        return [event.as_dict() for event in [*asked, *events[start:]]]

    def _action_call_format(self, tracker, domain) -> dict:
        """Rasa's request (RemoteAction._action_call_format), the events cut."""
        tracker_state = tracker.current_state(EventVerbosity.NONE)  # the events' place kept
        tracker_state["events"] = events_read(list(tracker.events))
        result = {"next_action": self._name, "sender_id": tracker.sender_id, "tracker": tracker_state,
                  "version": rasa.__version__}
        if (not self._is_selective_domain_enabled()
                or domain.does_custom_action_explicitly_need_domain(self.name())):
            result["domain"] = domain.as_dict()
        return result

    RemoteAction._action_call_format = _action_call_format


def _classifier_weights_laid_out_once() -> None:
    import numpy
    from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier

    process = LogisticRegressionClassifier.process

    @functools.wraps(process)
    def process_laid_out(self, messages):
        if not self.clf.coef_.flags.f_contiguous:  # (coef_.T then C-contiguous, as scipy needs it)
            self.clf.coef_ = numpy.asfortranarray(self.clf.coef_)
        return process(self, messages)

    LogisticRegressionClassifier.process = process_laid_out


KEPT_ALIVE_S = 2  # under uvicorn's and Sanic's 5 s: never a connection the server is closing


class _Borrowed:
    """`async with` around a kept session: Rasa's request closes its session on the way out."""

    def __init__(self, session) -> None:
        self.session = session

    async def __aenter__(self):
        return self.session

    async def __aexit__(self, *exc_info) -> None:
        return None


def _endpoint_sessions_kept() -> None:
    import asyncio
    import weakref

    import aiohttp
    from rasa.core import run
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

    kept_sessions: weakref.WeakSet = weakref.WeakSet()

    def session(self) -> _Borrowed:
        """Rasa's session (EndpointConfig.session), one per endpoint and event loop."""
        loop = asyncio.get_running_loop()
        kept_loop, kept = self.__dict__.get("_kept_session", (None, None))
        if kept is None or kept.closed or kept_loop is not loop:
            auth = (aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
                    if self.basic_auth else None)
            kept = aiohttp.ClientSession(headers=self.headers, auth=auth,
                                         timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                                         connector=aiohttp.TCPConnector(keepalive_timeout=KEPT_ALIVE_S))
            self.__dict__["_kept_session"] = (loop, kept)
            kept_sessions.add(kept)
        return _Borrowed(kept)

    close_resources = run.close_resources

    @functools.wraps(close_resources)
    async def close_kept_sessions_too(app, loop) -> None:
        await close_resources(app, loop)
        for kept in list(kept_sessions):
            await kept.close()

    EndpointConfig.session = session
    run.close_resources = close_kept_sessions_too


def _loaded_model_frozen() -> None:
    """The loaded model and Rasa's libraries left out of the collector's full passes
    (stodkollen/core/startup_memory.py): Rasa loads its agent in a listener before it serves."""
    from rasa.core import run

    load_agent_on_start = run.load_agent_on_start

    @functools.wraps(load_agent_on_start)
    async def load_then_freeze(*args, **kwargs):
        agent = await load_agent_on_start(*args, **kwargs)
        freeze_what_startup_made()
        return agent

    run.load_agent_on_start = load_then_freeze


def _trackers_copied_from_their_state() -> None:
    import copy

    from rasa.core.actions.forms import FormAction
    from rasa.shared.constants import DEFAULT_SENDER_ID
    from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME, REQUESTED_SLOT
    from rasa.shared.core.events import (
        ActionExecuted,
        ActionReverted,
        FollowupAction,
        Restarted,
        SessionStarted,
        SlotSet,
        UserUtteranceReverted,
        UserUttered,
    )
    from rasa.shared.core.trackers import DialogueStateTracker

    replayed_copy = DialogueStateTracker.copy
    temporary_tracker = FormAction._temporary_tracker
    unknown = object()

    def followup_as_replayed(events) -> object:
        """The followup action a replay of `events` ends with: the one event that sets or clears
        it last decides (rasa/shared/core/events.py, every apply_to that touches it). The live
        tracker's own may differ: Rasa clears it after a prediction without an event."""
        for event in reversed(events):
            kind = type(event)
            if kind in (UserUttered, ActionExecuted):
                return None
            if kind is FollowupAction:
                return event.action_name
            if kind is Restarted:
                return ACTION_SESSION_START_NAME
            if kind is SessionStarted:
                return ACTION_LISTEN_NAME
            if kind in (UserUtteranceReverted, ActionReverted) or isinstance(
                    event, (UserUttered, ActionExecuted, FollowupAction, Restarted, SessionStarted)):
                return unknown  # a replay of its own, or a subclass: left to Rasa's replay
        return ACTION_LISTEN_NAME  # a new tracker's (DialogueStateTracker._reset)

    def shallow_copy(slot):
        """copy.copy's result for a slot (a plain object: no __copy__, __reduce__ or
        __slots__ of its own), without copy's way through __reduce_ex__."""
        copied = object.__new__(type(slot))
        copied.__dict__.update(slot.__dict__)
        return copied

    def state_copy(tracker, events: list, **attributes):
        """A new tracker in the state a replay of `events` reaches, which is `tracker`'s own:
        what replaying changes is copied (the events, the slots, the active loop, the latest
        action, the followup action, a placeholder for a latest message), the rest is shared as
        a replay shares it (the latest messages are the events themselves). None where a
        replay must decide."""
        followup = followup_as_replayed(events)
        if (followup is unknown or type(tracker) is not DialogueStateTracker
                or type(tracker.slots) is not dict
                or tracker._max_event_history is not None):  # a replay of the events kept forgets
            return None
        copied = copy.copy(tracker)
        copied.__dict__.pop(FOLD_KEPT, None)  # the original's: its events are not the copy's
        copied.__dict__.update(attributes)
        copied.events = copied._create_events(events)
        copied.slots = {name: shallow_copy(slot) for name, slot in tracker.slots.items()}
        copied.active_loop = copy.copy(tracker.active_loop)
        copied.latest_action = copy.copy(tracker.latest_action)
        copied.followup_action = followup
        for latest in ("latest_message", "latest_bot_utterance"):
            message = getattr(tracker, latest)
            if not any(event is message for event in reversed(events)):  # _reset's placeholder,
                setattr(copied, latest, copy.deepcopy(message))  # which a replay makes anew
        return copied

    def copy_of(self) -> DialogueStateTracker:
        copied = state_copy(self, list(self.events), sender_id=self.sender_id or DEFAULT_SENDER_ID,
                            sender_source=None)
        return replayed_copy(self) if copied is None else copied

    def temporary(self, current_tracker, additional_events, domain) -> DialogueStateTracker:
        events = current_tracker.events_after_latest_restart()
        copied = state_copy(current_tracker, events, _max_event_history=None, sender_source=None,
                            is_rule_tracker=False)
        if copied is None or [slot.name for slot in domain.slots] != list(current_tracker.slots):
            return temporary_tracker(self, current_tracker, additional_events, domain)
        for event in [SlotSet(REQUESTED_SLOT, self.get_slot_to_fill(current_tracker)),
                      ActionExecuted(self.name()), *additional_events]:
            copied.update(event)
        return copied

    DialogueStateTracker.copy = copy_of
    FormAction._temporary_tracker = temporary


def _graph_runs_planned_once() -> None:
    import dask
    from rasa.engine.exceptions import GraphRunError
    from rasa.engine.runner import dask as runner

    def run(self, inputs=None, targets=None):
        """Rasa's DaskGraphRunner.run, with the dask graph of each set of targets built once:
        a runner's schema and its nodes are fixed when it is made."""
        run_targets = targets if targets else self._graph_schema.target_names
        planned = self.__dict__.setdefault("_planned_graphs", {})
        key = tuple(run_targets)
        if key not in planned:
            planned[key] = self._build_dask_graph(self._graph_schema.minimal_graph_schema(run_targets))
        run_graph = dict(planned[key])  # this run's inputs are added to it
        if inputs:
            self._add_inputs_to_graph(inputs, run_graph)
        runner.logger.debug("Running graph with inputs: %s, targets: %s and %s.", inputs, targets,
                            self._execution_context)
        try:
            return dict(dask.get(run_graph, run_targets))
        except RuntimeError as e:
            raise GraphRunError("Error running runner.") from e

    runner.DaskGraphRunner.run = run


def _classifier_input_built_at_once() -> None:
    import numpy
    from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
    from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
    from scipy.sparse import coo_matrix, csr_matrix
    from scipy.sparse._sputils import get_index_dtype, upcast

    create_x = LogisticRegressionClassifier._create_X

    def sentence_row(message) -> csr_matrix | None:
        """The message's row of X as Rasa builds it (its sentence features, each featurizer's
        COO block after the other, made CSR, then widened by the empty dense block), in one
        step: None where Rasa's own way is needed (dense features, other formats)."""
        sentence = [f for f in message.features if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE]
        if not sentence or not all(f.is_sparse() and type(f.features) is coo_matrix
                                   and f.features.shape[0] == 1 for f in sentence):
            return None
        blocks = [f.features for f in sentence]
        # scipy.sparse.bmat's COO path, which every hstack of Rasa's took: the same arrays.
        dtype = upcast(*[block.dtype for block in blocks])
        width = sum(block.shape[1] for block in blocks)
        nnz = sum(block.nnz for block in blocks)
        data = numpy.empty(nnz, dtype=dtype)
        index_dtype = get_index_dtype(maxval=max(1, width))
        row = numpy.zeros(nnz, dtype=index_dtype)  # every block is one row: row 0
        col = numpy.empty(nnz, dtype=index_dtype)
        filled = offset = 0
        for block in blocks:
            part = slice(filled, filled + block.nnz)
            data[part] = block.data
            numpy.add(block.col, offset, out=col[part], dtype=index_dtype)
            filled, offset = filled + block.nnz, offset + block.shape[1]
        combined = coo_matrix((data, (row, col)), shape=(1, width)).tocsr()
        # hstack with the empty dense block (csr_matrix([]), float64), then vstack: the same
        # entries in the same order, in the common dtype.
        return csr_matrix((combined.data.astype(upcast(dtype, numpy.float64)), combined.indices,
                           combined.indptr), shape=combined.shape)

    def _create_X(self, messages):
        row = sentence_row(messages[0]) if len(messages) == 1 else None
        return create_x(self, messages) if row is None else row

    LogisticRegressionClassifier._create_X = _create_X


@dataclass(frozen=True)
class Patch:
    apply: Callable[[], None]
    rasa_releases: tuple[str, ...]  # those whose code the patch was read against and tested on


PATCHES = (
    Patch(_import_skops_first, ("3.6.21",)),
    Patch(_validate_with_one_validator_each, ("3.6.21",)),
    Patch(_event_classes_by_name, ("3.6.21",)),
    Patch(_sqlite_in_wal_mode, ("3.6.21",)),
    Patch(_events_read_as_text, ("3.6.21",)),
    Patch(_applied_events_in_one_pass, ("3.6.21",)),
    Patch(_nlg_sent_the_turns_it_reads, ("3.6.21",)),
    Patch(_sqlite_connections_pooled, ("3.6.21",)),
    Patch(_events_inserted_at_once, ("3.6.21",)),  # 16, before 9: the save that 9 wraps
    Patch(_tracker_kept_between_turns, ("3.6.21",)),
    Patch(_unchanging_slot_sets_left_out, ("3.6.21",)),
    Patch(_actions_sent_the_events_they_read, ("3.6.21",)),
    Patch(_classifier_weights_laid_out_once, ("3.6.21",)),
    Patch(_endpoint_sessions_kept, ("3.6.21",)),
    Patch(_loaded_model_frozen, ("3.6.21",)),
    Patch(_trackers_copied_from_their_state, ("3.6.21",)),
    Patch(_graph_runs_planned_once, ("3.6.21",)),
    Patch(_classifier_input_built_at_once, ("3.6.21",)),
)


def install(rasa_release: str | None = None) -> list[str]:
    """Apply the patches written for this Rasa release; the names of those applied."""
    release = rasa_release or importlib.metadata.version("rasa")
    applied = []
    for patch in PATCHES:
        name = patch.apply.__name__.lstrip("_")
        if release in patch.rasa_releases:
            patch.apply()
            applied.append(name)
        else:
            log.warning("speed-up %s left out: written for Rasa %s, this is Rasa %s", name,
                        ", ".join(patch.rasa_releases), release)
    return applied
