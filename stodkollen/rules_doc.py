"""docs/rules.md, written from the rules themselves: every check id with what it tests, its source
and the quotation its docstring carries, every ruleset with its years and the logic it runs, every
parameter with its dated values and source.

The checks are found in the engine's source, not listed by hand: each `Check(id=…, reference=…)`
and each call passing a literal check id to a helper that takes `check_id` and `reference`
(`applicant`, the distance criteria). The text of a check is the docstring of the function that
decides it, or of the helper it is passed to.

docs/rules-intro.md (written by hand, from the specification) comes first. The specification,
../shared/docs/rules-spec.md, stays normative: where the two disagree the spec rules and this
document is fixed; tests/test_rules_doc.py compares their check ids through the two tables below.

    python -m stodkollen.rules_doc           # write docs/rules.md
    python -m stodkollen.rules_doc --check   # exit 1 when docs/rules.md is out of date
"""

import argparse
import ast
import inspect
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import rules_engine
from rules_engine import distance, general
from rules_engine.parameters import national_parameters, rulesets
from rules_engine.supports import support_modules

DOCS = Path(__file__).resolve().parents[1] / "docs"
OUTPUT = DOCS / "rules.md"
INTRO = DOCS / "rules-intro.md"
CHECK_ID = re.compile(r"[GDSIHB][0-9A-Z]")
QUOTATION = re.compile(r"\"([^\"]{12,})\"")

# Ids the engine uses that the specification does not number, and why.
ENGINE_ONLY = {
    "G0": "the programme's scope: the sales point is in Västerbotten (spec, Places)",
    "D0": "the applicant: the owner of a grocery sales point (spec, Särskilt driftstöd, Applicant)",
    "DA": "the amount by the beräkningsmodell; 0 kr is not_eligible (spec, Särskilt driftstöd, Amount)",
    "S0": "the applicant and the sales point (spec, Servicebidrag, Applicant)",
    "SC": "the ceiling, 250 000 or 300 000 kr (spec, Servicebidrag, Ceiling)",
    "IA": "the applicant and the object (spec, Investeringsstöd, Applicants and Objects)",
    "H0": "the applicant: a municipality only (spec, Hemsändningsbidrag, Applicant)",
    "HA": "the amount, min(0.5 × N, 100 × D) (spec, Hemsändningsbidrag, Amount)",
    "BA": "the applicant: a business (spec, Betaltjänster, Applicant)",
    "B2": "the two factors of the assessment, shown to the caseworker (spec, Betaltjänster)",
}
# Ids the specification numbers that the engine decides under another id, and where.
SPEC_ONLY = {
    "D5": "a condition stated with every särskilt driftstöd result (the SGEI undertaking), not a check",
    "S3": "G2 (service plan), which servicebidrag runs",
    "I2": "an outcome of I1: 50 % when the costs are above 50 000 kr",
    "I3": "an outcome of I1: costs too low, not_eligible",
    "H2": "G2 (service plan) and G1 (the households served outside a centralort), which "
          "hemsändningsbidrag runs",
}


@dataclass
class CheckDoc:
    id: str
    where: list[str] = field(default_factory=list)  # "module.function"
    references: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def add(self, where: str, reference: str | None, text: str | None) -> None:
        for items, item in ((self.where, where), (self.references, reference), (self.texts, text)):
            if item and item not in items:
                items.append(item)


def _value(expression: ast.expr, namespace: dict):
    """A literal, or a module-level name's value; None for anything computed."""
    if isinstance(expression, ast.Constant):
        return expression.value
    if isinstance(expression, ast.Name):
        return namespace.get(expression.id)
    return None


def _arguments(call: ast.Call, namespace: dict) -> dict:
    """The call's arguments by parameter name: keywords as written, and for helpers of the
    engine positional ones bound through the helper's signature."""
    arguments = {keyword.arg: keyword.value for keyword in call.keywords if keyword.arg}
    callee = namespace.get(call.func.id) if isinstance(call.func, ast.Name) else None
    if callable(callee) and not isinstance(callee, type) and call.args:
        names = list(inspect.signature(callee).parameters)
        arguments.update(zip(names, call.args, strict=False))
    return arguments


def _docstring(function) -> str | None:
    text = inspect.getdoc(function) if function else None
    return " ".join(text.split()) if text else None


def _checks_in(module, found: dict[str, CheckDoc]) -> None:
    namespace = vars(module)
    for node in ast.parse(inspect.getsource(module)).body:
        if not isinstance(node, ast.FunctionDef):
            continue
        own_text = _docstring(namespace.get(node.name))
        for call in (item for item in ast.walk(node) if isinstance(item, ast.Call)):
            is_check = isinstance(call.func, ast.Name) and call.func.id == "Check"
            arguments = _arguments(call, namespace)
            if not is_check and "check_id" not in arguments:
                continue
            check_id = _value(arguments.get("id" if is_check else "check_id"), namespace) \
                if arguments.get("id" if is_check else "check_id") else None
            if not isinstance(check_id, str) or not CHECK_ID.fullmatch(check_id):
                continue
            reference = _value(arguments["reference"], namespace) if "reference" in arguments else None
            helper = None if is_check else namespace.get(call.func.id)
            # The deciding function's own words, else the helper's (D2, S2, I4, the applicants).
            text = own_text if own_text and own_text.startswith(check_id) else (
                _docstring(helper) or own_text)
            found.setdefault(check_id, CheckDoc(check_id)).add(
                f"{module.__name__}.{node.name}", reference if isinstance(reference, str) else None, text)


