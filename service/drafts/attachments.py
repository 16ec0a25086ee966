"""The documents the applicant uploads in Min ansökan with the application."""

from stodkollen.core.i18n import N_

from . import identity

REGISTRATION_CERTIFICATE = "registreringsbevis"
FINANCIAL_STATEMENTS = "balans_och_resultatrakning"
ANNUAL_REPORT = "arsredovisning"
POWER_OF_ATTORNEY = "fullmakt"

NAMES = {
    REGISTRATION_CERTIFICATE: N_("attachment.registreringsbevis"),
    FINANCIAL_STATEMENTS: N_("attachment.balans_och_resultatrakning"),
    ANNUAL_REPORT: N_("attachment.arsredovisning"),
    POWER_OF_ATTORNEY: N_("attachment.fullmakt"),
}
# Reading: a kommun or public body applies with neither a registreringsbevis nor accounts
# of its own business; every other applicant, or one we do not know, brings both.
WITHOUT_COMPANY_PAPERS = frozenset({"municipality", "public_body"})


def required_attachments(facts: dict, applicant: dict | None = None) -> list[str]:
    """What to bring. Before the applicant has filled in the draft page we cannot tell an
    aktiebolag (its organisation number begins with 5) or whether someone else signs, so
    the årsredovisning and the fullmakt are added then."""
    attachments = []
    if facts.get("applicant_kind") not in WITHOUT_COMPANY_PAPERS:
        attachments += [REGISTRATION_CERTIFICATE, FINANCIAL_STATEMENTS]
    if applicant and identity.is_aktiebolag(applicant["organisation_number"]):
        attachments.append(ANNUAL_REPORT)
    if applicant and applicant["someone_else_signs"]:
        attachments.append(POWER_OF_ATTORNEY)
    return attachments
