"""quantities.readings_kept(): within one request of the action server each reading of a text
is made once, and gives what reading it again would; outside such a request nothing is kept."""

import contextvars

import quantities
import swedish_quantities


def counted_reads(monkeypatch) -> list:
    calls = []
    parse = swedish_quantities.parse

    def counting(text, expected=None):
        calls.append((text, expected))
        return parse(text, expected)

    monkeypatch.setattr(swedish_quantities, "parse", counting)
    return calls


def test_within_a_request_each_reading_is_made_once(monkeypatch):
    calls = counted_reads(monkeypatch)

    def request():
        quantities.readings_kept()
        first = quantities.parse("runt 3 miljoner", "turnover_sek")
        first.append("something the caller adds")  # a list of its own
        again = quantities.parse("runt 3 miljoner", "turnover_sek")
        other = quantities.parse("runt 3 miljoner", "distance_km")
        return first, again, other

    first, again, other = contextvars.copy_context().run(request)
    assert [quantity.value for quantity in again] == [3_000_000] and len(first) == 2
    assert calls == [("runt 3 miljoner", "turnover_sek"), ("runt 3 miljoner", "distance_km")]
    assert again == swedish_quantities.parse("runt 3 miljoner", "turnover_sek")
    assert other == swedish_quantities.parse("runt 3 miljoner", "distance_km")


def test_outside_a_request_every_reading_is_made(monkeypatch):
    calls = counted_reads(monkeypatch)
    quantities.parse("2 mil", "distance_km")
    quantities.parse("2 mil", "distance_km")
    assert len(calls) == 2


def test_the_counts_and_rounds_are_kept_alike():
    def request():
        quantities.readings_kept()
        return [quantities.parse_count("ca 200 hushåll"), quantities.parse_count("ca 200 hushåll"),
                quantities.parse_deliveries("en gång i veckan till 22 hushåll", lang="sv")]

    count, again, deliveries = contextvars.copy_context().run(request)
    assert count is again and count.value == 200
    assert deliveries == quantities.parse_deliveries("en gång i veckan till 22 hushåll")
