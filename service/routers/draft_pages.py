"""/utkast/{token}: the applicant's printable draft, the form for what the engine does not
need, the way on to Min ansökan, and "Radera" (after a confirmation page).

"Gå vidare till Min ansökan" is a link to /utkast/{token}/overlamna, which records the handover
and answers 303 to the e-service. A link because the page's CSP (`form-action 'self'`) stops a
form from redirecting to another site, and does not govern following a link.

A person follows these links from a chat or an sms, so an unknown, deleted or expired draft is
a Swedish page with a 404, not the API's JSON.

The forms post back to the same secret address, so another site cannot forge them without
the token. Form bodies hold personal data: they are validated and stored, never logged.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from stodkollen.core.i18n import LANGUAGES

from ..dependencies import AppSettings, Handoff, Store, Tracker
from ..drafts.handoff import MinAnsokanHandoff
from ..drafts.lifecycle import complete_draft, delete_draft, find_draft, hand_over_draft
from ..drafts.model import HANDED_OVER, Applicant, Draft
from ..errors import problems
from ..pages import PAGE_DEFAULT_LANG, lang_query, page

router = APIRouter(prefix="/utkast", tags=["draft pages"], include_in_schema=False)
CHECKBOXES = ("someone_else_signs", "consent")
# The confirmation page's "Radera" button sends this; a bare POST only shows the confirmation.
CONFIRMED = "ja"


class NoDraftPage(HTTPException):
    """The link leads to no live draft: unknown, deleted and expired look alike, as in the API."""


def page_draft(token: str, store: Store) -> Draft:
    draft = find_draft(store, token)
    if draft is None:
        raise NoDraftPage(status_code=404)
    return draft


PageDraft = Annotated[Draft, Depends(page_draft)]


async def no_draft_page(request: Request, exc: NoDraftPage) -> HTMLResponse:
    return page("drafts/missing.html", status_code=404)


def install(app: FastAPI) -> None:
    app.add_exception_handler(NoDraftPage, no_draft_page)


# The page is in the conversation's language: the chat's link says "?lang=en", and every link
# and form on the page carries it on (templates: in_lang).
def _page_lang(lang: Annotated[str | None, Query()] = None) -> str:
    return lang if lang in LANGUAGES else PAGE_DEFAULT_LANG


PageLang = Annotated[str, Depends(_page_lang)]


def draft_page(draft: Draft, token: str, handoff: MinAnsokanHandoff, retention_days: int, lang: str, *,
               change: bool = False, saved: bool = False, form: dict | None = None,
               errors: dict | None = None, status_code: int = 200):
    return page("drafts/draft.html", lang, status_code=status_code, draft=draft, token=token,
                instructions=handoff.instructions(draft), form=form or draft.applicant or {},
                errors=errors or {}, change=change, saved=saved, retention_days=retention_days,
                handed_over=draft.status == HANDED_OVER)


@router.get("/{token}")
def show(token: str, draft: PageDraft, handoff: Handoff, settings: AppSettings, lang: PageLang,
         change: Annotated[bool, Query(alias="andra")] = False,
         saved: Annotated[bool, Query(alias="sparat")] = False):
    return draft_page(draft, token, handoff, settings.draft_retention_days, lang, change=change, saved=saved)


@router.post("/{token}")
async def fill_in(token: str, request: Request, draft: PageDraft, store: Store, handoff: Handoff,
                  settings: AppSettings, lang: PageLang):
    posted = await request.form()
    form = {key: value for key, value in posted.items()
            if key in Applicant.__fields__ and key not in CHECKBOXES}
    form.update({box: box in posted for box in CHECKBOXES})  # an unticked box is not sent at all
    try:
        applicant = Applicant(**form)
    except ValidationError as error:
        located = [{**problem, "loc": ("body", *problem["loc"])} for problem in error.errors()]
        errors = {problem["field"]: problem["message"] for problem in problems(located, lang)}
        return draft_page(draft, token, handoff, settings.draft_retention_days, lang, form=form,
                          errors=errors, status_code=422)
    complete_draft(store, draft, applicant)
    # The page says the details are saved, and that message takes the focus (draft_page.js).
    return RedirectResponse(f"/utkast/{token}?sparat=1{lang_query(lang, '&')}#sparat", status_code=303)


@router.get("/{token}/overlamna")
def hand_over(token: str, draft: PageDraft, store: Store, handoff: Handoff, lang: PageLang):
    """Followed from the draft page's link: only now is the draft handed over."""
    if draft.applicant is None:  # nothing to copy yet: back to the form
        return RedirectResponse(f"/utkast/{token}{lang_query(lang)}#uppgifter", status_code=303)
    # No Referer: the draft's address holds its secret, and Min ansökan is another site.
    return RedirectResponse(hand_over_draft(store, handoff, draft).next_url, status_code=303,
                            headers={"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"})


@router.get("/{token}/radera")
def confirm_delete(token: str, draft: PageDraft, lang: PageLang):
    return page("drafts/confirm_delete.html", lang, draft=draft, token=token)


@router.post("/{token}/radera")
def delete(token: str, draft: PageDraft, store: Store, tracker: Tracker, lang: PageLang,
           confirmed: Annotated[str | None, Form(alias="bekrafta")] = None):
    if confirmed != CONFIRMED:  # deleting cannot be undone: only from the confirmation page
        return confirm_delete(token, draft, lang)
    delete_draft(store, tracker, draft)
    return page("drafts/deleted.html", lang, reference=draft.reference)
