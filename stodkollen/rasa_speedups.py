"""Two costs Rasa 3.6 pays on every start and every turn that a small machine feels, taken
away without changing what Rasa does. `install()` runs in the process that runs Rasa,
before Rasa is imported (stodkollen/logged.py). Measured in benchmarks/README.md ("Load").

1. Loading the model: the LogisticRegressionClassifier reads its weights with skops, whose
   first import looks up the module of ~750 numpy and scikit-learn types by walking every
   loaded module. After Rasa and TensorFlow are loaded there are thousands, and that walk
   took 28 s here; imported first, the same import takes a fraction of that.
2. Every answer from the action server is checked against Rasa's response schema with
   `jsonschema.validate`, which first checks the schema itself against the JSON Schema
   meta-schema: ~90 ms of CPU per call on this machine, for a schema that never changes.
   We check it once and keep the validator; each answer is still validated in full.
"""

import functools


def _import_skops_first() -> None:
    import skops.io  # noqa: F401  (the import is the point: see 1. above)


def _validate_with_one_validator() -> None:
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    original = RemoteAction._validate_action_result

    @functools.cache
    def validator():
        schema = RemoteAction.action_response_format_spec()
        cls = validator_for(schema)
        cls.check_schema(schema)
        return cls(schema)

    @functools.wraps(original)
    def validate_action_result(self, result: dict) -> bool:
        try:
            validator().validate(result)
        except ValidationError:
            return original(self, result)  # Rasa's own check again, for its explanation of the error
        return True

    RemoteAction._validate_action_result = validate_action_result


def install() -> None:
    _import_skops_first()
    _validate_with_one_validator()
