"""HTML pages from service/templates with `_()` bound to our catalogs (the NLG's Jinja2
environment: autoescaped for .html), dates and amounts as a Swedish reader expects them.

The facts and the result are shown with the NLG's own helpers, so the draft page says
exactly what the chat said.
"""

from datetime import datetime

from babel.dates import format_date, format_datetime
from fastapi.responses import HTMLResponse

from service.nlg.results import STATUS_ORDER, amount_phrase, card, named_ruleset
from service.nlg.summary import summary_lines
from service.nlg.templates import environment
from stodkollen.conversation_facts import DIALOGUE_FACTS, slots_from_facts
from stodkollen.core.formatting import BABEL_LOCALES, format_sek
from stodkollen.core.i18n import N_, translate
from workbench.markdown import render_markdown

# Labels the templates choose by code; marked here so that `pybabel extract` finds them.
LABELS = {
    "support_status": {"eligible": N_("draft.support_status.eligible"),
                       "needs_assessment": N_("draft.support_status.needs_assessment"),
                       "insufficient_data": N_("draft.support_status.insufficient_data"),
                       "not_eligible": N_("draft.support_status.not_eligible")},
    "draft_status": {"draft": N_("draft.state.draft"), "handed_over": N_("draft.state.handed_over"),
                     "deleted": N_("draft.state.deleted")},
    "speaker": {"user": N_("caseworker.speaker.user"), "bot": N_("caseworker.speaker.bot")},
    # How a caller asked to get the draft's link (service/phone/delivery.py); sending is ours to do.
    "delivery": {"sms": N_("caseworker.delivery.sms"), "email": N_("caseworker.delivery.email"),
                 "callback": N_("caseworker.delivery.callback")},
    "delivery_tag": {"sms": N_("caseworker.delivery_tag.sms"), "email": N_("caseworker.delivery_tag.email"),
                     "callback": N_("caseworker.delivery_tag.callback")},
}


def fact_lines(facts: dict, lang: str, approximate_facts: list[str] | None = None,
               form_answers: dict | None = None) -> list[dict]:
    """The facts as the chat's summary lists them ("Antal artiklar: 1 500 artiklar"), those
    given as estimates with "ca" ("ca 3 000 000 kr"), after the form's other answers (who is
    asking, the locality)."""
    slots: dict = {"approximate_slots": [DIALOGUE_FACTS[path].slot for path in approximate_facts or []
                                         if path in DIALOGUE_FACTS], **(form_answers or {}),
                   **slots_from_facts(facts)}
    return summary_lines(slots, lang, spoken=False)


def support_cards(result: dict, lang: str) -> list[dict]:
    """Each support as in the chat's result, most hopeful first, with its amount in words."""
    cards = [{**card(support, lang), "amount": amount_phrase(support, lang, format_sek)}
             for support in result["results"]]
    return sorted(cards, key=lambda support: STATUS_ORDER.index(support["status"]))


PAGE_DEFAULT_LANG = "sv"


def lang_query(lang: str, joiner: str = "?") -> str:
    """The query that keeps a page's language on its links ("?lang=en"); none for Swedish."""
    return "" if lang == PAGE_DEFAULT_LANG else f"{joiner}lang={lang}"


def _helpers(lang: str) -> dict:
    locale = BABEL_LOCALES[lang]
    return {"date": lambda value: format_date(value, "long", locale=locale),
            "datetime": lambda value: format_datetime(
                datetime.fromisoformat(value) if isinstance(value, str) else value, "d MMMM y HH:mm",
                locale=locale, tzinfo="Europe/Stockholm"),
            "label": lambda kind, code, **values: translate(LABELS[kind][code], lang, **values),
            "fact_lines": lambda facts, approximate_facts=None, form_answers=None: fact_lines(
                facts, lang, approximate_facts, form_answers),
            "support_cards": lambda result: support_cards(result, lang),
            "named_ruleset": named_ruleset,
            # The bot's replies are Markdown as the widget shows them; anything else is escaped.
            "markdown": render_markdown,
            "in_lang": lambda joiner="?": lang_query(lang, joiner)}


def page(template: str, lang: str = "sv", status_code: int = 200, **context) -> HTMLResponse:
    html = environment(lang).get_template(template).render(**context, **_helpers(lang), lang=lang)
    # Nobody's draft in a shared cache, a search engine or another site's Referer header.
    return HTMLResponse(html, status_code=status_code,
                        headers={"Cache-Control": "no-store", "X-Robots-Tag": "noindex",
                                 "Referrer-Policy": "no-referrer"})