def engine_checks() -> dict[str, CheckDoc]:
    """Every check id the engine decides, in the order the programme's supports come."""
    found: dict[str, CheckDoc] = {}
    modules = [general, distance] + [module for ruleset in rulesets()
                                     for module in support_modules(ruleset.supports)]
    for module in dict.fromkeys(modules):
        _checks_in(module, found)
    # Within a support: the numbered criteria in order, then its lettered ones (applicant, amount).
    order = {where: index for index, where in enumerate(dict.fromkeys(
        check.where[0].rsplit(".", 1)[0] for check in found.values()))}
    return dict(sorted(found.items(), key=lambda item: (order[item[1].where[0].rsplit(".", 1)[0]],
                                                        item[0][1].isalpha(), item[0])))


def spec_check_ids(spec_text: str) -> set[str]:
    """The ids the specification numbers: a list item opening with one ("- D1 …")."""
    return set(re.findall(r"(?m)^- ([GDSIHB][0-9])\b", spec_text))


def _support_of(check: CheckDoc) -> str:
    modules = {where.rsplit(".", 1)[0] for where in check.where}
    named = sorted({getattr(sys.modules[name], "SUPPORT", "") for name in modules} - {""})
    return ", ".join(named) or "general prerequisite, run by the supports it names"


def _quotation(texts: list[str]) -> str | None:
    quoted = next((match.group(1) for text in texts for match in [QUOTATION.search(text)] if match), None)
    return quoted.strip(" …") if quoted else None


def _check_section(check: CheckDoc) -> list[str]:
    lines = [f"### {check.id}", "",
             f"- **Support:** {_support_of(check)}",
             f"- **Source:** {'; '.join(check.references) or '—'}",
             f"- **Code:** {', '.join(f'`{where}`' for where in check.where)}"]
    if check.id in ENGINE_ONLY:
        lines.append(f"- **In the specification:** not numbered there; {ENGINE_ONLY[check.id]}")
    quoted = _quotation(check.texts)
    if quoted:
        lines += ["", f"> {quoted}"]
    lines.append("")
    for text in check.texts:
        text = re.sub(rf"^{check.id}\.\s*", "", text)
        # A docstring that opens with the quotation goes on with the reading: the quotation
        # stands above already.
        opening = QUOTATION.match(text)
        if opening and opening.group(1).strip(" …") == quoted:
            text = text[opening.end():].lstrip(" .")
        elif quoted:
            text = QUOTATION.sub(lambda match: "(quoted above)" if match.group(1).strip(" …") == quoted
                                 else match.group(0), text)
        lines += [text or "(The quotation is the rule.)", ""]
    return lines


def _value_text(value) -> str:
    if isinstance(value, list):
        return "; ".join(", ".join(f"{key} {item}" for key, item in band.items()) for band in value)
    return str(value)


def _parameter_rows(parameters: dict) -> list[str]:
    rows = ["| parameter | values (from) | unit | source | quotation |", "| --- | --- | --- | --- | --- |"]
    for name, definition in parameters.items():
        values = "<br>".join(f"{entry['valid_from']}: {_value_text(entry['value'])}"
                             for entry in definition["values"])
        cells = [f"`{name}`", values, definition.get("unit", ""), definition.get("reference", ""),
                 definition.get("quote", "")]
        rows.append("| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |")
    return rows


def render() -> str:
    checks = engine_checks()
    lines = [INTRO.read_text(encoding="utf-8").rstrip(), "",
             "<!-- Everything below is written by `python -m stodkollen.rules_doc`; edit the code, "
             "docs/rules-intro.md or stodkollen/rules_doc.py, then run it. -->", "",
             "## Rulesets", "",
             "| ruleset | in force | supports decided (modules of rules_engine/supports) | source |",
             "| --- | --- | --- | --- |"]
    for ruleset in rulesets():
        lines.append(f"| `{ruleset.id}` | {ruleset.valid_from} – {ruleset.valid_until} | "
                     f"{', '.join(ruleset.supports)} | {ruleset.source} |")
    lines += ["", "## Checks", "",
              "Every check id in a result's `checks`, with the source it cites and the sentence of the "
              "programme or ordinance it implements. **Reading** marks the specification's reading of "
              "a vague text.", ""]
    for check in checks.values():
        lines += _check_section(check)
    lines += ["## The specification's numbering", "",
              "The specification numbers some rules that the engine decides under another id:", "",
              "| spec id | decided as |", "| --- | --- |"]
    lines += [f"| {spec_id} | {text} |" for spec_id, text in SPEC_ONLY.items()]
    lines += ["", "## Parameters", ""]
    for ruleset in rulesets():
        lines += [f"### {ruleset.id}", ""] + _parameter_rows(ruleset.parameters) + [""]
    lines += ["### National amounts", ""] + _parameter_rows(national_parameters()) + [""]
    lines += ["## Supports in results order", "",
              ", ".join(f"`{name}`" for name in rules_engine.SUPPORT_NAMES) + ".", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stodkollen.rules_doc",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail when docs/rules.md is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} är inte aktuell: kör python -m stodkollen.rules_doc", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
