"""The review queue and what the page sums up from the turns: per question and per channel,
and the form's funnel.

The queue is ordered by how often the same question fails, so that the question with most
trouble is reviewed first; inside a question the newest turns come first. Phrasings are
grouped with their numbers masked ("ca # mil"), which also keeps amounts out of the summary.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from stodkollen.conversation_facts import DIALOGUE_FACTS

from .masking import mask_numbers
from .shown import ShownTurn, shown, week_of
from .turns import CONFIRMATION, SUMMARY_QUESTION, Progress, Turn

TOP_PHRASINGS = 5
# The form's questions in the order it asks them (actions/form.py): who, where, then the facts.
QUESTION_ORDER = ("asker", "locality", *(fact.slot for fact in DIALOGUE_FACTS.values()), CONFIRMATION,
                  SUMMARY_QUESTION)


@dataclass(frozen=True)
class QueuedQuestion:
    question: str | None
    failed: int  # failed turns at this question, reviewed or not
    waiting: list[ShownTurn]  # not yet reviewed, newest first


@dataclass(frozen=True)
class Share:
    """Turns at one question (or on one channel): how many, how many failed, and how they were said."""

    name: str | None
    turns: int
    failed: int
    phrasings: list[tuple[str, int]]

    @property
    def failed_share(self) -> float:
        return self.failed / self.turns if self.turns else 0.0


def queue(turns: Iterable[Turn], reviewed: set[str]) -> list[QueuedQuestion]:
    by_question: dict[str | None, list[Turn]] = defaultdict(list)
    for turn in turns:
        if turn.failed:
            by_question[turn.question].append(turn)
    queued = [QueuedQuestion(question, len(failed),
                             [shown(turn) for turn in sorted(failed, key=lambda turn: -turn.at)
                              if turn.key not in reviewed])
              for question, failed in by_question.items()]
    return sorted(queued, key=lambda entry: (-entry.failed, _question_rank(entry.question)))


def _question_rank(question: str | None) -> int:
    return QUESTION_ORDER.index(question) if question in QUESTION_ORDER else len(QUESTION_ORDER)


def phrasing(text: str) -> str:
    """How a message is said, for counting: numbers and personal data masked, case and end
    punctuation ignored."""
    return re.sub(r"\s+", " ", mask_numbers(text)).strip().strip(".!?").lower()


def shares(turns: Iterable[Turn], key: Callable[[Turn], str | None]) -> list[Share]:
    """One Share per value of `key`, most failed turns first."""
    counted: dict[str | None, list[Turn]] = defaultdict(list)
    for turn in turns:
        counted[key(turn)].append(turn)
    result = [Share(name, len(group), sum(turn.failed for turn in group),
                    Counter(phrasing(turn.text) for turn in group if turn.failed).most_common(TOP_PHRASINGS))
              for name, group in counted.items()]
    return sorted(result, key=lambda share: (-share.failed, -share.turns, str(share.name)))


@dataclass(frozen=True)
class FunnelColumn:
    """The conversations of one channel and week: how many began, reached each question, got
    the result and a draft."""

    channel: str
    week: str
    started: int
    questions: Counter
    result: int
    draft: int


def funnel(progress: Iterable[Progress]) -> list[FunnelColumn]:
    groups: dict[tuple[str, str], list[Progress]] = defaultdict(list)
    for conversation in progress:
        groups[(conversation.channel, week_of(conversation.started_at))].append(conversation)
    return [FunnelColumn(channel, week, len(group),
                         Counter(question for conversation in group for question in conversation.questions),
                         sum(conversation.result for conversation in group),
                         sum(conversation.draft for conversation in group))
            for (channel, week), group in sorted(groups.items())]


def funnel_questions(columns: Iterable[FunnelColumn]) -> list[str]:
    """The questions anyone reached, in the form's order."""
    reached = {question for column in columns for question in column.questions}
    return sorted(reached, key=lambda question: (_question_rank(question), question))
