"""What if one fact were different? Sweep it over a range and chart the supports.

A caseworker sees the cliffs of the rules: the 10 km distance, the 2 MSEK and 11 MSEK
turnover limits, the 30 000 / 50 000 kr investment thresholds, the point where hemsändnings-
bidrag's 100 kr per delivery starts to limit the amount. The thresholds are read from the
ruleset's parameters in force for the scenario's year (never written here), so a new ruleset
moves the lines on the chart by itself; a threshold that depends on another fact (the
per-delivery cap) is computed from the scenario's own facts.

The axis fits the case: it spans the scenario's own value with a margin and every threshold
within reach, unless the caseworker sets the range (in the scenario file's `chart:` or the
web form).
"""

import copy
import html
import io
import math
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # no display: charts are files and web pages

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402  (after choosing the backend)
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator  # noqa: E402
from matplotlib.transforms import ScaledTranslation  # noqa: E402

from rules_engine import SUPPORT_NAMES, evaluate  # noqa: E402
from rules_engine.facts import MONEY, NUMBER, SCHEMA  # noqa: E402
from rules_engine.parameters import parameter_reference, parameters_for_year  # noqa: E402
from rules_engine.render import fact_label, plain  # noqa: E402
from stodkollen.core.formatting import format_hours, format_km, format_number, format_sek  # noqa: E402
from stodkollen.core.i18n import DEFAULT_LANGUAGE, N_, translate  # noqa: E402

from .statuses import status_word  # noqa: E402


def fact_value(facts: dict, path: str):
    """The scenario's own value of a dotted fact, or None when absent or unknown."""
    group, _, key = path.rpartition(".")
    container = facts.get(group) if group else facts
    return container.get(key) if isinstance(container, dict) else None


def _own_number(facts: dict, path: str) -> float | None:
    value = fact_value(facts, path)
    return value if type(value) in (int, float) else None


@dataclass(frozen=True)
class Threshold:
    """A value of a fact where some rule changes its answer."""

    id: str  # the parameter it comes from, e.g. "driftstod.max_turnover_sek"
    # (parameters in force, the scenario's facts) → the value on the fact's axis, or None
    # when the facts do not give it (the per-delivery cap needs the number of deliveries).
    value_of: Callable[[dict, dict], object]
    parameter: str  # whose reference (source) the chart shows


def _parameter(name: str) -> Threshold:
    return Threshold(name, lambda parameters, facts: parameters[name], name)


def _band_start(number: int, id: str) -> Threshold:
    """Where a band of driftstöd's amount formula starts (500 000, 5 000 000, 7 000 000 kr)."""
    return Threshold(id, lambda parameters, facts: parameters["driftstod.bands"][number]["from_sek"],
                     "driftstod.bands")


def _half_prisbasbelopp(parameters: dict, facts: dict):
    return parameters["hemsandning.min_net_cost_share_of_prisbasbelopp"] * parameters["prisbasbelopp"]


def _cap_binds_above_net_cost(parameters: dict, facts: dict):
    """"högst 50 procent av kommunens nettoutgift … dock inte överstiga 100 kronor per hushåll och
    hemsändningstillfälle": above this net cost, 100 kr × the scenario's deliveries is the smaller."""
    deliveries = fact_value(facts, "home_delivery.deliveries")
    if type(deliveries) is not int or deliveries <= 0:
        return None
    cap = parameters["hemsandning.max_per_delivery_sek"] * deliveries
    return cap / parameters["hemsandning.max_share_of_net_cost"]


def _cap_binds_below_deliveries(parameters: dict, facts: dict):
    """The same cap seen along the deliveries: below this many, 100 kr each is less than half the cost."""
    net_cost = fact_value(facts, "home_delivery.net_cost_sek")
    if type(net_cost) is not int or net_cost <= 0:
        return None
    half_of_cost = int(parameters["hemsandning.max_share_of_net_cost"] * net_cost)
    return half_of_cost // parameters["hemsandning.max_per_delivery_sek"]


