"""One voice, German throughout: every German text the site can show speaks with "du", as docs/GLOSSARY.md says.

Found on the walk: the administration mixed English widget help and "Sie" into a "du" site, and the sign-up form said
"Schickt mir den Newsletter" (the plural "ihr", to the team). The checks run over our own catalogues and over the
catalogues of the apps we install (Django, its admin, django-allauth, DRF, django-filter) as the site merges them
(``geo_participation/locale_overrides`` puts their texts into our voice), and crawl every admin page in German for
English left over.
"""

from __future__ import annotations

import gettext
import html
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation

from tests.urlconf import World, routes

ROOT = Path(__file__).resolve().parents[3]
GLOSSARY = ROOT / "docs" / "GLOSSARY.md"

# The formal address, anywhere: capitalised, these words are "Sie"-forms (we write third persons differently, e.g.
# "Die Box steht hier", so that the rule needs no exceptions).
FORMAL = re.compile(r"\b(Sie|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres|Ihnen)\b")
# The plural "ihr" addressed to the team ("Schickt mir den Newsletter", "ihr könnt", "euch"): residents are one
# person, and the platform speaks to one person.
PLURAL = re.compile(r"\b(euch|euer|eure[nmrs]?)\b|\bihr\s+(seid|[a-zäöü]+t)\b"
                    r"|(?:^|[.!?:;(]\s*|,\s+)(?:(?:[Jj]a|[Nn]ein|[Bb]itte),?\s+)?[A-ZÄÖÜa-zäöü][a-zäöüß]+t\s+(mir|mich|uns)\b")
# Glossary terms the check leaves out: words with other meanings in running text (open, count, download), verbs
# German splits ("melde dich an", "gibt frei"), role names the platform words differently ("Planung"), and the
# glossary's long forms where a short one is right ("Konto" for "Nutzerkonto", "E-Mail" for "E-Mail-Adresse").
UNCHECKED_TERMS = {"open", "closed", "vote", "cast a vote", "count", "sign up", "log in", "log out", "e-mail",
                   "account", "approve", "reject", "report", "hide", "planner", "download", "ticket", "okay", "bad",
                   "rating: good"}


def _po_entries(path: Path) -> list[dict]:
    """msgctxt, msgid and the msgstr forms of a .po file (comments and the header left out)."""
    entries, current, key = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current.get("msgid"):
                entries.append(current)
            current, key = {}, None
        elif line.startswith("#,") and "fuzzy" in line:
            current["fuzzy"] = True
        elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d)\])? (".*")$', line):
            key = match[1] if match[2] is None else f"msgstr{match[2]}"
            current[key] = _unquote(match[3])
        elif line.startswith('"') and key:
            current[key] += _unquote(line)
    for entry in entries:
        entry["strings"] = [v for k, v in entry.items() if k.startswith("msgstr")]
    return entries


def _unquote(text: str) -> str:
    import json

    return json.loads(text)


OUR_CATALOGUES = sorted(p for p in ROOT.glob("*/**/locale*/de/LC_MESSAGES/*.po") if ".venv" not in p.parts)


def _problems(text: str) -> list[str]:
    found = [f"formal “{m[0]}”" for m in FORMAL.finditer(text)]
    found += [f"plural address “{m[0].strip()}”" for m in PLURAL.finditer(text)]
    return found


def test_our_catalogues_are_complete_and_speak_with_du():
    assert len(OUR_CATALOGUES) >= 8
    wrong = []
    for path in OUR_CATALOGUES:
        for entry in _po_entries(path):
            if entry.get("fuzzy") or not all(entry["strings"]):
                wrong.append(f"{path.relative_to(ROOT)}: untranslated: {entry['msgid'][:80]!r}")
            for text in entry["strings"]:
                wrong += [f"{path.relative_to(ROOT)}: {problem} in {text[:100]!r}" for problem in _problems(text)]
    assert not wrong, "\n".join(wrong)


def _installed_catalogues(domain: str) -> list[Path]:
    import django

    paths = [Path(django.__file__).parent / "conf" / "locale"]
    paths += [Path(config.path) / "locale" for config in apps.get_app_configs()]
    found = [p / "de" / "LC_MESSAGES" / f"{domain}.mo" for p in paths]
    # Ours are checked above, from their sources; a virtualenv inside the project holds the installed ones.
    return sorted({p for p in found if p.exists() and (not p.is_relative_to(ROOT) or ".venv" in p.parts)})


def _keys(mo: Path):
    with mo.open("rb") as fp:
        catalogue = gettext.GNUTranslations(fp)._catalog
    return [key for key in catalogue if (key[0] if isinstance(key, tuple) else key)]


