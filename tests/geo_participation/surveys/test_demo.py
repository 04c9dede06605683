"""The demo surveys: the three of the press releases, a few hundred responses each, every answer keeping the
rules, the map answers at their places; the Pfalztheater survey open for the walkthrough of issue 12."""

import pytest
from django.db.models import Count

from geo_participation.accounts.demo import demo_accounts_load
from geo_participation.core.demo import Progress
from geo_participation.projects.demo import demo_projects_load
from geo_participation.projects.models import Module
from geo_participation.surveys.demo import FORECOURT, load
from geo_participation.surveys.models import Answer, Mark, Response
from geo_participation.surveys.selectors import survey_results
from geo_participation.surveys.structure import survey_problems, survey_structure


@pytest.fixture
def demo(db):
    demo_accounts_load()
    demo_projects_load()
    return load(progress=Progress(total=1, write=lambda _line: None))


def test_three_surveys_with_a_few_hundred_responses_each(demo):
    modules = {m.slug: m for m in Module.objects.filter(format_key="surveys")}
    assert set(modules) == {"ampelsymbole", "ausprobierbox-umfrage", FORECOURT}
    counts = dict(Response.objects.values_list("survey__module__slug").annotate(n=Count("pk")))
    assert all(200 <= n <= 500 for n in counts.values()), counts
    assert modules[FORECOURT].is_open and modules[FORECOURT].survey.allow_anonymous
    assert modules["ampelsymbole"].state == "closed" and modules["ampelsymbole"].results_published
    assert modules["ausprobierbox-umfrage"].state == "closed" and not modules["ausprobierbox-umfrage"].results_published
    assert Response.objects.filter(channel="paper").count() > 50
    for module in modules.values():
        assert survey_problems(survey_structure(module.survey)) == []


def test_the_map_answers_lie_inside_their_survey_s_area(demo):
    for module in Module.objects.filter(format_key="surveys"):
        area = module.area
        marks = list(Mark.objects.filter(module=module))
        assert all(area.covers(mark.geometry) for mark in marks)
    assert Mark.objects.filter(module__slug=FORECOURT).count() > 150
    assert Mark.objects.filter(module__slug="ausprobierbox-umfrage").count() > 150


def test_the_results_of_the_demo_read_as_the_story(demo):
    ampel = survey_results(survey_structure(Module.objects.get(slug="ampelsymbole").survey))
    favourite = ampel.questions[0]
    assert max(favourite.rows, key=lambda row: row.count).label == "Ampelpärchen"
    assert Answer.objects.filter(status="pending").exists()  # a few free texts wait for the moderators


def test_a_second_run_changes_nothing(demo):
    before = Response.objects.count()
    assert load(progress=Progress(total=1, write=lambda _line: None)) == "Umfragen schon vorhanden"
    assert Response.objects.count() == before
