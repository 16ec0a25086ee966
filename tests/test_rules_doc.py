"""docs/rules.md is the rules as the code has them, and its check ids are the specification's.

The specification (rules-spec.md) lives with the shared project documents, beside the checkout;
where it and docs/rules.md disagree, the specification rules and the document is fixed.
"""

from pathlib import Path

import pytest
import yaml

from rules_engine import evaluate
from stodkollen import rules_doc

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT.parent / "shared" / "docs" / "rules-spec.md"
CASE_FILES = sorted((ROOT / "tests" / "rules_cases").glob("*.yaml"))


def test_docs_rules_md_is_up_to_date():
    assert rules_doc.OUTPUT.read_text(encoding="utf-8") == rules_doc.render(), \
        "docs/rules.md is out of date: run python -m stodkollen.rules_doc"
    assert rules_doc.main(["--check"]) == 0


def test_every_check_has_a_source_and_its_words():
    checks = rules_doc.engine_checks()
    assert len(checks) >= 20
    assert [check.id for check in checks.values() if not check.references or not check.texts] == []


def test_every_check_a_result_carries_is_documented():
    """The rule cases reach every support's checks: none may be missing from the document,
    which finds them by reading the code."""
    assert CASE_FILES
    documented = set(rules_doc.engine_checks())
    seen = set()
    for path in CASE_FILES:
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            result = evaluate(case["facts"])
            seen |= {check["id"] for support in result["results"] for check in support["checks"]}
    assert len(seen) >= 20
    assert seen - documented == set()


@pytest.mark.skipif(not SPEC.exists(), reason=f"the specification is not beside this checkout ({SPEC})")
def test_check_ids_correspond_to_the_specification():
    spec_ids = rules_doc.spec_check_ids(SPEC.read_text(encoding="utf-8"))
    engine_ids = set(rules_doc.engine_checks())
    assert len(spec_ids) >= 15
    # Numbered in the spec, decided under another id: each said where (docs/rules.md).
    assert spec_ids - engine_ids == set(rules_doc.SPEC_ONLY)
    # The engine's own ids (applicants, amounts, scope, ceiling): each said why.
    assert engine_ids - spec_ids == set(rules_doc.ENGINE_ONLY)


def test_the_spec_ids_are_read_from_its_list_items():
    text = ("## Särskilt driftstöd\n- D1 Mångsidigt utbud …\n- D2 Distance …\n"
            "  - T < 500 000 → 0\nG2 in prose\n")
    assert rules_doc.spec_check_ids(text) == {"D1", "D2"}
