"""Texts staff write in German and may give in English too: ``<field>_en`` next to ``<field>``.

``obj.i18n.title`` is the English title for English readers when staff gave one, the German title otherwise; pages
and the API show ``i18n`` texts, forms and the admin edit both fields. A model opts in with
``i18n = TranslatedTexts()`` and an ``<field>_en`` field (blank) for each text.
"""

from django.utils.translation import get_language


class _Texts:
    __slots__ = ("_obj",)

    def __init__(self, obj):
        self._obj = obj

    def __getattr__(self, name):
        german = getattr(self._obj, name)
        if (get_language() or "").startswith("en"):
            english = getattr(self._obj, f"{name}_en", None)
            if english:
                return english
        return german


class TranslatedTexts:
    """The descriptor behind ``obj.i18n``: the texts of ``obj`` in the reader's language (German when missing)."""

    def __get__(self, obj, owner=None):
        return self if obj is None else _Texts(obj)
