"""The format registry is the one place a format registers (geo_participation/formats.py): what it refuses at
once, what the system check finds (projects/checks.py), and what follows from one declaration: URLs, roles,
moderation, scheduled jobs, navigation, "Wie funktioniert's?"."""

import importlib
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.urls import NoReverseMatch, clear_url_caches, reverse

import geo_participation.urls
from geo_participation import formats
from geo_participation.accounts import roles
from geo_participation.core import moderation
from geo_participation.core.models import SitePage
from geo_participation.formats import Format, ModerationQueue, NavLink
from geo_participation.projects.checks import format_problems
from tests.factories import make_module, make_user


def probe(**fields) -> Format:
    """A format of the tests' own, with a key and an address no real format will take (surveys, a raffle, ...)."""
    defaults = {"key": "probe", "label": "Probeformat", "url_prefix": "probeformat", "description": "Probier etwas aus.",
                "urls": "tests.geo_participation.throwaway_format.urls"}
    return Format(**{**defaults, **fields})


def rebuild_urlconf():
    importlib.reload(geo_participation.urls)  # the root URLconf mounts the registered formats when it is imported
    clear_url_caches()


@pytest.fixture
def registered():
    """Register formats for one test (the URLconf is built anew with them), and take them away afterwards."""
    keys = []

    def register(fmt):
        keys.append(fmt.key)
        formats.register(fmt)
        rebuild_urlconf()
        return fmt

    yield register
    for key in keys:
        formats.unregister(key)
    rebuild_urlconf()


def test_the_formats_of_the_platform_are_declared_without_a_fault():
    keys = [fmt.key for fmt in formats.all_formats()]
    assert len(keys) == len(settings.FORMAT_APPS) and keys[:3] == ["mapping", "feedback", "polls"]  # in FORMAT_APPS' order
    for fmt in formats.all_formats():
        assert format_problems(fmt) == [], fmt.key
    call_command("check", "--fail-level", "ERROR")


def test_a_format_registered_twice_is_refused():
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        formats.register(probe(key="polls", url_prefix="anders"))


def test_a_url_prefix_that_is_taken_is_refused():
    with pytest.raises(ImproperlyConfigured, match="'karte'.*is taken"):
        formats.register(probe(url_prefix="karte"))
    assert "probe" not in dict(formats.choices())


@pytest.mark.parametrize("fields, words", [
    ({"description": ""}, "has no description"), ({"label": " "}, "has no label"), ({"urls": ""}, "has no urls"),
    ({"key": "Umfrage!"}, "Format key"), ({"url_prefix": "Umfrage/2"}, "URL prefix"),
])
def test_a_format_without_a_required_piece_is_refused_at_once(fields, words):
    with pytest.raises(ImproperlyConfigured, match=words):
        formats.register(probe(**fields))
    assert "probe" not in dict(formats.choices())


def test_an_app_in_format_apps_without_a_format_py_is_refused():
    with pytest.raises(ImproperlyConfigured, match="has no format.py"):
        formats.discover(["geo_participation.projects"])


@pytest.mark.django_db
@pytest.mark.parametrize("fields, problem", [
    ({"urls": "tests.geo_participation.throwaway_format.urls_without_page"}, "names no format page 'module-detail'"),
    ({"urls": "tests.geo_participation.throwaway_format.gibt_es_nicht"}, "does not import"),
    ({"api_urls": "tests.geo_participation.throwaway_format.api_gibt_es_nicht"}, "api_urls"),
    ({"demo": "tests.geo_participation.throwaway_format.urls.load"}, "demo"),
    ({"roles": {roles.STAFF: ("mapping.fly_contribution",)}}, "no model of 'mapping' has this permission"),
    ({"roles": {roles.PLANNER: ("proben.view_answer",)}}, "there is no app 'proben'"),
    ({"roles": {"Bürgermeister:in": ("mapping.view_contribution",)}}, "there is no role 'Bürgermeister:in'"),
    ({"moderation": (ModerationQueue("projects.Module", "Formate"),)}, "does not inherit core.moderation.Moderated"),
    ({"moderation": (ModerationQueue("proben.Answer", "Antworten"),)}, "there is no model"),
    ({"jobs": ("probe_aufraeumen",)}, "no management command 'probe_aufraeumen'"),
    ({"nav": (NavLink("Proben", "probe-site:index"),)}, "does not resolve"),
    ({"admin_module_readonly": ("ende",)}, "admin_module_readonly: the module has no field 'ende'"),
    ({"referral_notes": "tests.geo_participation.throwaway_format.urls.notes"}, "referral_notes"),
])
def test_the_check_names_what_is_wrong_with_a_format(fields, problem):
    assert format_problems(probe()) == []
    problems = format_problems(probe(**fields))
    assert len(problems) == 1 and problem in problems[0], problems


