"""The intent held-out set measures what it claims only if it was not written alongside the
training data: no held-out phrasing may be a near copy of a training example."""

import difflib

import pytest
from nlu_examples import HOLDOUT, HOLDOUT_EN, examples, training_examples

NEAR_COPY = 0.85  # difflib's ratio, case folded


@pytest.mark.parametrize("holdout", [HOLDOUT, HOLDOUT_EN], ids=["sv", "en"])
def test_no_held_out_phrasing_is_a_near_copy_of_a_training_example(holdout):
    held_out = examples(holdout)
    training = [text.casefold() for _, text in training_examples()]
    assert len(held_out) >= 100 and training
    matcher = difflib.SequenceMatcher()
    near = []
    for intent, text in held_out:
        matcher.set_seq2(text.casefold())
        for other in training:
            matcher.set_seq1(other)
            if matcher.real_quick_ratio() >= NEAR_COPY and matcher.ratio() >= NEAR_COPY:
                near.append((intent, text, other))
                break
    assert not near, near
