"""`stodkollen`: one command line for the whole project."""

import argparse
import json
import signal
import sys

from tqdm import tqdm

from .call import call_command
from .core.formatting import format_number
from .core.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, translate


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _read_facts(source: str):
    text = sys.stdin.read() if source == "-" else open(source, encoding="utf-8").read()
    return json.loads(text)


def evaluate_command(args) -> int:
    from rules_engine import FactsError, evaluate

    if args.batch:
        return _evaluate_batch(args)
    try:
        facts = _read_facts(args.file)
        print(_dump(evaluate(facts, lang=args.lang, explain=not args.no_explain)))
    except FactsError as error:
        print(_dump({"errors": error.errors}), file=sys.stderr)
        return 2
    except OSError as error:
        print(_dump({"errors": [{"field": "", "message": str(error)}]}), file=sys.stderr)
        return 2
    except ValueError as error:  # no JSON, no UTF-8, or a number of more than 4 300 digits
        print(_dump({"errors": [_not_json(error, args.lang)]}), file=sys.stderr)
        return 2
    return 0


def _not_json(error: ValueError, lang: str) -> dict:
    """Input that is not JSON, said in the user's language and not as a field."""
    if isinstance(error, json.JSONDecodeError):
        return {"field": "", "message": translate(N_("cli.error.json_syntax"), lang,
                                                  line=error.lineno, column=error.colno)}
    return {"field": "", "message": translate(N_("cli.error.not_json"), lang)}


def _evaluate_batch(args) -> int:
    """One JSON object of facts per line in, one result (or its errors) per line out."""
    from rules_engine import FactsError, evaluate

    with open(args.batch, encoding="utf-8") as source:
        lines = [line for line in source if line.strip()]
    failures = 0
    for number, line in enumerate(tqdm(lines, desc="evaluate", unit="fall", file=sys.stderr), 1):
        try:
            output = evaluate(json.loads(line), lang=args.lang, explain=not args.no_explain)
        except FactsError as error:
            failures += 1
            output = {"line": number, "errors": error.errors}
        except ValueError as error:
            failures += 1
            output = {"line": number, "errors": [_not_json(error, args.lang)]}
        print(json.dumps(output, ensure_ascii=False))
    return 2 if failures else 0


def parse_command(args) -> int:
    from quantities import parse, parse_daily_hours

    found = parse(args.text, args.expected, args.lang)
    print(_dump([quantity.to_dict() for quantity in found]))
    daily = parse_daily_hours(args.text, args.lang) if not found else None
    if daily is not None:  # "nio till arton": the conversation asks which days
        print(translate(N_("cli.parse.times_without_days"), args.lang, hours=format_number(daily, args.lang)),
              file=sys.stderr)
    return 0


def train_command(args) -> int:
    from .core.settings import settings
    from .stack import model_path, train, training_needed

    config = settings()
    if not training_needed(config):
        print(translate(N_("cli.train.current"), config.default_language, path=model_path(config)))
        return 0
    print(translate(N_("cli.train.training"), config.default_language), flush=True)
    print(translate(N_("cli.train.done"), config.default_language, path=train(config)))
    return 0


def _stop_like_ctrl_c(signum, frame):
    """Stopped by a signal rather than Ctrl-C: stop the processes all the same."""
    raise KeyboardInterrupt


# What `make run` prints a newcomer: the demo page first (what to open), then the caseworker
# pages, the public chat API (the same route the widget uses; Rasa's own port wants the
# internal token) and the phone route, as the shop owner, the caseworker and an integrator
# would look for them.
CHAT_EXAMPLE = '{"sender": "butik-0001", "message": "Hej", "lang": "sv"}'


def chat_curl(service_url: str) -> str:
    return (f"curl -s {service_url}/api/v1/chat -H 'Content-Type: application/json' "
            f"-d '{CHAT_EXAMPLE}'")


def phone_key_source(config) -> str:
    """Where the telephony platform finds its key: the variable that sets it, or the data
    folder's file."""
    if config.phone_platform_token_setting:
        return "STODKOLLEN_PHONE_PLATFORM_TOKEN"
    return str(config.phone_platform_key_file)


