"""Scenarios in and out of the workbench as YAML: the shipped library, one file, pasted text,
or a zip of many (what "Ladda ner alla" gives, so a downloaded library can be uploaded
again or run with `stodkollen scenarios run`)."""

import io
import zipfile
from pathlib import PurePosixPath

from stodkollen.core.i18n import N_, translate
from workbench.scenario import (
    LIBRARY_DIR,
    Scenario,
    ScenarioError,
    load_library,
    scenario_from_yaml,
    scenario_to_yaml,
    slug,
)

YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILES_IN_ZIP = 500
MAX_FILE_BYTES = 1_000_000  # a scenario is a few kB; this keeps a hostile zip from filling memory


def shipped_library() -> list[Scenario]:
    return load_library(LIBRARY_DIR)


def _yaml_text(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ScenarioError(where, translate(N_("workbench.error.not_utf8"), "sv", file=where)) from error


def _every_mistake(error: ScenarioError, file: str | None = None) -> ScenarioError:
    """One error for the page, saying every mistake in the file, each with its line and column."""
    every = getattr(error, "errors", [error])
    return ScenarioError(f"{file}: {error.field}" if file else error.field,
                         " ".join(item.described("sv", file) for item in every), error.place)


def _from_file(name: str, data: bytes) -> Scenario:
    try:
        # The file's name is the id, as for `stodkollen scenarios run`, made safe for an address.
        return scenario_from_yaml(_yaml_text(data, name), slug(PurePosixPath(name).stem))
    except ScenarioError as error:
        raise _every_mistake(error, name) from error


def read_upload(filename: str, data: bytes) -> list[Scenario]:
    """One YAML file, or a zip of them; raises ScenarioError naming the file and the field."""
    if filename.lower().endswith(".zip"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as error:
            raise ScenarioError("", translate(N_("workbench.error.bad_zip"), "sv", file=filename)) from error
        entries = [entry for entry in archive.infolist()
                   if entry.filename.lower().endswith(YAML_SUFFIXES)
                   and not PurePosixPath(entry.filename).name.startswith(".")]
        names = [entry.filename for entry in entries]
        if not names or len(names) > MAX_FILES_IN_ZIP or any(e.file_size > MAX_FILE_BYTES for e in entries):
            raise ScenarioError("", translate(N_("workbench.error.zip_contents"), "sv", file=filename,
                                              most=MAX_FILES_IN_ZIP))
        return [_from_file(PurePosixPath(name).name, archive.read(name)) for name in sorted(names)]
    if not filename.lower().endswith(YAML_SUFFIXES):
        raise ScenarioError("", translate(N_("workbench.error.file_kind"), "sv", file=filename))
    return [_from_file(PurePosixPath(filename).name, data)]


def read_pasted(text: str) -> Scenario:
    """Pasted YAML; its id comes from its name. Every mistake is said, each with its line and column."""
    try:
        return scenario_from_yaml(text)
    except ScenarioError as error:
        raise _every_mistake(error) from error


def zip_of(scenarios: list[Scenario]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for scenario in scenarios:
            archive.writestr(f"{scenario.id}.yaml", scenario_to_yaml(scenario))
    return buffer.getvalue()
