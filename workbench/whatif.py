"""What if one fact were different? Sweep it over a range and chart the supports.

A caseworker sees the cliffs of the rules: the 10 km distance, the 2 MSEK and 11 MSEK
turnover limits, the 30 000 / 50 000 kr investment thresholds. The thresholds are read from
the ruleset's parameters in force for the scenario's year (never written here), so a new
ruleset moves the lines on the chart by itself.
"""

import copy
import html
import io
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # no display: charts are files and web pages

from matplotlib.figure import Figure  # noqa: E402  (after choosing the backend)
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from rules_engine import SUPPORT_NAMES, evaluate  # noqa: E402
from rules_engine.facts import MONEY, NUMBER, SCHEMA  # noqa: E402
from rules_engine.parameters import parameter_reference, parameters_for_year  # noqa: E402
from rules_engine.render import fact_label, plain  # noqa: E402
from stodkollen.core.formatting import format_hours, format_km, format_number, format_sek  # noqa: E402
from stodkollen.core.i18n import DEFAULT_LANGUAGE, N_, translate  # noqa: E402


@dataclass(frozen=True)
class Threshold:
    """A value of a fact where some rule changes its answer."""

    id: str  # the parameter it comes from, e.g. "driftstod.max_turnover_sek"
    value_of: Callable[[dict], object]  # parameters in force → the value on the fact's axis
    parameter: str  # whose reference (source) the chart shows


def _parameter(name: str) -> Threshold:
    return Threshold(name, lambda parameters: parameters[name], name)


def _band_start(number: int, id: str) -> Threshold:
    """Where a band of driftstöd's amount formula starts (500 000, 5 000 000, 7 000 000 kr)."""
    return Threshold(id, lambda parameters: parameters["driftstod.bands"][number]["from_sek"],
                     "driftstod.bands")


def _half_prisbasbelopp(parameters: dict):
    return parameters["hemsandning.min_net_cost_share_of_prisbasbelopp"] * parameters["prisbasbelopp"]


@dataclass(frozen=True)
class VariableFact:
    """A fact worth varying, the chart's default range (a choice for readable charts, not a
    rule) and the thresholds that matter along it."""

    path: str
    start: float
    stop: float
    step: float
    thresholds: tuple[Threshold, ...]


VARIABLE_FACTS: dict[str, VariableFact] = {fact.path: fact for fact in (
    VariableFact("store.grocery_net_turnover_sek", 0, 13_000_000, 50_000, (
        _band_start(0, "driftstod.bands.first"), _parameter("driftstod.small_store_turnover_sek"),
        _band_start(1, "driftstod.bands.flat"), _band_start(2, "driftstod.bands.falling"),
        _parameter("driftstod.max_turnover_sek"))),
    VariableFact("store.distance_to_nearest_grocery_store_km", 0, 30, 0.5,
                 (_parameter("distance.grocery_store_min_km"),)),
    VariableFact("store.distance_to_nearest_fuel_station_km", 0, 40, 0.5, (
        _parameter("distance.fuel_station_min_km_without_grocery_store"),
        _parameter("distance.fuel_station_min_km"))),
    VariableFact("store.opening_hours_per_week", 0, 80, 1, (
        _parameter("driftstod.min_hours_per_week_small_store"), _parameter("driftstod.min_hours_per_week"))),
    VariableFact("store.article_count", 0, 3_000, 50, (_parameter("driftstod.min_articles"),)),
    VariableFact("investment.eligible_costs_sek", 0, 200_000, 2_000, (
        _parameter("investering.high_rate_min_costs_sek"),
        _parameter("investering.base_rate_min_costs_sek"))),
    VariableFact("home_delivery.net_cost_sek", 0, 100_000, 1_000, (
        Threshold("hemsandning.min_net_cost", _half_prisbasbelopp,
                  "hemsandning.min_net_cost_share_of_prisbasbelopp"),)),
    VariableFact("service_grant.years_already_received", 0, 6, 1, (_parameter("servicebidrag.max_years"),)),
)}

STATUS_COLOURS = {"eligible": "#2e7d32", "needs_assessment": "#f9a825",
                  "insufficient_data": "#9e9e9e", "not_eligible": "#c62828"}
STATUS_LABELS = {"eligible": N_("workbench.status.eligible"),
                 "needs_assessment": N_("workbench.status.needs_assessment"),
                 "insufficient_data": N_("workbench.status.insufficient_data"),
                 "not_eligible": N_("workbench.status.not_eligible")}


@dataclass
class Point:
    """The engine's answer with the fact set to `value`."""

    value: float
    statuses: dict[str, str]
    amounts: dict[str, int | None]


