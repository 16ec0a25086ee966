"""`stodkollen`: one command line for the whole project."""

import argparse
import json
import sys

from tqdm import tqdm

from .i18n import DEFAULT_LANGUAGE, LANGUAGES


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
    except (OSError, json.JSONDecodeError) as error:
        print(_dump({"errors": [{"field": "", "message": str(error)}]}), file=sys.stderr)
        return 2
    return 0


def _evaluate_batch(args) -> int:
    """One JSON object of facts per line in, one result (or its errors) per line out."""
    from rules_engine import FactsError, evaluate

    with open(args.batch, encoding="utf-8") as source:
        lines = [line for line in source if line.strip()]
    failures = 0
    for number, line in enumerate(tqdm(lines, desc="evaluate", unit="fall", file=sys.stderr), 1):
        try:
            output = evaluate(json.loads(line), lang=args.lang, explain=not args.no_explain)
        except (FactsError, json.JSONDecodeError) as error:
            failures += 1
            output = {"line": number,
                      "errors": getattr(error, "errors", [{"field": "", "message": str(error)}])}
        print(json.dumps(output, ensure_ascii=False))
    return 2 if failures else 0


def parse_command(args) -> int:
    from swedish_quantities import parse

    print(_dump([quantity.to_dict() for quantity in parse(args.text, args.expected)]))
    return 0


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

    parse = commands.add_parser("parse", help="read amounts, distances, hours … from Swedish text")
    parse.add_argument("text")
    parse.add_argument("--expected", help="the kind the question asked for, e.g. distance_km")
    parse.set_defaults(handler=parse_command)

    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
