"""What every criterion may look at: the validated facts, the parameters in force, the place."""

from dataclasses import dataclass

from .facts import ABSENT
from .places import Municipality, find_municipality, service_plan_settings


@dataclass(frozen=True)
class Context:
    facts: dict  # flat, validated: dotted path → value (None = unknown); absent keys not asked
    parameters: dict  # name → value in force for `year`
    year: int
    year_defaulted: bool  # the applicant gave no year; the result says which one was used

    def __getitem__(self, path: str):
        return self.facts.get(path, ABSENT)

    @property
    def municipality(self) -> Municipality | None:
        name = self["municipality"]
        return find_municipality(name) if name else None

    def service_plan(self):
        """An explicit answer wins; otherwise the county's settings file fills it in.

        Reading (spec, Places): "A known setting fills municipality_has_service_plan when the
        applicant does not know". We also let it fill an unasked fact, so that nobody is
        asked what the county already knows.
        """
        answer = self["municipality_has_service_plan"]
        if isinstance(answer, bool):
            return answer
        municipality = self.municipality
        known = service_plan_settings().get(municipality.name) if municipality else None
        return known if known is not None else answer