PER_DELIVERY_CAP = "hemsandning.max_per_delivery_sek"


@dataclass(frozen=True)
class VariableFact:
    """A fact worth varying: the smallest axis that reads well (a choice for readable charts, not a
    rule; the axis grows to the scenario's value and its thresholds), the finest step worth
    drawing, and the thresholds that matter along it."""

    path: str
    least_stop: float
    resolution: float
    thresholds: tuple[Threshold, ...]


VARIABLE_FACTS: dict[str, VariableFact] = {fact.path: fact for fact in (
    VariableFact("store.grocery_net_turnover_sek", 13_000_000, 1, (
        _band_start(0, "driftstod.bands.first"), _parameter("driftstod.small_store_turnover_sek"),
        _band_start(1, "driftstod.bands.flat"), _band_start(2, "driftstod.bands.falling"),
        _parameter("driftstod.max_turnover_sek"))),
    VariableFact("store.distance_to_nearest_grocery_store_km", 30, 0.1,
                 (_parameter("distance.grocery_store_min_km"),)),
    VariableFact("store.distance_to_nearest_fuel_station_km", 40, 0.1, (
        _parameter("distance.fuel_station_min_km_without_grocery_store"),
        _parameter("distance.fuel_station_min_km"))),
    VariableFact("store.opening_hours_per_week", 80, 0.5, (
        _parameter("driftstod.min_hours_per_week_small_store"), _parameter("driftstod.min_hours_per_week"))),
    VariableFact("store.article_count", 3_000, 1, (_parameter("driftstod.min_articles"),)),
    VariableFact("investment.eligible_costs_sek", 200_000, 1, (
        _parameter("investering.high_rate_min_costs_sek"),
        _parameter("investering.base_rate_min_costs_sek"))),
    VariableFact("home_delivery.net_cost_sek", 100_000, 1, (
        Threshold("hemsandning.min_net_cost", _half_prisbasbelopp,
                  "hemsandning.min_net_cost_share_of_prisbasbelopp"),
        Threshold("hemsandning.per_delivery_cap", _cap_binds_above_net_cost, PER_DELIVERY_CAP))),
    VariableFact("home_delivery.deliveries", 1_000, 1, (
        Threshold("hemsandning.per_delivery_cap", _cap_binds_below_deliveries, PER_DELIVERY_CAP),)),
    VariableFact("service_grant.years_already_received", 6, 1, (_parameter("servicebidrag.max_years"),)),
)}

MARGIN = 1.15  # room beyond the scenario's value and the farthest threshold, so neither sits on the edge
REACH = 4  # a threshold farther than this many times the axis would be squeezed to a corner: left out
SAMPLES = 200  # about this many evaluations per chart, plus two at each threshold

STATUS_COLOURS = {"eligible": "#2e7d32", "needs_assessment": "#f9a825",
                  "insufficient_data": "#9e9e9e", "not_eligible": "#c62828"}


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


def year_of(facts: dict) -> int:
    """The year the engine applies to these facts (given, or its default)."""
    return evaluate(facts, explain=False)["year"]


def thresholds(path: str, year: int, facts: dict | None = None) -> list[tuple[Threshold, float]]:
    """The thresholds along a fact, with their values in force for `year` (and, for those that
    depend on other facts, for these facts), in rising order."""
    fact = VARIABLE_FACTS.get(path)
    if fact is None:
        return []
    parameters = parameters_for_year(year)
    found = ((threshold, threshold.value_of(parameters, facts or {})) for threshold in fact.thresholds)
    return sorted(((threshold, plain(value)) for threshold, value in found if value is not None),
                  key=lambda pair: pair[1])


def _nice(span: float) -> float:
    """The step of 1, 2, 2.5 or 5 times a power of ten nearest above `span`."""
    if span <= 0:
        return 1
    power = 10 ** math.floor(math.log10(span))
    return next(power * factor for factor in (1, 2, 2.5, 5, 10) if power * factor >= span)


