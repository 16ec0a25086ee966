"""The Babel workflow for `locales/`: extract → update → compile.

`pybabel extract` finds every literal id marked with N_() or translate(); some ids are made
from the engine's own tables (a label for every fact, support and kind), so they are added
here from those tables. Run as `python -m stodkollen.catalogs extract|update|compile`
(or `make locales`).
"""

import argparse
import subprocess
import sys

from babel.messages.pofile import read_po, write_po

from rules_engine import SUPPORT_NAMES
from rules_engine.facts import APPLICANT_KINDS, INVESTMENT_PURPOSES, SCHEMA, SERVICES, STORE_KINDS
from service.nlg.registry import message_ids
from service.nlg.values import FORM_SLOTS

from .core.i18n import DOMAIN, LANGUAGES, LOCALES_DIR

TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"
ROOT = LOCALES_DIR.parent


def ids_from_tables() -> list[str]:
    return ([f"fact.{path}" for path in SCHEMA] + [f"support.{name}" for name in SUPPORT_NAMES]
            + [f"applicant_kind.{kind}" for kind in APPLICANT_KINDS]
            + [f"store_kind.{kind}" for kind in STORE_KINDS]
            + [f"service.{code}" for code in SERVICES]
            + [f"purpose.{code}" for code in INVESTMENT_PURPOSES]
            + [f"summary.{slot}" for slot in FORM_SLOTS] + [f"topic.{slot}" for slot in FORM_SLOTS]
            + message_ids())  # the NLG's registry, service/nlg/responses.yml


def extract() -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "N_", "-k", "translate", "--no-location", "--sort-output",
                    "-o", str(TEMPLATE), "."], cwd=ROOT, check=True)
    with open(TEMPLATE, "rb") as file:
        template = read_po(file)
    for message_id in ids_from_tables():
        template.add(message_id)
    with open(TEMPLATE, "wb") as file:
        write_po(file, template, width=100, no_location=True, sort_output=True)


def pybabel(command: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", command, "-D", DOMAIN,
                    "-d", str(LOCALES_DIR)]
                   + (["-i", str(TEMPLATE), "--no-fuzzy-matching", "-w", "100"]
                      if command == "update" else ["--statistics"]),
                   cwd=ROOT, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["extract", "update", "compile", "all"])
    step = parser.parse_args().step
    if step in ("extract", "all"):
        extract()
    if step in ("update", "all"):
        pybabel("update")
    if step in ("compile", "all"):
        pybabel("compile")
    print(f"{step}: {', '.join(LANGUAGES)} in {LOCALES_DIR}")


if __name__ == "__main__":
    main()
