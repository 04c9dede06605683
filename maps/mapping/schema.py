"""The attributes of a format as a JSON Schema, and checking a contribution's answers against it (jsonschema)."""

from __future__ import annotations

import json
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from .models import Attribute


def attribute_schema(attributes: list[Attribute]) -> dict:
    """The JSON Schema of a format's attributes; the API publishes it, the server validates with it."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {attribute.key: attribute.json_schema() for attribute in attributes},
        "required": [attribute.key for attribute in attributes if attribute.required],
        "additionalProperties": False,
    }


def _message(error, attributes: dict[str, Attribute]) -> str:
    if error.validator == "additionalProperties":
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return _("Unknown attribute: %(keys)s.") % {"keys": ", ".join(unknown)[:200]}
    if error.validator == "required":
        key = error.message.split("'")[1] if "'" in error.message else ""
        attribute = attributes.get(key)
        return _("%(label)s: please answer this question.") % {"label": attribute.label if attribute else key}
    if error.validator == "type" and not error.path:
        return _("The attributes must be an object of answers.")
    attribute = attributes.get(str(error.path[0])) if error.path else None
    if attribute is None:
        return _("The attributes do not fit this format.")
    if attribute.kind == Attribute.Kind.CHOICE:
        problem = _("please choose one of: %(options)s.") % {"options": ", ".join(value for value, _l in attribute.choices)}
    elif attribute.kind == Attribute.Kind.SCALE:
        problem = _("please give a whole number from %(min)d to %(max)d.") % {"min": attribute.minimum, "max": attribute.maximum}
    elif attribute.kind == Attribute.Kind.YES_NO:
        problem = _("please answer yes (true) or no (false).")
    else:
        problem = _("please write a text of at most 200 characters.")
    return f"{attribute.label}: {problem}"


@lru_cache(maxsize=256)
def _validator(schema_json: str) -> Draft202012Validator:
    # Building a validator cost more than the rest of adding a pin (benchmarks/pins.py); the same schema gives the
    # same validator, and changed attributes give another schema, so another key.
    return Draft202012Validator(json.loads(schema_json))


def attributes_check(values, attributes: list[Attribute]) -> dict:
    """The answers if they fit the schema; otherwise a ValidationError on ``attributes`` naming each question."""
    values = {} if values is None else values
    by_key = {attribute.key: attribute for attribute in attributes}
    validator = _validator(json.dumps(attribute_schema(attributes), sort_keys=True))
    messages = sorted({_message(error, by_key) for error in validator.iter_errors(values)})
    # PostgreSQL cannot store a NUL character in jsonb text: refuse it here, naming the question, not with a 500.
    messages += [_("%(label)s: the text contains a character that is not allowed (NUL).") % {"label": by_key[key].label}
                 for key, value in (values.items() if isinstance(values, dict) else ())
                 if isinstance(value, str) and "\x00" in value and key in by_key]
    if messages:
        raise ValidationError({"attributes": messages})
    return values
