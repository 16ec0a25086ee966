"""Boundary cases for training: where are the cliffs of the rules for this scenario?

For every threshold along a fact the scenario gives a number for (the thresholds of the
what-if charts, workbench/whatif.py, read from the ruleset in force), three cases: one unit
below, at and one unit above the threshold, everything else as in the scenario. Each carries
the engine's outcome as its expected answer. They are training material, not tests (the engine
grades itself): a trainer quizzes with them, so caseworkers learn where 10 km becomes 10,1 km.

The unit is the smallest step a caseworker writes: 1 kr, 0,1 km, half an hour, 1 article,
1 delivery, 1 year.
"""

from dataclasses import dataclass

from rules_engine import SUPPORT_NAMES, evaluate
from rules_engine.render import fact_label
from stodkollen.core.i18n import DEFAULT_LANGUAGE, N_, translate

from .scenario import Expected, Scenario, slug
from .whatif import VARIABLE_FACTS, _set, fact_value, thresholds, value_formatter, year_of

# The step by the fact's name's ending; a count (articles, deliveries, years) steps by one.
UNITS = (("_sek", 1), ("_km", 0.1), ("hours_per_week", 0.5))
POSITIONS = {"below": N_("boundaries.below"), "at": N_("boundaries.at"), "above": N_("boundaries.above")}


def unit_of(path: str) -> float:
    return next((unit for ending, unit in UNITS if path.endswith(ending)), 1)


@dataclass
class BoundaryCase:
    """One case: the fact, the threshold it sits by, where (below, at, above), and the engine's answer."""

    fact: str
    threshold: str  # the threshold's id, e.g. "distance.grocery_store_min_km"
    threshold_value: float
    position: str
    value: float
    scenario: Scenario  # the scenario with the value set, expecting the engine's answer


def _number(value: float, path: str):
    """A whole number where the fact is one (a count, kronor), else one decimal."""
    return int(round(value)) if float(value).is_integer() or unit_of(path) == 1 else round(value, 1)


def _case(scenario: Scenario, path: str, threshold, limit: float, position: str, value,
          lang: str) -> BoundaryCase:
    facts = _set(scenario.facts, path, value)
    result = evaluate(facts, lang=lang, explain=False)
    expected = {item["support"]: Expected(item["status"], item["amount_sek"]) for item in result["results"]}
    write = value_formatter(path)
    name = translate(N_("boundaries.case_name"), lang, scenario=scenario.name, fact=fact_label(path, lang),
                     value=write(value, lang), position=translate(POSITIONS[position], lang),
                     threshold=write(limit, lang))
    case_id = slug(f"{scenario.id} {path.rpartition('.')[2]} {position} {value}")
    description = translate(N_("boundaries.case_description"), lang, threshold=write(limit, lang),
                            fact=fact_label(path, lang), original=scenario.name)
    return BoundaryCase(path, threshold.id, limit, position, value,
                        Scenario(case_id, name, description, facts, expected))


def boundary_cases(scenario: Scenario, lang: str = DEFAULT_LANGUAGE) -> list[BoundaryCase]:
    """Below, at and above every threshold along each number the scenario gives, in the charts'
    order of facts and rising thresholds. A threshold where the rule's other facts give none
    (the per-delivery cap without a number of deliveries) gives no cases."""
    year, cases = year_of(scenario.facts), []
    for path in VARIABLE_FACTS:
        if type(fact_value(scenario.facts, path)) not in (int, float):
            continue
        unit = unit_of(path)
        for threshold, limit in thresholds(path, year, scenario.facts):
            for position, value in (("below", limit - unit), ("at", limit), ("above", limit + unit)):
                if value >= 0:
                    value = _number(value, path)
                    cases.append(_case(scenario, path, threshold, limit, position, value, lang))
    return cases


def affected_supports(cases: list[BoundaryCase]) -> list[list[str]]:
    """Per case, the supports whose answer differs among the three cases of its threshold: the
    ones the cliff moves (all five where it moves none)."""
    groups: dict[tuple, list[BoundaryCase]] = {}
    for case in cases:
        groups.setdefault((case.fact, case.threshold), []).append(case)
    moved = {}
    for key, group in groups.items():
        moved[key] = [support for support in SUPPORT_NAMES
                      if len({(c.scenario.expected[support].status, c.scenario.expected[support].amount_sek)
                              for c in group}) > 1] or list(SUPPORT_NAMES)
    return [moved[(case.fact, case.threshold)] for case in cases]
