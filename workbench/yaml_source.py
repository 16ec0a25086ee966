"""YAML as a caseworker writes it: every mistake with its line and column, in Swedish.

PyYAML says what is wrong in English ("mapping values are not allowed here") and lets a key
written twice win silently. A scenario file is read in two steps here instead: composed into
nodes, which know where they were written, then built into data. Between the two, a key
written twice is an error. A syntax error's English problem is translated by the first pattern
that matches it (PROBLEMS, in PyYAML's own wording); one no pattern knows gets a general
Swedish sentence, with the place it was found.
"""

import re
from dataclasses import dataclass

import yaml

from stodkollen.core.i18n import N_, translate

# PyYAML's problem (a regular expression on its text) → what a caseworker reads.
PROBLEMS = (
    (r"mapping values are not allowed", N_("yaml.problem.colon")),
    (r"could not find expected ':'", N_("yaml.problem.missing_colon")),
    (r"found character .* that cannot start any token", N_("yaml.problem.bad_character")),
    (r"expected <block end>", N_("yaml.problem.indentation")),
    (r"block sequence entries are not allowed", N_("yaml.problem.list_item")),
    (r"expected ',' or '\]'|expected ',' or '\}'|expected ', ' or '\]'", N_("yaml.problem.flow")),
    (r"found unexpected end of stream|unexpected end|found '<stream end>'", N_("yaml.problem.unclosed")),
    (r"found undefined alias", N_("yaml.problem.alias")),
    (r"but found another document|expected a single document", N_("yaml.problem.documents")),
    (r"found unknown escape character", N_("yaml.problem.escape")),
    (r"expected the node content", N_("yaml.problem.no_value")),
    (r"unacceptable character|special characters are not allowed", N_("yaml.problem.control_character")),
)


@dataclass(frozen=True)
class Place:
    """Where something is written: line and column counted from 1, as an editor shows them."""

    line: int
    column: int


class YamlProblem(ValueError):
    """A file that is no YAML, or a key written twice: the message in Swedish, and where."""

    def __init__(self, message: str, place: Place | None):
        self.message, self.place = message, place
        super().__init__(message)


def _place(mark) -> Place | None:
    return Place(mark.line + 1, mark.column + 1) if mark is not None else None


def _syntax(error: yaml.YAMLError, lang: str) -> YamlProblem:
    problem = str(getattr(error, "problem", None) or getattr(error, "reason", None) or error)
    message_id = next((message for pattern, message in PROBLEMS if re.search(pattern, problem)),
                      N_("yaml.problem.other"))
    # A ReaderError (a character YAML forbids) has no mark: only the file is named then.
    return YamlProblem(translate(N_("scenario.error.yaml"), lang, detail=translate(message_id, lang)),
                       _place(getattr(error, "problem_mark", None)))


def _duplicates(node, lang: str) -> list[YamlProblem]:
    """Each key written a second time in the same mapping, anywhere in the document."""
    found: list[YamlProblem] = []
    if isinstance(node, yaml.MappingNode):
        first: dict[str, yaml.Node] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in first:
                    found.append(YamlProblem(
                        translate(N_("yaml.problem.duplicate_key"), lang, key=key.value,
                                  first=first[key.value].start_mark.line + 1), _place(key.start_mark)))
                else:
                    first[key.value] = key
            found.extend(_duplicates(value, lang))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found.extend(_duplicates(item, lang))
    return found


def _places(node, prefix: str, into: dict[str, Place]) -> dict[str, Place]:
    """Dotted field ("facts.store.kind", "conversation.2") → where its key (or item) is written."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                path = f"{prefix}.{key.value}" if prefix else key.value
                into.setdefault(path, _place(key.start_mark))
                _places(value, path, into)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = f"{prefix}.{index}" if prefix else str(index)
            into.setdefault(path, _place(item.start_mark))
            _places(item, path, into)
    return into


@dataclass
class Document:
    """A YAML file's data, and where each of its fields is written."""

    data: object
    places: dict[str, Place]

    def place_of(self, field: str) -> Place | None:
        """Where a field is written, or its nearest written parent (an unknown fact's group)."""
        parts = field.split(".") if field else []
        while parts:
            place = self.places.get(".".join(parts))
            if place is not None:
                return place
            parts.pop()
        return Place(1, 1) if self.places else None


def read_yaml(text: str, lang: str) -> Document:
    """The document, or YamlProblem (the first syntax error, or every duplicate key: raised as a
    list in `problems`, all of them, since a file may have several)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise _syntax(error, lang) from error
    if node is None:
        return Document(None, {})
    duplicates = _duplicates(node, lang)
    if duplicates:
        raise DuplicateKeys(duplicates)
    try:
        data = yaml.SafeLoader("").construct_document(node)
    except yaml.YAMLError as error:  # a tag it cannot build (!!python/object): no scenario
        raise _syntax(error, lang) from error
    return Document(data, _places(node, "", {}))


class DuplicateKeys(YamlProblem):
    """Every key written twice in one file."""

    def __init__(self, problems: list[YamlProblem]):
        super().__init__(problems[0].message, problems[0].place)
        self.problems = problems
