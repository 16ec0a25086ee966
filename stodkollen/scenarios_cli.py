"""`stodkollen scenarios run DIR`: the scenario library as regression tests;
`stodkollen scenarios boundaries FILE`: one scenario's boundary cases, as training material.

Every scenario goes through the rules engine; one with a conversation also goes through the
live assistant: typed on Rasa's REST channel, or, for a call (`channel: phone`), said through
the service's phone route as the telephony platform would (its token, the call store of the
same data folder to find the call's conversation). A file that cannot be read stops nothing: each of its
errors is said with its line and column, every other file runs, and the report has a section
for the errors. Mismatches are listed, a report is written on request, and the exit code is 1
when anything differs from what a scenario expects, 2 when a file cannot be read or the
assistant does not answer (even if the rest ran), so CI can run the library.
"""

import sys
from pathlib import Path

from tqdm import tqdm

from .core.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, translate

MISMATCHES, UNUSABLE = 1, 2


def _say(message_id: str, lang: str, file=None, **params) -> None:
    print(translate(message_id, lang, **params), file=file or sys.stdout)


class ServiceCallRecords:
    """The service's call store of the settings' data folder, as the scenario runner reads it
    (workbench.conversation.CallRecords): which conversation a call became, and forgetting it."""

    def __init__(self, config):
        from service.phone.calls import CallStore

        self.store = CallStore(config.phone_calls_db, config.draft_retention_days)

    def conversation_of(self, call_id: str) -> str | None:
        call = self.store.call(call_id)
        return call.conversation_id if call else None

    def forget(self, conversation_id: str) -> None:
        self.store.forget({conversation_id})


def _phone_line(config, service_url: str | None, lang: str):
    """The service's phone route, with the platform's token, and its call store."""
    from workbench.conversation import PhoneLine

    return PhoneLine(service_url or config.service_url, config.phone_platform_token,
                     ServiceCallRecords(config), lang)


def run_command(args) -> int:
    from workbench.conversation import Assistant, AssistantUnreachable, run_conversation
    from workbench.report import ScenarioOutcome, describe_mismatch, scenario_chart, write_report
    from workbench.scenario import read_library, run_scenario

    from .core.settings import settings

    lang, directory = args.lang, Path(args.directory)
    if not directory.is_dir():
        _say(N_("scenarios.error.not_a_directory"), lang, sys.stderr, directory=directory)
        return UNUSABLE
    scenarios, errors = read_library(directory, lang)
    for error in errors:
        print(error.described(lang), file=sys.stderr)
    if not scenarios and not errors:
        _say(N_("scenarios.error.no_scenarios"), lang, sys.stderr, directory=directory)
        return UNUSABLE

    assistant = line = None
    if not args.no_conversations and any(scenario.conversation for scenario in scenarios):
        config = settings()
        assistant = Assistant(args.rasa_url or config.rasa_url, config.internal_token, lang)
        if any(scenario.conversation and scenario.channel == "phone" for scenario in scenarios):
            line = _phone_line(config, args.service_url, lang)
    outcomes = []
    try:
        for talking in (line, assistant):  # before the long run, so a stopped stack is said at once
            if talking:
                talking.check()
        for scenario in tqdm(scenarios, desc=translate(N_("scenarios.progress"), lang), unit="st",
                             file=sys.stderr):
            run = run_scenario(scenario, lang)
            talk = assistant and scenario.conversation
            conversation = run_conversation(assistant, scenario, line) if talk else None
            chart = scenario_chart(run, lang) if args.report else (None, None)  # for the report only
            outcomes.append(ScenarioOutcome(run, conversation, *chart))
    except AssistantUnreachable as error:
        print(error, file=sys.stderr)
        return UNUSABLE
    finally:
        for talking in (assistant, line):
            if talking:
                talking.close()

    failed = [outcome for outcome in outcomes if not outcome.passed]
    for outcome in failed:
        scenario = outcome.run.scenario
        _say(N_("scenarios.failed_scenario"), lang, id=scenario.id, name=scenario.name)
        for mismatch in outcome.mismatches:
            print(f"  - {describe_mismatch(mismatch, lang)}")
    _say(N_("scenarios.summary"), lang, total=len(outcomes), passed=len(outcomes) - len(failed),
         failed=len(failed))
    if errors:
        files = len({error.file for error in errors})
        _say(N_("scenarios.unreadable"), lang, files=files, errors=len(errors))
    if args.report:
        _say(N_("scenarios.report_written"), lang, path=write_report(outcomes, args.report, lang, errors))
    return UNUSABLE if errors else MISMATCHES if failed else 0


def boundaries_command(args) -> int:
    """Writes the boundary cases of one scenario, each as a scenario file expecting the engine's own
    answer (training material for a trainer to quiz with, not tests), and lists them."""
    from workbench.boundaries import affected_supports, boundary_cases
    from workbench.report import describe_outcome
    from workbench.scenario import ScenarioError, scenario_from_yaml, scenario_to_yaml

    lang, path = args.lang, Path(args.file)
    try:
        scenario = scenario_from_yaml(path.read_text(encoding="utf-8"), path.stem, lang)
    except OSError:
        _say(N_("scenarios.error.no_file"), lang, sys.stderr, path=path)
        return UNUSABLE
    except ScenarioError as error:
        for item in getattr(error, "errors", [error]):
            print(item.described(lang, path.name), file=sys.stderr)
        return UNUSABLE
    cases = boundary_cases(scenario, lang)
    if not cases:
        _say(N_("scenarios.boundaries.none"), lang, sys.stderr, name=scenario.name)
        return UNUSABLE
    out = Path(args.out or f"{path.stem}-gransfall")
    out.mkdir(parents=True, exist_ok=True)
    for case in cases:
        (out / f"{case.scenario.id}.yaml").write_text(scenario_to_yaml(case.scenario), encoding="utf-8")
    for case, supports in zip(cases, affected_supports(cases), strict=True):
        print(f"{case.scenario.name}: {describe_outcome(case.scenario.expected, supports, lang)}")
    _say(N_("scenarios.boundaries.written"), lang, count=len(cases), directory=out)
    return 0


def register(commands) -> None:
    """Adds `scenarios run` to the `stodkollen` command line."""
    scenarios = commands.add_parser("scenarios", help="run the scenario library (the workbench's YAML files)")
    actions = scenarios.add_subparsers(dest="scenarios_command", required=True)
    run = actions.add_parser("run", help="run every scenario in DIR; exit code 1 on any mismatch")
    run.add_argument("directory", metavar="DIR", help="folder of scenario files (*.yaml)")
    run.add_argument("--report", metavar="FILE.html", help="write a self-contained HTML report")
    run.add_argument("--no-conversations", action="store_true",
                     help="only the rules engine; do not talk to the assistant")
    run.add_argument("--rasa-url", help="the assistant's address (default: from the settings)")
    run.add_argument("--service-url", help="the service's address, whose phone route plays the phone "
                                           "scenarios' calls (default: from the settings)")
    run.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    run.set_defaults(handler=run_command)
    boundaries = actions.add_parser(
        "boundaries", help="write the cases one unit below, at and above every threshold the scenario's "
                           "facts touch, each with the engine's outcome (training material)")
    boundaries.add_argument("file", metavar="FILE", help="a scenario file (*.yaml)")
    boundaries.add_argument("--out", metavar="DIR", help="where to write the cases (default: FILE-gransfall)")
    boundaries.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    boundaries.set_defaults(handler=boundaries_command)
