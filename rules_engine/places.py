"""Where the sales point is: Sweden's municipalities, Västerbotten's, and their service plans."""

import csv
import difflib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml

from stodkollen.core.place_names import COUNTIES_CSV, MUNICIPALITIES_CSV

DATA = Path(__file__).parent / "data"
VASTERBOTTEN_COUNTY_CODE = "24"
# "Centralorterna Umeå, Skellefteå och Lycksele beskrivs inte närmare i detta program."
# (Definitioner och avgränsningar.) Only there is `in_central_locality` asked.
MUNICIPALITIES_WITH_EXCLUDED_CENTRAL_LOCALITY = frozenset({"Umeå", "Skellefteå", "Lycksele"})


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    county_code: str
    county: str
    lansstyrelse: str
    region: str

    @property
    def in_vasterbotten(self) -> bool:
        return self.county_code == VASTERBOTTEN_COUNTY_CODE

    @property
    def central_locality_excluded(self) -> bool:
        return self.name in MUNICIPALITIES_WITH_EXCLUDED_CENTRAL_LOCALITY


def _normalised(name: str) -> str:
    name = " ".join(name.split()).casefold()
    return name.removesuffix(" kommun")


@cache
def municipalities() -> dict[str, Municipality]:
    """Every Swedish municipality by its normalised name ("umeå", "upplands väsby")."""
    with open(COUNTIES_CSV, encoding="utf-8") as file:
        counties = {row["county_code"]: row for row in csv.DictReader(file)}
    with open(MUNICIPALITIES_CSV, encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    return {
        _normalised(row["name"]): Municipality(
            row["code"], row["name"], row["county_code"], counties[row["county_code"]]["county"],
            counties[row["county_code"]]["lansstyrelse"], counties[row["county_code"]]["region"],
        )
        for row in rows
    }


@lru_cache(maxsize=1024)
def find_municipality(name: str) -> Municipality | None:
    """Exact match up to case, spacing and a trailing "kommun"; fuzzy matching is the
    understanding layer's job, so that the engine never guesses a place."""
    return municipalities().get(_normalised(name))


def similar_names(name: str, limit: int = 3) -> list[str]:
    """Real municipality names close to a misspelt one, for the error message."""
    close = difflib.get_close_matches(_normalised(name), municipalities(), n=limit, cutoff=0.75)
    return [municipalities()[key].name for key in close]


def vasterbotten_municipalities() -> list[Municipality]:
    return sorted((m for m in municipalities().values() if m.in_vasterbotten), key=lambda m: m.name)


@cache
def service_plan_settings() -> dict[str, bool | None]:
    return yaml.safe_load((DATA / "service_plans.yaml").read_text(encoding="utf-8"))