def run_instructions(config, log_dir) -> str:
    """The lines `stodkollen run` prints once everything answers, in the configured language."""
    lang = config.default_language
    url = config.public_url
    if config.caseworker_password_hash or config.caseworker_sso_header:
        sign_in = translate(N_("cli.run.caseworker_user"), lang, user=config.caseworker_user)
    else:
        sign_in = translate(N_("cli.run.caseworker_password"), lang,
                            command=".venv/bin/stodkollen caseworker-password",
                            variable="STODKOLLEN_CASEWORKER_PASSWORD_HASH", user=config.caseworker_user)
    rows = [(N_("cli.run.demo"), [f"{url}/demo"]),
            (N_("cli.run.caseworker"), [f"{url}/handlaggare", sign_in]),
            (N_("cli.run.chat_api"), [chat_curl(url)]),
            (N_("cli.run.phone"), [f"POST {url}/api/v1/phone", translate(
                N_("cli.run.phone_token"), lang, header="X-Phone-Platform-Token",
                path=phone_key_source(config))]),
            (N_("cli.run.terminal"), [".venv/bin/stodkollen chat"]),
            (N_("cli.run.api_docs"), [f"{url}/docs"]),
            (N_("cli.run.logs"), [str(log_dir)])]
    labels = [translate(label, lang) for label, _ in rows]
    width = max(map(len, labels)) + 2
    lines = [translate(N_("cli.run.running"), lang)]
    for label, (_, values) in zip(labels, rows, strict=True):
        lines.append(f"  {label:<{width}}{values[0]}")
        lines.extend(f"  {'':<{width}}{value}" for value in values[1:])
    lines.append(translate(N_("cli.run.stop"), lang))
    return "\n".join(lines)


def run_command(args) -> int:
    """Start everything, say how to talk to it, and stop everything on Ctrl-C."""
    from .core.settings import settings
    from .stack import Stack, model_path, train

    config = settings()
    if not model_path(config).exists() or args.train:
        train(config)
    log_dir = config.data_dir / "logs"
    stack = Stack(config, log_dir)
    signal.signal(signal.SIGTERM, _stop_like_ctrl_c)
    print(translate(N_("cli.run.starting"), config.default_language), flush=True)
    stack.start()
    print(f"\n{run_instructions(config, log_dir)}", flush=True)
    try:
        stack.supervise()  # a process that stops is started again (stodkollen/stack.py)
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()
    return 0


def chat_command(args) -> int:
    """Talk to the running assistant in the terminal, as `rasa shell` does."""
    import uuid

    import httpx

    from .core.settings import settings

    config = settings()
    url = f"{config.rasa_url}/webhooks/rest/webhook"
    sender = args.sender or f"terminal-{uuid.uuid4().hex[:8]}"
    message = "/greet"
    while True:
        reply = httpx.post(url, json={"sender": sender, "message": message,
                                      "metadata": {"channel": args.channel, "lang": args.lang}},
                           params={"token": config.internal_token}, timeout=60).json()
        buttons = []
        for part in reply:
            if part.get("text"):
                print(f"\nStödkollen: {part['text']}")
            buttons = part.get("buttons") or buttons
        for number, button in enumerate(buttons, 1):
            print(f"  [{number}] {button['title']}")
        try:
            typed = input("\nDu: ").strip()
        except (EOFError, KeyboardInterrupt):
            return 0
        if typed.isdigit() and 1 <= int(typed) <= len(buttons):
            typed = buttons[int(typed) - 1]["payload"]
        message = typed or "/silence"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="stodkollen", description="Stödkollen på kommandoraden.")
    commands = parser.add_subparsers(dest="command", required=True)

    evaluate = commands.add_parser("evaluate", help="evaluate facts (JSON) against the rules")
    evaluate.add_argument("file", nargs="?", default="-", help="JSON file with facts, or - for stdin")
    evaluate.add_argument("--batch", metavar="FILE.jsonl", help="many cases, one JSON object a line")
    evaluate.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    evaluate.add_argument("--no-explain", action="store_true",
                          help="statuses and amounts only, without rendered sentences")
    evaluate.set_defaults(handler=evaluate_command)

    parse = commands.add_parser("parse", help="read amounts, distances, hours … from Swedish or English text")
    parse.add_argument("text")
    parse.add_argument("--expected", help="the kind the question asked for, e.g. distance_km")
    parse.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help="the text's language")
    parse.set_defaults(handler=parse_command)

    train = commands.add_parser("train", help="train the Rasa model (skipped when nothing changed)")
    train.set_defaults(handler=train_command)

    run = commands.add_parser("run", help="start the web service, the action server and Rasa")
    run.add_argument("--train", action="store_true", help="train first even if a model exists")
    run.set_defaults(handler=run_command)

    chat = commands.add_parser("chat", help="talk to the running assistant in the terminal")
    chat.add_argument("--sender", help="conversation id, to resume a conversation")
    chat.add_argument("--channel", choices=["web", "phone", "test"], default="web")
    chat.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    chat.set_defaults(handler=chat_command)

    call = commands.add_parser("call", help="a phone call to the running assistant: typed lines are speech, "
                                            "#25 keyed digits, an empty line silence")
    call.add_argument("--caller", help="the calling number (a call back from it resumes the conversation)")
    call.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    call.add_argument("--quiet", action="store_true", help="do not speak the replies with espeak-ng")
    call.set_defaults(handler=call_command)

    from service.commands import register

    from .review_cli import register as register_review
    from .scenarios_cli import register as register_scenarios

    register(commands)
    register_review(commands)
    register_scenarios(commands)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