def chart_range(facts: dict, path: str, year: int, start: float | None = None,
                stop: float | None = None, lang: str = DEFAULT_LANGUAGE) -> tuple[float, float]:
    """The axis: from `start` (default 0) to `stop`, by default far enough to show the scenario's
    own value and every threshold within reach, each with a margin, rounded up to a round number."""
    fact = VARIABLE_FACTS[path]
    start = 0 if start is None else start
    if stop is None:
        own = _own_number(facts, path) or 0
        reach = REACH * max(fact.least_stop, own)
        wanted = [fact.least_stop, own * MARGIN] + [
            value * MARGIN for _, value in thresholds(path, year, facts) if value <= reach]
        farthest = max(wanted)
        unit = _nice(farthest / 10)
        stop = max(start + unit, math.ceil(farthest / unit) * unit)
    if not stop > start >= 0:
        raise ValueError(translate(N_("workbench.error.bad_range"), lang, field=fact_label(path, lang)))
    return start, stop


def default_values(path: str, year: int, facts: dict | None = None, start: float | None = None,
                   stop: float | None = None) -> list[float]:
    """The fact's range in about SAMPLES steps, plus each threshold and the value just past it
    (and the scenario's own value), so a cliff is drawn where it is and not between two samples."""
    fact, facts = VARIABLE_FACTS[path], facts or {}
    start, stop = chart_range(facts, path, year, start, stop)
    step = max(_nice((stop - start) / SAMPLES), fact.resolution)
    count = int(math.floor((stop - start) / step + 1e-9))
    values = {start + number * step for number in range(count + 1)} | {stop}
    just_past = 1 if _is_whole(path) else 0.1
    for _, value in thresholds(path, year, facts):
        values.update(value for value in (value, value + just_past) if start <= value <= stop)
    own = _own_number(facts, path)
    if own is not None and start <= own <= stop:
        values.add(own)
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


def value_formatter(path: str) -> Callable[[float, str], str]:
    """How a value of the fact is written: "120 000 kr", "10,5 km", "45 timmar per vecka", "1 000"."""
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


def spread(wanted: list[float], width: float, low: float, high: float) -> list[float]:
    """Positions as near `wanted` (sorted) as possible, at least `width` apart, within [low, high]:
    a pass to the right pushes each label clear of the one before, a pass to the left pulls them
    back inside the edge. Labels of thresholds close together then stand side by side."""
    placed: list[float] = []
    for value in wanted:
        placed.append(max(value, low, placed[-1] + width) if placed else max(value, low))
    for index in range(len(placed) - 1, -1, -1):
        limit = high if index == len(placed) - 1 else placed[index + 1] - width
        placed[index] = min(placed[index], limit)
    return placed


def _intersect(first, second, pad: float = 1.0) -> bool:
    return (first.x0 < second.x1 + pad and second.x0 < first.x1 + pad
            and first.y0 < second.y1 + pad and second.y0 < first.y1 + pad)


def overlapping_texts(figure: Figure) -> list[tuple[str, str]]:
    """Pairs of visible texts whose boxes intersect, after drawing: the chart's promise is none."""
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    texts = [text for text in figure.findobj(Text)
             if text.get_visible() and text.get_text().strip() and text.get_window_extent(renderer).width > 0]
    boxes = [(text.get_text(), text.get_window_extent(renderer)) for text in texts]
    return [(a, b) for index, (a, first) in enumerate(boxes) for b, second in boxes[index + 1:]
            if _intersect(first, second)]


def _ticks_fit(figure: Figure, axes, locator, formatter, low: float, end: float) -> bool:
    """Whether the locator's tick labels stand clear of each other, measured without drawing."""
    renderer = figure.canvas.get_renderer()
    font = FontProperties(size=matplotlib.rcParams["xtick.labelsize"])
    ticks = [tick for tick in locator.tick_values(low, end) if low <= tick <= end]
    centres = [axes.transData.transform((tick, 0))[0] for tick in ticks]
    widths = [renderer.get_text_width_height_descent(formatter(tick, None), font, ismath=False)[0]
              for tick in ticks]
    return all(centres[index + 1] - centres[index] >= (widths[index] + widths[index + 1]) / 2 + 6
               for index in range(len(ticks) - 1))


