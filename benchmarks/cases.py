"""Random but realistic facts for benchmarks: stores, fuel stations and municipalities."""

import random

from rules_engine.facts import INVESTMENT_PURPOSES, SERVICES
from rules_engine.places import vasterbotten_municipalities


def random_facts(rng: random.Random) -> dict:
    kind = rng.choice(["grocery_store", "grocery_store", "fuel_station", "service_point", "logistics"])
    applicant = rng.choice(["business", "business", "business", "association", "municipality"])
    facts = {
        "year": rng.randint(2018, 2026),
        "applicant_kind": applicant,
        "municipality": rng.choice(vasterbotten_municipalities()).name,
        "in_central_locality": rng.random() < 0.1,
        "municipality_has_service_plan": rng.choice([True, True, False, None]),
        "special_reasons": rng.choice([True, False, None]),
        "store": {
            "sells_groceries": kind != "fuel_station" or rng.random() < 0.3,
            "sells_fuel": kind == "fuel_station" or rng.random() < 0.3,
            "kind": kind,
            "grocery_net_turnover_sek": rng.randint(0, 14_000_000),
            "article_count": rng.randint(200, 4000),
            "has_all_product_groups": rng.random() < 0.8,
            "opening_hours_per_week": round(rng.uniform(10, 80), 1),
            "open_year_round": rng.random() < 0.9,
            "distance_to_nearest_grocery_store_km": round(rng.uniform(0, 60), 1),
            "distance_to_nearest_fuel_station_km": round(rng.uniform(0, 60), 1),
            "grocery_store_in_locality": rng.random() < 0.5,
            "archipelago_without_road": rng.random() < 0.02,
            "services": rng.sample(SERVICES, rng.randint(0, 3)),
            "service_strategic": rng.random() < 0.2,
        },
        "service_grant": {"other_measures_tried": rng.random() < 0.7,
                          "years_already_received": rng.randint(0, 4)},
        "investment": {"planned": rng.random() < 0.6, "eligible_costs_sek": rng.randint(0, 800_000),
                       "purposes": rng.sample(INVESTMENT_PURPOSES, rng.randint(0, 2))},
        "home_delivery": {"net_cost_sek": rng.randint(0, 150_000), "deliveries": rng.randint(0, 3000),
                          "households": rng.randint(1, 60)},
        "payment_services": {"interested": rng.random() < 0.5,
                             "distance_to_nearest_provider_km": round(rng.uniform(0, 80), 1),
                             "estimated_users": rng.randint(0, 2000),
                             "commercial_provider_likely": rng.random() < 0.3},
    }
    # Leave some facts unasked, as in a conversation that is not finished yet.
    for group in ("store", "investment", "home_delivery", "payment_services"):
        for key in list(facts[group]):
            if rng.random() < 0.08:
                del facts[group][key]
    return facts
