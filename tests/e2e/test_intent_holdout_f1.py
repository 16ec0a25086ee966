"""Intent F1 on the held-out phrasings (bot/tests/nlu_intents_holdout.yml), parsed by the
running Rasa: the measure the README quotes, with a floor so that a worse model fails CI."""

import httpx
import pytest
from conftest import rasa_token
from nlu_examples import HOLDOUT, HOLDOUT_EN, examples
from sklearn.metrics import f1_score

# Measured 0.966 on the 146 de-duplicated phrasings (README); a model that falls below this fails.
F1_FLOOR = 0.93
# English, bot/tests/nlu_intents_holdout_en.yml: measured 0.907 on 192 phrasings with the English
# training data of issue 14 (Swedish 0.935 with it); the same model serves both languages.
F1_FLOOR_EN = 0.88


@pytest.mark.parametrize("holdout, floor", [(HOLDOUT, F1_FLOOR), (HOLDOUT_EN, F1_FLOOR_EN)], ids=["sv", "en"])
def test_held_out_intents_are_recognised(stack, holdout, floor):
    held_out = examples(holdout)
    assert held_out
    predicted = [httpx.post(f"{stack.settings.rasa_url}/model/parse", params=rasa_token(stack),
                            json={"text": text}, timeout=30).json()["intent"]["name"]
                 for _, text in held_out]
    wanted = [intent for intent, _ in held_out]
    f1 = f1_score(wanted, predicted, average="weighted", zero_division=0)
    print(f"held-out intent F1 (weighted): {f1:.3f} on {len(held_out)} phrasings")
    assert f1 >= floor, [(w, p, t) for w, p, (_, t) in zip(wanted, predicted, held_out, strict=True)
                        if w != p]