@dataclass
class Chart:
    """A drawn what-if chart: the figure, the tooltips of its threshold groups, its axis."""

    figure: Figure
    titles: dict[str, str]
    start: float
    stop: float


def whatif_chart(facts: dict, fact_path: str, support_id: str | None = None, lang: str = DEFAULT_LANGUAGE,
                 values=None, id_prefix: str = "", start: float | None = None,
                 stop: float | None = None) -> Chart:
    """The chart as a matplotlib figure (whatif_svg writes it out). Amounts as step lines above,
    statuses as coloured bands below, each threshold a labelled vertical line (id
    "<id_prefix>threshold-<parameter>"), the scenario's own value a dashed line (id
    "<id_prefix>scenario-point"). `start`/`stop` set the axis; `values` the samples exactly."""
    with matplotlib.rc_context({"font.size": 9}):  # sizes are fixed as each text is made
        return _draw(facts, fact_path, support_id, lang, values, id_prefix, start, stop)


def _draw(facts, fact_path, support_id, lang, values, id_prefix, start, stop) -> Chart:
    year = year_of(facts)
    if values is None and fact_path not in VARIABLE_FACTS:
        raise ValueError(translate(N_("workbench.error.not_variable"), lang, field=fact_path))
    values = sorted(values) if values is not None else default_values(fact_path, year, facts, start, stop)
    if not values:
        raise ValueError(translate(N_("workbench.error.no_values"), lang, field=fact_path))
    points = sweep(facts, fact_path, values, lang)
    supports = [support_id] if support_id else _affected_supports(points)
    format_value = value_formatter(fact_path)
    x = [point.value for point in points]
    low, high = x[0], x[-1]
    end = high + ((high - low) or 1) / 100  # the last sample's band gets a visible width

    figure = Figure(figsize=(8, 3.4 + 0.35 * len(supports)))
    FigureCanvasAgg(figure)  # a renderer to measure the labels with
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
        # Above the plot, never over it: a legend inside would hide the threshold labels.
        amount_axes.legend(loc="lower left", bbox_to_anchor=(0, 1.01), ncol=min(3, len(supports)),
                           fontsize=8, frameon=False)

    for row, support in enumerate(supports):
        for run_start, width, status in _status_runs(points, support, end):
            status_axes.broken_barh([(run_start, width)], (row - 0.4, 0.8), color=STATUS_COLOURS[status])
    status_axes.set_yticks(range(len(supports)))
    status_axes.set_yticklabels([translate(f"support.{support}", lang) for support in supports])
    status_axes.set_ylim(len(supports) - 0.5, -0.5)
    label = fact_label(fact_path, lang)
    status_axes.set_xlabel(label[:1].upper() + label[1:])
    status_axes.set_xlim(low, end)
    tick_text = FuncFormatter(lambda value, _: format_value(
        int(value) if _is_whole(fact_path) else value, lang))
    status_axes.xaxis.set_major_formatter(tick_text)
    # As many ticks as fit side by side: "45 timmar per vecka" is wider than "45 km".
    locators = [MaxNLocator(bins, integer=_is_whole(fact_path)) for bins in (6, 5, 4, 3, 2)]
    status_axes.xaxis.set_major_locator(next(
        (locator for locator in locators if _ticks_fit(figure, status_axes, locator, tick_text, low, end)),
        FixedLocator([low, high])))
    # The status legend hangs a fixed distance below the axis label, whatever the axes' height.
    below = ScaledTranslation(0, -0.48, figure.dpi_scale_trans)
    status_axes.legend(handles=[Patch(color=colour, label=status_word(status, lang))
                                for status, colour in STATUS_COLOURS.items()],
                       loc="upper center", bbox_to_anchor=(0.5, 0),
                       bbox_transform=status_axes.transAxes + below,
                       ncol=4, fontsize=8, frameon=False)

    labels = []  # (value, text, size, colour, gid) of each line's label, laid out together below
    titles: dict[str, str] = {}  # the SVG group's id → its tooltip (value and source)
    for threshold, value in thresholds(fact_path, year, facts):
        if not low <= value <= high:
            continue
        gid = f"{id_prefix}threshold-{_dom_id(threshold.id)}"
        titles[gid] = translate(N_("workbench.chart.threshold"), lang, value=format_value(value, lang),
                                reference=parameter_reference(threshold.parameter, year))
        amount_axes.axvline(value, color="#555555", linestyle=":", linewidth=1, gid=gid)
        status_axes.axvline(value, color="#555555", linestyle=":", linewidth=1, gid=f"{gid}-status")
        labels.append((value, format_value(value, lang), 7, "#333333", f"{gid}-label"))

    own = _own_number(facts, fact_path)
    if own is not None and low <= own <= high:
        gid = f"{id_prefix}scenario-point"
        amount_axes.axvline(own, color="#1565c0", linestyle="--", linewidth=1.5, gid=gid)
        own_point = sweep(facts, fact_path, [own], lang)[0]
        for support in supports:
            if own_point.amounts[support] is not None:
                amount_axes.plot([own], [own_point.amounts[support]], "o", color="#1565c0",
                                 gid=f"{gid}-{_dom_id(support)}")
        text = translate(N_("workbench.chart.scenario_point"), lang, value=format_value(own, lang))
        labels.append((own, text, 8, "#1565c0", f"{gid}-label"))
    _place_labels(figure, amount_axes, sorted(labels, key=lambda item: item[0]))
    return Chart(figure, titles, low, high)


