"""The summary before the estimate: every answer so far, to confirm or change."""

from .conversation import Conversation
from .registry import ResponseSpec
from .reply import Reply
from .templates import render_template
from .values import FORM_SLOTS, estimated_value, summary_label

# On the phone a long list cannot be taken in by ear: the facts that weigh most, at most
# five of those answered.
SPOKEN_SUMMARY_SLOTS = ("asker", "municipality", "store_kind", "store_grocery_net_turnover_sek",
                        "store_distance_to_nearest_grocery_store_km",
                        "store_distance_to_nearest_fuel_station_km", "store_opening_hours_per_week",
                        "investment_eligible_costs_sek", "home_delivery_net_cost_sek")
SPOKEN_SUMMARY_LENGTH = 5


def summary_lines(slots: dict, lang: str, spoken: bool) -> list[dict]:
    order = SPOKEN_SUMMARY_SLOTS if spoken else FORM_SLOTS
    estimates = slots.get("approximate_slots")
    lines = [{"label": summary_label(slot, lang),
              "value": estimated_value(slot, slots[slot], estimates, lang, spoken=spoken)}
             for slot in order if slots.get(slot) is not None]
    return lines[:SPOKEN_SUMMARY_LENGTH] if spoken else lines


def summary(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    lines = summary_lines(conversation.slots, conversation.lang, conversation.spoken)
    template = "nlg/summary.phone.j2" if conversation.spoken else "nlg/summary.md.j2"
    return Reply(render_template(template, conversation.lang, lines=lines), spec.buttons)
