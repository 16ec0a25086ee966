"""Speed-up 18 (stodkollen/rasa_speedups.py): the intent classifier's input row built at once.
Messages with the sentence and sequence features of several featurizers (random widths, counts,
value types, repeated entries, empty blocks, other attributes) are turned into the classifier's X
by Rasa's `_create_X` and by ours: the same shape, dtype, entries in the same order and values to
the bit, so the same probabilities from a fitted classifier; dense features are left to Rasa.

Run in a child process: the patches change Rasa for the whole process.
"""

from tests.child_process import answer_of_child

CHILD = """
import json, random
import numpy
from scipy.sparse import coo_matrix
from sklearn.linear_model import LogisticRegression
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

rasas_create_x = LogisticRegressionClassifier._create_X
from stodkollen import rasa_speedups
rasa_speedups._classifier_input_built_at_once()
ours_create_x = LogisticRegressionClassifier._create_X
rng = random.Random(18)
numpy_rng = numpy.random.default_rng(18)
WIDTHS = {"regex": 3, "lexical": 40, "words": 700, "chars": 5000}

def block(rows, width, dtype):
    nnz = rng.randint(0, min(12, width))
    row = numpy_rng.integers(0, rows, nnz)
    col = numpy_rng.integers(0, width, nnz)  # repeated entries now and then
    data = numpy_rng.integers(1, 4, nnz).astype(dtype) if dtype != "float64" else numpy_rng.random(nnz)
    return coo_matrix((data, (row, col)), shape=(rows, width))

def message(dense=False):
    features = []
    for origin, width in WIDTHS.items():
        if rng.random() < 0.8:
            dtype = rng.choice(["float64", "int64", "float32"])
            features.append(Features(block(1, width, dtype), "sentence", "text", origin))
            features.append(Features(block(4, width, dtype), "sequence", "text", origin))
        if rng.random() < 0.2:
            features.append(Features(block(1, width, "float64"), "sentence", "action_name", origin))
    rng.shuffle(features)
    if dense:
        features.append(Features(numpy_rng.random((1, 5)), "sentence", "text", "dense"))
    return Message(data={"text": "x"}, features=features)

def described(matrix):
    return [list(matrix.shape), str(matrix.dtype), matrix.data.tobytes().hex(), matrix.indices.tolist(),
            matrix.indptr.tolist()]

classifier = LogisticRegressionClassifier.__new__(LogisticRegressionClassifier)
width = sum(WIDTHS.values())
fitted = LogisticRegression(max_iter=200).fit(numpy_rng.random((30, width)), [n % 4 for n in range(30)])
differences, compared = [], 0
for n in range(3000):
    m = message(dense=rng.random() < 0.05)
    try:
        rasas = ["returned", described(expected := rasas_create_x(classifier, [m]))]
    except Exception as error:
        rasas, expected = ["raised", type(error).__name__], None
    try:
        ours = ["returned", described(got := ours_create_x(classifier, [m]))]
    except Exception as error:
        ours, got = ["raised", type(error).__name__], None
    compared += 1
    same = rasas == ours
    if same and expected is not None and expected.shape[1] == width:
        same = fitted.predict_proba(expected).tobytes() == fitted.predict_proba(got).tobytes()
    if not same:
        differences.append([n, rasas, ours])
print(json.dumps({"differences": differences[:3], "compared": compared}))
"""


def test_classifier_input_built_at_once_is_rasas_to_the_bit():
    result = answer_of_child(CHILD)
    assert result["differences"] == []
    assert result["compared"] == 3000