def _is_whole(path: str) -> bool:
    return SCHEMA[path] is not NUMBER


def _set(facts: dict, path: str, value) -> dict:
    changed = copy.deepcopy(facts)
    group, _, key = path.rpartition(".")
    (changed.setdefault(group, {}) if group else changed)[key] = value
    return changed


def fact_value(facts: dict, path: str):
    """The scenario's own value of a dotted fact, or None when absent or unknown."""
    group, _, key = path.rpartition(".")
    return (facts.get(group) or {}).get(key) if group else facts.get(key)


def year_of(facts: dict) -> int:
    """The year the engine applies to these facts (given, or its default)."""
    return evaluate(facts, explain=False)["year"]


def thresholds(path: str, year: int) -> list[tuple[Threshold, float]]:
    """The thresholds along a fact, with their values in force for `year`, in rising order."""
    fact = VARIABLE_FACTS.get(path)
    if fact is None:
        return []
    parameters = parameters_for_year(year)
    return sorted(((threshold, plain(threshold.value_of(parameters))) for threshold in fact.thresholds),
                  key=lambda pair: pair[1])


def default_values(path: str, year: int) -> list[float]:
    """The fact's default range, plus each threshold and the value just past it, so that a
    cliff is drawn where it is and not somewhere between two samples."""
    fact = VARIABLE_FACTS[path]
    count = int(round((fact.stop - fact.start) / fact.step))
    values = {fact.start + number * fact.step for number in range(count + 1)}
    just_past = 1 if _is_whole(path) else 0.1
    for _, value in thresholds(path, year):
        values.update({value, value + just_past})
    return sorted(round(value, 1) for value in values)


def sweep(facts: dict, fact_path: str, values, lang: str = DEFAULT_LANGUAGE) -> list[Point]:
    """Evaluate the facts once per value of `fact_path`; the other facts stay as they are.
    Raises ValueError for a fact that is no number of the contract, FactsError for bad facts."""
    if fact_path not in SCHEMA or SCHEMA[fact_path] not in (NUMBER, MONEY):
        raise ValueError(translate(N_("workbench.error.not_variable"), lang, field=fact_path))
    points = []
    for value in values:
        value = int(round(value)) if _is_whole(fact_path) else float(value)
        result = evaluate(_set(facts, fact_path, value), lang=lang, explain=False)
        points.append(Point(value, {r["support"]: r["status"] for r in result["results"]},
                            {r["support"]: r["amount_sek"] for r in result["results"]}))
    return points


def _formatter(path: str) -> Callable[[float, str], str]:
    if path.endswith("_sek"):
        return format_sek
    if path.endswith("_km"):
        return format_km
    if path.endswith("hours_per_week"):
        return format_hours
    return format_number


def _affected_supports(points: list[Point]) -> list[str]:
    """The supports whose status or amount changes along the sweep; all five if none does."""
    changing = [support for support in SUPPORT_NAMES
                if len({(p.statuses[support], p.amounts[support]) for p in points}) > 1]
    return changing or list(SUPPORT_NAMES)


def _dom_id(text: str) -> str:
    return text.replace(".", "-").replace("_", "-")


def _status_runs(points: list[Point], support: str, end: float):
    """(start, width, status) for each stretch of the axis with one status."""
    runs = []
    for index, point in enumerate(points):
        stop = points[index + 1].value if index + 1 < len(points) else end
        status = point.statuses[support]
        if runs and runs[-1][2] == status:
            runs[-1][1] = stop - runs[-1][0]
        else:
            runs.append([point.value, stop - point.value, status])
    return runs


