"""A village store that the tests share: the spec's own example, 3 000 000 kr → 166 667 kr."""

STORE = {
    "year": 2018, "applicant_kind": "business", "municipality": "Vindeln",
    "municipality_has_service_plan": True,
    "store": {"sells_groceries": True, "sells_fuel": False, "kind": "grocery_store",
              "grocery_net_turnover_sek": 3_000_000, "article_count": 1500,
              "has_all_product_groups": True, "opening_hours_per_week": 45, "open_year_round": True,
              "distance_to_nearest_grocery_store_km": 25},
}
