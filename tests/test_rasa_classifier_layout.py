"""Speed-up 12 (stodkollen/rasa_speedups.py): the intent classifier's weights laid out so that
their transpose needs no copy. The probabilities must be the very same numbers, not close ones:
the classifier as Rasa configures it (multinomial, lbfgs) on sparse features like the n-gram
counts, each message scored alone, as Rasa scores a message."""

import numpy
import scipy.sparse
from sklearn.linear_model import LogisticRegression


def test_the_weights_laid_out_give_the_same_probabilities():
    rng = numpy.random.default_rng(12)
    features = scipy.sparse.random(400, 3000, density=0.02, format="csr", random_state=12)
    intents = rng.integers(0, 25, size=400)
    classifier = LogisticRegression(solver="lbfgs", max_iter=100, class_weight="balanced")
    classifier.fit(features, intents)
    messages = [scipy.sparse.random(1, 3000, density=0.03, format="csr", random_state=seed)
                for seed in range(50)]
    as_trained = [classifier.predict_proba(message) for message in messages]

    assert not classifier.coef_.T.flags.c_contiguous  # what made scipy copy the weights each time
    classifier.coef_ = numpy.asfortranarray(classifier.coef_)
    assert classifier.coef_.T.flags.c_contiguous
    for message, probabilities in zip(messages, as_trained, strict=True):
        assert numpy.array_equal(classifier.predict_proba(message), probabilities)
