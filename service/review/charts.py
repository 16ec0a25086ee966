"""SVG charts for the review overview, drawn as the workbench draws its what-if charts
(workbench/whatif.py: matplotlib without a display, text kept as text, no date in the file).

Horizontal bars, one per stage or question, each with its count written at its end, so that
the chart reads without a scale.
"""

import io

import matplotlib

matplotlib.use("Agg")  # no display: charts are files and web pages

from matplotlib.figure import Figure  # noqa: E402  (after choosing the backend)

from stodkollen.core.i18n import N_, translate  # noqa: E402

from .labels import question_label  # noqa: E402
from .summary import FunnelColumn, Share  # noqa: E402

BAR_COLOUR, FAILED_COLOUR = "#1565c0", "#c62828"
MOST_FAILED_SHOWN = 10


def _bars(labels: list[str], counts: list[int], colour: str, title: str, gid: str) -> str:
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": gid, "font.size": 9}):
        figure = Figure(figsize=(8, 0.8 + 0.32 * len(labels)))
        axes = figure.subplots()
        positions = range(len(labels))
        bars = axes.barh(positions, counts, color=colour, gid=gid)
        axes.set_yticks(list(positions))
        axes.set_yticklabels(labels)
        axes.invert_yaxis()  # the first stage on top
        axes.bar_label(bars, padding=3, fontsize=8)
        axes.set_xlim(0, max(counts, default=0) * 1.15 or 1)
        axes.set_title(title, loc="left", fontsize=10)
        axes.xaxis.set_visible(False)
        for side in ("top", "right", "bottom"):
            axes.spines[side].set_visible(False)
        svg = io.StringIO()
        figure.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
    return svg.getvalue()


def funnel_stages(columns: list[FunnelColumn], questions: list[str], lang: str) -> list[tuple[str, int]]:
    """(label, conversations) for each stage of the form, over the columns given."""
    stages = [(translate(N_("review.funnel.started"), lang), sum(column.started for column in columns))]
    stages += [(question_label(question, lang), sum(column.questions[question] for column in columns))
               for question in questions]
    stages += [(translate(N_("review.funnel.result"), lang), sum(column.result for column in columns)),
               (translate(N_("review.funnel.draft"), lang), sum(column.draft for column in columns))]
    return stages


def funnel_svg(columns: list[FunnelColumn], questions: list[str], title: str, lang: str = "sv") -> str:
    stages = funnel_stages(columns, questions, lang)
    return _bars([label for label, _ in stages], [count for _, count in stages], BAR_COLOUR, title,
                 "funnel")


def failed_questions_svg(by_question: list[Share], lang: str = "sv") -> str:
    """The questions with most failed turns, most first."""
    shown = [share for share in by_question if share.failed][:MOST_FAILED_SHOWN]
    return _bars([question_label(share.name, lang) for share in shown], [share.failed for share in shown],
                 FAILED_COLOUR, translate(N_("review.chart.most_failed"), lang), "most-failed")
