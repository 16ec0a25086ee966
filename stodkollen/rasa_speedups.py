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
   still validated in full, and an invalid one goes to Rasa's own check for its message.
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
   class is looked up once per type: the same events in the same order, in one pass.

7. Rasa asks our NLG endpoint for each response with the whole tracker, every event of the
   conversation (EventVerbosity.ALL): late in a conversation that is hundreds of kB to write
   out, send, read and check (service/request_body.py) per response, several per turn, and
   the service's and Rasa's largest cost on a late turn (py-spy). The NLG reads the slots, the
   latest message and, of the events, only the user's latest turns back to the last one that
   was not a silence (service/nlg/phone.py, silences_in_a_row). It now gets the same request
   with the events from that turn on; everything else is as Rasa sends it.

Each patch names the Rasa releases it was written against and tested on
(tests/test_rasa_speedups.py compares each with Rasa's own behaviour). On any other release the
patch is left out with a warning: Rasa then runs as it ships, slower but right, until the patch
is checked against the new code and its release added.
"""

import functools
import importlib.metadata
import logging
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


def _import_skops_first() -> None:
    import skops.io  # noqa: F401  (the import is the point: see 1. above)


def _validator(schema_of: Callable[[], dict]) -> Callable[[], object]:
    from jsonschema.validators import validator_for

    @functools.cache
    def validator():
        schema = schema_of()
        cls = validator_for(schema)
        cls.check_schema(schema)
        return cls(schema)

    return validator


def _validate_with_one_validator_each() -> None:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.nlg.callback import CallbackNaturalLanguageGenerator, nlg_response_format_spec

    action_check = RemoteAction._validate_action_result
    action_validator = _validator(RemoteAction.action_response_format_spec)

    @functools.wraps(action_check)
    def validate_action_result(self, result: dict) -> bool:
        if action_validator().is_valid(result):
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

    def applied_events(self) -> list:
        loop_names = {event.name for event in self.events if is_a(type(event), ActiveLoop) and event.name}
        applied: list = []  # with REMOVED where Rasa deletes from the middle
        walked: list[int] = []  # indices in `applied` of the events that stop_a_walk, in order
        for event in self.events:
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
        return [event for event in applied if event is not REMOVED]

    DialogueStateTracker.applied_events = applied_events


REMOVED = object()
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
