"""A training session's summary leaves the room: one CSV line per participant, scenario and
support (the decision, the engine's answer, whether they agree, and the engine's deciding check
where the status differed), for a spreadsheet. Semicolons and a byte-order mark, as Swedish Excel
opens a CSV file; amounts as plain whole kronor, so a spreadsheet can sum them."""

import csv
import io

from stodkollen.core.i18n import N_, translate
from workbench.statuses import status_word

from .training import Summary

COLUMNS = (N_("training.csv.participant"), N_("training.csv.scenario"), N_("training.csv.support"),
           N_("training.csv.decided_status"), N_("training.csv.engine_status"),
           N_("training.csv.decided_amount"), N_("training.csv.engine_amount"),
           N_("training.csv.status_agrees"), N_("training.csv.amount_agrees"),
           N_("training.csv.deciding_check"))


def summary_csv(summary: Summary, scenario_names: dict[str, str], lang: str) -> str:
    yes, no = translate(N_("answer.yes"), lang), translate(N_("answer.no"), lang)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([translate(column, lang) for column in COLUMNS])
    for row in summary.rows:
        item = row.score
        writer.writerow([row.participant, scenario_names.get(row.scenario_id, row.scenario_id), item.name,
                         status_word(item.decided_status, lang), status_word(item.engine_status, lang),
                         "" if item.decided_amount is None else item.decided_amount,
                         "" if item.engine_amount is None else item.engine_amount,
                         yes if item.status_agrees else no, yes if item.amount_agrees else no, row.deciding])
    return buffer.getvalue()
