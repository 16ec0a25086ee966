"""A request field that must be a JSON object, as sent."""

from pydantic.errors import DictError


class JsonObject(dict):
    """A JSON object and nothing else. Pydantic's `dict` would take `[]` as `{}` (and
    `[["year", 2018]]` as `{"year": 2018}`): whatever converts to a dict, not what was sent."""

    @classmethod
    def __get_validators__(cls):
        yield cls.validate

    @classmethod
    def __modify_schema__(cls, field_schema: dict) -> None:
        field_schema.update(type="object")

    @classmethod
    def validate(cls, value: object) -> dict:
        if not isinstance(value, dict):
            raise DictError()  # the same refusal, and message, as for any other body that is no object
        return value
