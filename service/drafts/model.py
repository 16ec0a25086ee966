"""A draft application: the conversation's facts and the engine's result, what is applied
for and which attachments to bring, and — once the applicant has filled in the draft page —
who applies (personal data, kept only here and only until the draft expires)."""

from dataclasses import dataclass, field
from datetime import datetime

from pydantic import BaseModel, Field, constr, validator

from stodkollen.core.i18n import N_

from . import identity

DRAFT, HANDED_OVER, DELETED = "draft", "handed_over", "deleted"
STATUSES = (DRAFT, HANDED_OVER, DELETED)

ShortText = constr(strip_whitespace=True, min_length=1, max_length=200)


class Applicant(BaseModel):
    """What the engine does not need and the application does; filled in on the draft page,
    never in the chat, so that no personal data enters Rasa's tracker."""

    applicant_name: ShortText = Field(..., description="Company or association name.")
    organisation_number: str = Field(..., description="10 digits with a valid check digit; a sole "
                                     "trader's personnummer is accepted and treated as personal data.")
    contact_person: ShortText
    email: str | None = Field(None, description="E-mail and/or phone.")
    phone: str | None = None
    store_name: ShortText
    store_street: ShortText
    store_postcode: str
    store_town: ShortText
    someone_else_signs: bool = Field(False, description="Someone other than the signatory signs: "
                                     "a fullmakt is then needed.")
    consent: bool = Field(..., description="Consent to keep these details until the draft expires.")

    @validator("organisation_number")
    def _organisation_number(cls, value: str) -> str:
        return identity.organisation_number(value)

    @validator("email", "phone", pre=True)
    def _blank_is_none(cls, value):
        return None if isinstance(value, str) and not value.strip() else value

    @validator("email")
    def _email(cls, value: str | None) -> str | None:
        return value and identity.email(value)

    @validator("phone", always=True)
    def _phone(cls, value: str | None, values: dict) -> str | None:
        # Named on the phone field; only when the e-mail was valid and empty, so that one
        # mistake gets one message.
        if not value and "email" in values and not values["email"]:
            raise ValueError(N_("applicant.error.email_or_phone"))
        return value and identity.phone(value)

    @validator("store_postcode")
    def _postcode(cls, value: str) -> str:
        return identity.postcode(value)

    @validator("consent")
    def _consent(cls, value: bool) -> bool:
        if not value:
            raise ValueError(N_("applicant.error.consent"))
        return value

    class Config:
        extra = "forbid"


@dataclass(frozen=True)
class NewDraft:
    sender: str
    for_caseworker: bool
    facts: dict
    result: dict
    ruleset_id: str
    supports: list[str]
    attachments: list[str]
    token_hash: str
    created_at: datetime
    expires_at: datetime
    # The facts whose number the shop owner gave as an estimate ("runt tre miljoner"): shown
    # with "ca" on the draft pages. The engine ran on the plain number.
    approximate_facts: list[str] = field(default_factory=list)
    # The form's answers the engine does not take, by slot (service/nlg/values.py's
    # FORM_ONLY_KINDS: who is asking, the locality's name): the application needs them too.
    form_answers: dict[str, str] = field(default_factory=dict)
    # Random; the link's token is its HMAC with the link key, kept apart (lifecycle.link_token).
    link_nonce: str = ""


@dataclass(frozen=True)
class Draft:
    id: int
    reference: str
    sender: str | None
    for_caseworker: bool
    status: str
    facts: dict | None
    result: dict | None
    ruleset_id: str | None
    supports: list[str]
    attachments: list[str]
    created_at: datetime
    expires_at: datetime
    applicant: dict | None = None
    completed_at: datetime | None = None
    handed_over_at: datetime | None = None
    deleted_at: datetime | None = None
    # How the applicant asked to get the draft's link when it could not be shown (a phone
    # call): {"channel": "sms" | "email" | "callback", "address", "requested_at"}. The address
    # is personal data, kept with the draft and wiped with it.
    delivery: dict | None = None
    approximate_facts: list[str] | None = None  # fact paths, as NewDraft's; wiped with the facts
    form_answers: dict[str, str] | None = None  # by slot, as NewDraft's; wiped with the facts
    # None for a draft made before links could be made again. Not part of what a draft says,
    # and kept out of its repr, as a half of its link's secret.
    link_nonce: str | None = field(default=None, compare=False, repr=False)