def test_what_the_installed_apps_say_in_german_is_in_our_voice_too():
    """Django's, the admin's, allauth's, DRF's texts as the site shows them: translated, and with "du"."""
    catalogues = _installed_catalogues("django")
    assert any("allauth" in str(p) for p in catalogues) and any("contrib/admin" in str(p) for p in catalogues)
    merged = DjangoTranslation("de")._catalog
    wrong = []
    for mo in catalogues:
        for key in _keys(mo):
            text = merged.get(key)
            msgid = key[0] if isinstance(key, tuple) else key
            if not text:
                wrong.append(f"{mo.parent.parent.parent.parent.parent.name}: untranslated {msgid[:80]!r}")
            else:
                wrong += [f"{mo.parent.parent.parent.parent.parent.name}: {problem} in {text[:100]!r}"
                          for problem in _problems(text)]
    assert not wrong, f"{len(wrong)} texts (add them to geo_participation/locale_overrides):\n" + "\n".join(wrong)


def test_the_admin_s_scripts_speak_with_du():
    """The admin's JavaScript catalogue (the calendar's time-zone note, the action warnings) as the admin serves it."""
    from django.contrib import admin as admin_app

    locale = Path(admin_app.__file__).parent / "locale"
    merged = DjangoTranslation("de", domain="djangojs", localedirs=[str(locale)])._catalog
    wrong = [f"{problem} in {merged[key][:100]!r}" for key in _keys(locale / "de" / "LC_MESSAGES" / "djangojs.mo")
             for problem in _problems(merged.get(key) or "")]
    assert not wrong, "\n".join(wrong)


def _glossary() -> list[tuple[list[str], list[str]]]:
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] and set(cells[0]) - set("-") and cells[0] != "German (UI)":
            german, english = ([a.strip().strip('"') for a in re.split(r",| / ", c) if a.strip()] for c in cells[:2])
            rows.append((german, english))
    return rows


def test_the_glossary_s_terms_are_the_ones_the_catalogues_use():
    """Where an English text names a glossary term, its German names the glossary's German term (any inflection)."""
    rows = _glossary()
    assert len(rows) > 30
    entries = [e for path in OUR_CATALOGUES if path.name == "django.po" for e in _po_entries(path)]
    wrong = []
    for german, english in rows:
        pairs = zip(english, [[g] for g in german]) if len(german) == len(english) else ((e, german) for e in english)
        for term, words in pairs:
            if term.lower() in UNCHECKED_TERMS:
                continue
            pattern = re.compile(rf"\b{re.escape(term)}(s|es)?\b", re.I)
            stems = [w.split()[-1][:max(4, len(w.split()[-1]) - 3)].lower() for w in words]
            for entry in entries:
                source = re.sub(r"%\(\w+\)[sd]|<[^>]+>", " ", entry["msgid"])
                target = " ".join(entry["strings"]).lower()
                if pattern.search(source) and target and not any(stem in target for stem in stems):
                    wrong.append(f"“{term}” should be “{' / '.join(words)}”: {entry['msgid'][:70]!r} → {target[:80]!r}")
    assert not wrong, "\n".join(wrong)


def test_the_newsletter_is_subscribed_to_not_sent_by_ihr():
    """The walk's example, in words of the glossary ("Newsletter abonnieren")."""
    with translation.override("de"):
        label = translation.gettext("Yes, send me the newsletter about new projects (you can unsubscribe at any time).")
    assert "abonnieren" in label and not _problems(label)


ENGLISH = re.compile(r"\b(the|and|with|your|you|this|please|select|choose|enter|hold|note|raw|currently|clear|"
                     r"disabled|enabled|password-based|after|before|can|will|would|should|there|which)\b", re.I)


@pytest.mark.django_db
def test_every_admin_page_is_german_throughout(client):
    """Every page of the administration (lists, add and change forms of every model), as staff in German: no English
    left in labels, help texts, buttons and messages (what staff typed into fields is data and left out)."""
    world = World()
    client.force_login(world.staff)
    pages, english = 0, {}
    for route in routes():
        if route.namespace != "admin" or not route.name or route.name.endswith(("_delete", "_history", "autocomplete")):
            continue
        for url in world.urls(route) or ([] if route.parameters else [f"/{route.regex}".replace("\\", "")]):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            pages += 1
            page = response.content.decode()
            page = re.sub(r"<(script|style|svg|textarea|select)\b.*?</\1>", " ", page, flags=re.S | re.I)
            page = re.sub(r'\bvalue="[^"]*"', " ", page)  # what is stored, not what the admin says
            texts = re.findall(r'(?:title|aria-label|alt|placeholder)="([^"]*)"', page)
            texts += re.sub(r"<[^>]+>", "\n", page).split("\n")
            for text in (html.unescape(t).strip() for t in texts):
                if text and ENGLISH.search(text):
                    english.setdefault(text[:100], url)
    assert pages > 40
    assert not english, "\n".join(f"{url}: {text!r}" for text, url in english.items())
