"""What every criterion may look at: the validated facts, the parameters in force, the place."""

from .facts import ABSENT
from .places import Municipality, find_municipality, service_plan_settings


class Context(dict):
    """The flat, validated facts (dotted path → value; None = unknown), where a fact not
    asked yet reads as ABSENT, together with the parameters in force for the year.

    A dict underneath because criteria read facts tens of times per evaluation.
    """

    def __init__(self, facts: dict, parameters: dict, year: int):
        super().__init__(facts)
        self.parameters = parameters
        self.year = year
        name = facts.get("municipality")
        self.municipality: Municipality | None = find_municipality(name) if name else None
        self.place_checks: dict[bool, list] = {}  # G0 and G1, shared by the supports

    def __missing__(self, path: str):
        return ABSENT

    def service_plan(self):
        """An explicit answer wins; otherwise the county's settings file fills it in.

        Reading (spec, Places): "A known setting fills municipality_has_service_plan when the
        applicant does not know". We also let it fill an unasked fact, so that nobody is
        asked what the county already knows.
        """
        answer = self["municipality_has_service_plan"]
        if isinstance(answer, bool):
            return answer
        known = service_plan_settings().get(self.municipality.name) if self.municipality else None
        return known if known is not None else answer