@pytest.mark.django_db
def test_one_declaration_mounts_the_format_and_gives_roles_moderation_jobs_and_navigation(registered, client):
    registered(probe(
        roles={roles.PLANNER: ("projects.change_project",)},
        moderation=(ModerationQueue("mapping.Comment", "Kommentare zu Proben"),),
        jobs=("polls_seal_ballots",),
        nav=(NavLink("Alle Proben", "project-list", menu="main"),
             NavLink("Proben auswerten", "project-list", permission="projects.change_module"),),
    ))
    module = make_module(format_key="probe", title="Wie kommst du zur Arbeit?")
    # Pages at /<url_prefix>/<module_slug>/, through the door: visible, and its type offered in the admin.
    assert module.get_absolute_url() == f"/probeformat/{module.slug}/"
    assert "Wie kommst du zur Arbeit?" in client.get(module.get_absolute_url()).content.decode()
    assert ("probe", "Probeformat") in formats.choices()
    # Roles, moderation, jobs.
    assert "projects.change_project" in roles.role_permissions()[roles.PLANNER]
    roles.sync_roles()
    assert roles.group(roles.PLANNER).permissions.filter(codename="change_project").exists()
    assert "Kommentare zu Proben" in [entry.label for entry in moderation.queue_entries()]
    assert "probe: polls_seal_ballots" in run_jobs("--list")
    assert reverse("probe:module-detail", kwargs={"module_slug": module.slug}) == module.get_absolute_url()
    # Navigation: the main menu for everyone, the account menu for those with the permission.
    home = client.get("/").content.decode()
    assert ">Alle Proben</a>" in home and "Proben auswerten" not in home
    client.force_login(make_user(role=roles.STAFF))
    assert ">Proben auswerten</a>" in client.get("/").content.decode()


@pytest.mark.django_db
def test_how_it_works_lists_every_format_with_its_description_german_first(registered, client):
    page = client.get(reverse("page", args=["so-funktionierts"])).content.decode()
    assert "<strong>Karte:</strong> Markiere Orte auf einer Karte" in page
    assert "<strong>Abstimmung:</strong> Gib deine Stimme ab" in page
    assert "<strong>Bewertung:</strong> Sag deine Meinung" in page
    assert page.index("<h2>3. Mitmachen</h2>") < page.index("Markiere Orte") < page.index("<h2>4. Moderation</h2>")
    assert "[Beteiligungsformate]" not in page
    registered(probe())
    assert "<strong>Probeformat:</strong> Probier etwas aus." in client.get(reverse("page", args=["so-funktionierts"])).content.decode()


@pytest.mark.django_db
def test_how_it_works_keeps_the_formats_when_staff_removed_their_line(client):
    client.get(reverse("page", args=["so-funktionierts"]))
    SitePage.objects.filter(slug="so-funktionierts").update(body_de="## Kurz gesagt\nMelde dich an und mach mit.")
    page = client.get(reverse("page", args=["so-funktionierts"])).content.decode()
    assert page.index("Melde dich an und mach mit.") < page.index("So kannst du mitmachen") < page.index("Markiere Orte")


def run_jobs(*args) -> str:
    out = StringIO()
    call_command("run_scheduled_jobs", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_scheduled_jobs_run_one_after_the_other_and_a_failing_one_does_not_stop_the_rest(registered):
    registered(probe(jobs=("probe_gibt_es_nicht",)))
    registered(probe(key="probe_two", url_prefix="probezwei", jobs=("polls_seal_ballots",)))
    with pytest.raises(CommandError, match="probe_gibt_es_nicht"):
        call_command("run_scheduled_jobs", stdout=open("/dev/null", "w"))
    output = run_jobs("--list")
    assert output.index("polls: polls_seal_ballots") < output.index("probe: probe_gibt_es_nicht") < output.index(
        "probe_two: polls_seal_ballots")


def test_a_format_taken_away_is_no_longer_mounted(registered):
    """The fixture's own promise: after a test, nothing of its formats is left in the URLconf."""
    registered(probe())
    assert reverse("probe:module-detail", kwargs={"module_slug": "x"}) == "/probeformat/x/"
    formats.unregister("probe")
    rebuild_urlconf()
    with pytest.raises(NoReverseMatch):
        reverse("probe:module-detail", kwargs={"module_slug": "x"})