def whatif_svg(facts: dict, fact_path: str, support_id: str | None = None, lang: str = DEFAULT_LANGUAGE,
               values=None, id_prefix: str = "") -> str:
    """An SVG chart: amounts as step lines above, statuses as coloured bands below, each
    threshold a labelled vertical line (SVG id "<id_prefix>threshold-<parameter>"), and the
    scenario's own value a dashed line (id "<id_prefix>scenario-point"). `id_prefix` keeps the
    ids apart when several charts share one page."""
    year = year_of(facts)
    if values is None and fact_path not in VARIABLE_FACTS:
        raise ValueError(translate(N_("workbench.error.not_variable"), lang, field=fact_path))
    values = sorted(values) if values is not None else default_values(fact_path, year)
    if not values:
        raise ValueError(translate(N_("workbench.error.no_values"), lang, field=fact_path))
    points = sweep(facts, fact_path, values, lang)
    supports = [support_id] if support_id else _affected_supports(points)
    format_value = _formatter(fact_path)
    x = [point.value for point in points]
    span = (x[-1] - x[0]) or 1
    end = x[-1] + span / 100  # the last sample's band gets a visible width

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": f"{id_prefix}{fact_path}{support_id}",
                                "font.size": 9}):
        figure = Figure(figsize=(8, 3.2 + 0.35 * len(supports)))
        amount_axes, status_axes = figure.subplots(
            2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 0.45 * len(supports) + 0.2]})
        for support in supports:
            amounts = [p.amounts[support] if p.amounts[support] is not None else float("nan") for p in points]
            amount_axes.step(x, amounts, where="post", label=translate(f"support.{support}", lang),
                             gid=f"{id_prefix}amount-{_dom_id(support)}")
        amount_axes.set_ylabel(translate(N_("workbench.chart.amount"), lang))
        amount_axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: format_sek(int(value), lang)))
        amount_axes.set_ylim(bottom=0)
        amount_axes.grid(axis="y", alpha=0.3)
        if any(p.amounts[s] is not None for p in points for s in supports):
            amount_axes.legend(loc="upper right", fontsize=8)

        for row, support in enumerate(supports):
            for start, width, status in _status_runs(points, support, end):
                status_axes.broken_barh([(start, width)], (row - 0.4, 0.8), color=STATUS_COLOURS[status])
        status_axes.set_yticks(range(len(supports)))
        status_axes.set_yticklabels([translate(f"support.{support}", lang) for support in supports])
        status_axes.set_ylim(len(supports) - 0.5, -0.5)
        status_axes.legend(handles=[Patch(color=colour, label=translate(STATUS_LABELS[status], lang))
                                    for status, colour in STATUS_COLOURS.items()],
                           loc="upper center", bbox_to_anchor=(0.5, -0.9), ncol=4, fontsize=8, frameon=False)
        label = fact_label(fact_path, lang)
        status_axes.set_xlabel(label[:1].upper() + label[1:])
        status_axes.set_xlim(x[0], end)
        status_axes.xaxis.set_major_locator(MaxNLocator(6))
        status_axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: format_value(
            int(value) if _is_whole(fact_path) else value, lang)))

        titles: dict[str, str] = {}  # the SVG group's id → its tooltip (value and source)
        for threshold, value in thresholds(fact_path, year):
            if not x[0] <= value <= x[-1]:
                continue
            gid = f"{id_prefix}threshold-{_dom_id(threshold.id)}"
            title = translate(N_("workbench.chart.threshold"), lang, value=format_value(value, lang),
                              reference=parameter_reference(threshold.parameter, year))
            amount_axes.axvline(value, color="#555555", linestyle=":", linewidth=1, gid=gid)
            status_axes.axvline(value, color="#555555", linestyle=":", linewidth=1, gid=f"{gid}-status")
            amount_axes.annotate(format_value(value, lang), (value, 1), xycoords=("data", "axes fraction"),
                                 rotation=90, ha="right", va="top", fontsize=7, color="#333333",
                                 gid=f"{gid}-label")
            titles[gid] = title

        own = fact_value(facts, fact_path)
        if isinstance(own, int | float) and not isinstance(own, bool):
            gid = f"{id_prefix}scenario-point"
            amount_axes.axvline(own, color="#1565c0", linestyle="--", linewidth=1.5, gid=gid)
            own_point = sweep(facts, fact_path, [own], lang)[0]
            for support in supports:
                if own_point.amounts[support] is not None:
                    amount_axes.plot([own], [own_point.amounts[support]], "o", color="#1565c0",
                                     gid=f"{gid}-{_dom_id(support)}")
            label = translate(N_("workbench.chart.scenario_point"), lang, value=format_value(own, lang))
            amount_axes.annotate(label,
                                 (own, 0.5), xycoords=("data", "axes fraction"), xytext=(3, 0),
                                 textcoords="offset points", rotation=90, ha="left",
                                 va="center", fontsize=8, color="#1565c0", gid=f"{gid}-label")
        svg = io.StringIO()
        # "tight" also makes room for the status legend below the axes.
        figure.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
    return _with_titles(svg.getvalue(), titles)


def _with_titles(svg: str, titles: dict[str, str]) -> str:
    """matplotlib writes no <title>; add one to each threshold's group, so hovering over the
    line shows its value and source."""
    for gid, title in titles.items():
        opening = f'<g id="{gid}">'
        svg = svg.replace(opening, f"{opening}\n   <title>{html.escape(title)}</title>", 1)
    return svg
