import pycountry
from rest_framework import serializers


class StrictInputSerializer(serializers.Serializer):
    """An input serializer that refuses fields it does not know, instead of silently dropping
    them (a typo such as `unit_pirce` must not pass as an empty price)."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return super().to_internal_value(data)


class IdField(serializers.IntegerField):
    """A database id given by the client: a positive integer that fits a BIGINT."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(**kwargs)


def iso_currency(value: str) -> str:
    """An ISO 4217 code, upper-cased, or a validation error."""
    code = value.upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise serializers.ValidationError(f"'{value}' is not an ISO 4217 currency code.")
    return code
