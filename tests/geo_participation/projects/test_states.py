from datetime import timedelta

import pytest
from django.utils import timezone

from geo_participation.projects.models import Module
from geo_participation.projects.selectors import home_modules
from tests.factories import make_module


@pytest.mark.django_db
def test_a_format_moves_from_upcoming_to_open_to_closed(project):
    now = timezone.now()
    module = make_module(project=project, start=now + timedelta(days=1), end=now + timedelta(days=2))
    assert module.state_at(now) == Module.State.UPCOMING
    assert module.state_at(now + timedelta(days=1)) == Module.State.OPEN
    assert module.state_at(now + timedelta(days=1, hours=23, minutes=59)) == Module.State.OPEN
    assert module.state_at(now + timedelta(days=2)) == Module.State.CLOSED


@pytest.mark.django_db
def test_results_count_as_published_only_from_the_moment_staff_set(project):
    module = make_module(project=project, state="closed")
    assert not module.results_published
    module.results_published_at = timezone.now() + timedelta(hours=1)
    assert not module.results_published
    module.results_published_at = timezone.now() - timedelta(minutes=1)
    assert module.results_published


@pytest.mark.django_db
def test_home_lists_open_formats_first_then_upcoming_then_published_results(project):
    open_soon_ending = make_module(project=project, state="open", end=timezone.now() + timedelta(days=2))
    open_later = make_module(project=project, state="open")
    upcoming = make_module(project=project, state="upcoming")
    published = make_module(project=project, state="closed", results_published_at=timezone.now())
    unpublished = make_module(project=project, state="closed")
    draft = make_module(project=project, state="open", is_draft=True)

    modules = home_modules()

    assert modules["open"] == [open_soon_ending, open_later]
    assert modules["upcoming"] == [upcoming]
    assert modules["results"] == [published]
    assert unpublished not in modules["results"] and draft not in modules["open"]
