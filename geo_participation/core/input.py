"""What the site takes from outside, checked once for every door before a form, a service or the database sees it.

PostgreSQL refuses NUL in text (a 500 if it gets that far), a lone UTF-16 surrogate cannot be stored at all, and
Python's JSON reader recurses once per level of nesting (a body nested a few thousand levels deep is a
RecursionError). No field of ours takes control characters, so they are refused wherever they come in: query
parameters (``core.middleware.InputCheckMiddleware``), form fields (the same middleware for pages, the parsers in
``core.api`` for the API) and JSON (``json_loads`` here, used by the API's parser and by every ``json.loads`` of
something a person sent). Each refusal is an ``InputRefused`` whose text names the field, in the person's language.
"""

from __future__ import annotations

import json
import re

from django.utils.translation import gettext as _

# JSON nests a few levels in what we accept (a polygon's coordinates inside a body: five); 32 is generous.
MAX_JSON_DEPTH = 32
# Text fields keep tabs and line breaks; nothing else below U+0020, no DEL and no lone surrogates.
_FORBIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# A query parameter is a slug, a number, a search word: no control character at all.
_FORBIDDEN_IN_PARAMETER = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


class InputRefused(ValueError):
    """Input no field of ours accepts; ``str(error)`` says which field and why, for the person who sent it."""

    def __init__(self, message: str, *, code: str, field: str = ""):
        super().__init__(message)
        self.code = code  # invalid_characters, too_deep or invalid_json
        self.field = field


def shown_name(name: str) -> str:
    """A field name as it can be shown back: its forbidden characters as escapes, and not too long."""
    cleaned = _FORBIDDEN_IN_PARAMETER.sub(lambda m: ascii(m[0])[1:-1], name)
    return cleaned if len(cleaned) <= 60 else cleaned[:57] + "…"


def _refuse_characters(field: str, *, parameter: bool) -> InputRefused:
    if parameter:
        message = _("The parameter “%(name)s” contains a control character (such as NUL) or an invalid character; "
                    "please send it without.")
    else:
        message = _("The field “%(name)s” contains a control character (such as NUL) or an invalid character; "
                    "please send it without.")
    return InputRefused(message % {"name": shown_name(field)}, code="invalid_characters", field=field)


def parameters_check(query) -> None:
    """Query parameters (a QueryDict): names and values without control characters."""
    for name, values in query.lists():
        if _FORBIDDEN_IN_PARAMETER.search(name) or any(_FORBIDDEN_IN_PARAMETER.search(v) for v in values):
            raise _refuse_characters(name, parameter=True)


def fields_check(data) -> None:
    """Form fields (a QueryDict): names without control characters, values with tabs and line breaks at most."""
    for name, values in data.lists():
        if _FORBIDDEN_IN_PARAMETER.search(name) or any(
                isinstance(v, str) and _FORBIDDEN_IN_TEXT.search(v) for v in values):
            raise _refuse_characters(name, parameter=False)


def json_check(value) -> None:
    """Parsed JSON: not nested deeper than MAX_JSON_DEPTH, and no control characters in any key or string."""
    stack = [(value, "", 0)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, str):
            if _FORBIDDEN_IN_TEXT.search(item):
                raise _refuse_characters(path or "(body)", parameter=False)
            continue
        if not isinstance(item, (dict, list)):
            continue
        if depth >= MAX_JSON_DEPTH:
            raise _too_deep()
        if isinstance(item, dict):
            for key, child in item.items():
                child_path = f"{path}.{key}" if path else key
                if _FORBIDDEN_IN_PARAMETER.search(key):
                    raise _refuse_characters(child_path, parameter=False)
                stack.append((child, child_path, depth + 1))
        else:
            stack.extend((child, f"{path}[{index}]", depth + 1) for index, child in enumerate(item))


def _too_deep() -> InputRefused:
    return InputRefused(_("The JSON is nested too deeply: at most %(max)d levels are accepted.") % {"max": MAX_JSON_DEPTH},
                        code="too_deep")


def json_loads(text: str | bytes, *, strict: bool = True):
    """JSON a person sent, read and checked (``json_check``); an ``InputRefused`` in words when it is not usable.

    ``strict=False`` reads NaN and Infinity too, for readers that name the field holding them in their own words.
    """
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        value = json.loads(text, parse_constant=None if not strict else _no_constant)
    except RecursionError:
        raise _too_deep() from None
    except (ValueError, UnicodeDecodeError) as error:
        if isinstance(error, InputRefused):
            raise
        raise InputRefused(_("This is not valid JSON."), code="invalid_json") from None
    json_check(value)
    return value


def _no_constant(name: str):
    raise InputRefused(_("This is not valid JSON: %(value)s is not a number in JSON.") % {"value": name},
                       code="invalid_json")
