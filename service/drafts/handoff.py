"""Handing a draft over to Min ansökan, Länsstyrelsen's e-service.

Min ansökan has no public API today, so `ExportPackageHandoff` hands the applicant the
package (the draft as JSON), the link and step-by-step instructions: log in, create an
application, choose Länsstyrelsen Västerbotten as recipient, which support, which fields to
copy and which attachments to upload. A client for a real API
would implement `MinAnsokanHandoff` too, submit `package(draft)` and return the case number.
"""

from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass

from service.nlg.results import amount_phrase
from service.nlg.values import summary_label
from stodkollen.core.formatting import format_sek
from stodkollen.core.i18n import N_, translate

from .attachments import NAMES as ATTACHMENT_NAMES
from .model import Draft

PACKAGE_FORMAT = "stodkollen.draft/1"
# The supports worth applying for: what the engine says the applicant can get, or may get
# after Länsstyrelsen's assessment.
APPLIED_STATUSES = ("eligible", "needs_assessment")
# The supports applied for in Min ansökan, Länsstyrelsen's own e-service (each support's apply_to
# text says where it is applied for). Investeringsstöd goes through Jordbruksverket's e-service
# and Hemsändningsbidrag is applied for by the municipality, so the Min ansökan steps leave
# them out and name their own route instead.
MIN_ANSOKAN_SUPPORTS = ("sarskilt_driftstod", "servicebidrag", "betaltjanster")
# The applicant's details in the order Min ansökan asks for them.
COPY_FIELDS = (
    ("applicant_name", N_("draft.field.applicant_name")),
    ("organisation_number", N_("draft.field.organisation_number")),
    ("contact_person", N_("draft.field.contact_person")),
    ("email", N_("draft.field.email")),
    ("phone", N_("draft.field.phone")),
    ("store_name", N_("draft.field.store_name")),
    ("store_street", N_("draft.field.store_street")),
    ("store_postcode", N_("draft.field.store_postcode")),
    ("store_town", N_("draft.field.store_town")),
)


@dataclass(frozen=True)
class Instructions:
    url: str
    steps: list[str]
    supports: list[dict]  # name, amount, apply_to
    fields: list[dict]  # label, value: what to copy into Min ansökan
    attachments: list[str]


@dataclass(frozen=True)
class Receipt:
    method: str
    next_url: str  # where the applicant goes on
    case_number: str | None = None  # from a real API, some day


def applied_supports(result: dict) -> list[dict]:
    return [support for support in result["results"] if support["status"] in APPLIED_STATUSES]


def _fields(draft: Draft, supports: list[dict], lang: str) -> list[dict]:
    fields = [{"label": translate(label, lang), "value": (draft.applicant or {}).get(key)}
              for key, label in COPY_FIELDS]
    fields.append({"label": translate(N_("draft.field.municipality"), lang),
                   "value": draft.facts.get("municipality")})
    fields.append({"label": summary_label("locality", lang),
                   "value": (draft.form_answers or {}).get("locality")})
    fields += [{"label": translate(N_("draft.field.amount"), lang, support=support["name"]),
                "value": support["amount"]} for support in supports if support["amount"]]
    fields.append({"label": translate(N_("draft.field.reference"), lang), "value": draft.reference})
    return [field for field in fields if field["value"]]


def _steps(draft: Draft, supports: list[dict], lang: str) -> list[str]:
    """Min ansökan's steps for the supports applied for there, then one step for each support
    applied for elsewhere, naming its own route."""
    in_min_ansokan = [support["name"] for support in supports if support["in_min_ansokan"]]
    elsewhere = [translate(N_("handoff.step.elsewhere"), lang, support=support["name"],
                           apply_to=support["apply_to"])
                 for support in supports if not support["in_min_ansokan"]]
    if in_min_ansokan:
        choose = [translate(N_("handoff.step.support"), lang, supports=", ".join(in_min_ansokan))]
    elif elsewhere:  # nothing to choose in Min ansökan: the routes named are the way on
        return elsewhere + [translate(N_("handoff.step.attachments"), lang)]
    else:
        choose = [translate(N_("handoff.step.no_support"), lang)]
    return ([translate(N_("handoff.step.open"), lang), translate(N_("handoff.step.create"), lang),
             translate(N_("handoff.step.county"), lang)]
            + choose
            + [translate(N_("handoff.step.fields"), lang), translate(N_("handoff.step.attachments"), lang),
               translate(N_("handoff.step.sign"), lang, reference=draft.reference)]
            + elsewhere)


class MinAnsokanHandoff(ABC):
    @abstractmethod
    def instructions(self, draft: Draft, lang: str = "sv") -> Instructions:
        """How the applicant continues from this draft."""

    @abstractmethod
    def hand_over(self, draft: Draft) -> Receipt:
        """Hand the draft over; the caller marks it handed over."""


class ExportPackageHandoff(MinAnsokanHandoff):
    def __init__(self, min_ansokan_url: str):
        self.url = min_ansokan_url

    def instructions(self, draft: Draft, lang: str = "sv") -> Instructions:
        supports = [{"support": result["support"], "name": result["name"],
                     "amount": amount_phrase(result, lang, format_sek), "apply_to": result["apply_to"],
                     "in_min_ansokan": result["support"] in MIN_ANSOKAN_SUPPORTS}
                    for result in applied_supports(draft.result)]
        return Instructions(self.url, _steps(draft, supports, lang), supports,
                            _fields(draft, supports, lang),
                            [translate(ATTACHMENT_NAMES[name], lang) for name in draft.attachments])

    def hand_over(self, draft: Draft) -> Receipt:
        return Receipt("export_package", self.url)


def package(draft: Draft, instructions: Instructions) -> dict:
    """The draft as one JSON document: what the applicant downloads, and what an API client
    would submit."""
    return {
        "format": PACKAGE_FORMAT, "reference": draft.reference, "status": draft.status,
        "created_at": draft.created_at.isoformat(), "expires_at": draft.expires_at.isoformat(),
        "ruleset_id": draft.ruleset_id, "supports": draft.supports,
        "attachments": [{"id": name, "name": title}
                        for name, title in zip(draft.attachments, instructions.attachments, strict=True)],
        "applicant": draft.applicant, "facts": draft.facts, "result": draft.result,
        # The facts given as estimates: Min ansökan should ask for their exact figures.
        "approximate_facts": draft.approximate_facts or [],
        # The answers that are no engine facts: who is asking, the locality ("Ammarnäs").
        "form_answers": draft.form_answers or {},
        "min_ansokan": asdict(instructions),
    }