def _place_labels(figure: Figure, axes, labels: list) -> None:
    """Each line's label, upright along its line at the top of the plot; labels of lines closer
    than a label's thickness are spread apart, each tied to its line by a thin leader."""
    if not labels:
        return
    pixels_per_point = figure.dpi / 72
    line_x = [axes.transData.transform((value, 0))[0] for value, *_ in labels]
    left, right = axes.transAxes.transform((0, 0))[0], axes.transAxes.transform((1, 0))[0]
    thickness = 11 * pixels_per_point  # an upright label of 7–8 pt with its background
    placed = spread(line_x, thickness, left + thickness / 2, right - thickness / 2)
    for (value, text, size, colour, gid), wanted, at in zip(labels, line_x, placed, strict=True):
        shift = (at - wanted) / pixels_per_point
        axes.annotate(text, (value, 1), xycoords=("data", "axes fraction"),
                      xytext=(shift, -14 if shift else -2),
                      textcoords="offset points", rotation=90, ha="center", va="top", fontsize=size,
                      color=colour, gid=gid,
                      bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none",
                            "alpha": 0.85},
                      arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.5} if shift else None)


def whatif_svg(facts: dict, fact_path: str, support_id: str | None = None, lang: str = DEFAULT_LANGUAGE,
               values=None, id_prefix: str = "", start: float | None = None,
               stop: float | None = None) -> str:
    """The chart (see whatif_chart) as an SVG document with its text kept as text. `id_prefix`
    keeps the ids apart when several charts share one page."""
    salt = f"{id_prefix}{fact_path}{support_id}"
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        chart = whatif_chart(facts, fact_path, support_id, lang, values, id_prefix, start, stop)
        svg = io.StringIO()
        # "tight" also makes room for the legends above and below the axes.
        chart.figure.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
    return _with_titles(svg.getvalue(), chart.titles)


def _with_titles(svg: str, titles: dict[str, str]) -> str:
    """matplotlib writes no <title>; add one to each threshold's group, so hovering over the
    line shows its value and source."""
    for gid, title in titles.items():
        opening = f'<g id="{gid}">'
        svg = svg.replace(opening, f"{opening}\n   <title>{html.escape(title)}</title>", 1)
    return svg
