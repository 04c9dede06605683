"""A prepared look-up makes the same instances as the ORM's select_related, with one query and no compiling."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from geo_participation.core.prepared import PreparedLookup
from geo_participation.polls.models import Poll
from geo_participation.projects.models import Module
from maps.mapping.models import MapSettings
from tests.factories import make_module
from tests.factories.polls import make_poll

pytestmark = pytest.mark.django_db

POLL = PreparedLookup(Poll, follow=("module", "module__project"), defer=("module__project__area",),
                      where="{module}.slug = %s")
MODULE = PreparedLookup(Module, follow=("project", "map_settings"), where="{self}.slug = %s")


def values(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields
            if f.attname not in instance.get_deferred_fields()}


def test_the_poll_module_and_project_equal_what_the_orm_reads_in_one_query():
    poll = make_poll(title="Dritte Orte")
    expected = Poll.objects.select_related("module__project").get(pk=poll.pk)

    with CaptureQueriesContext(connection) as queries:
        found = POLL.get(poll.module.slug)
        assert found.module.title == "Dritte Orte" and found.module.project.title == expected.module.project.title
        assert found.module.poll is found  # the one-to-one is cached both ways, as select_related does
    assert len(queries) == 1

    assert values(found) == values(expected)
    assert values(found.module) == values(expected.module)
    assert found.module.start == expected.module.start and found.module.start.tzinfo is not None
    project_values = values(found.module.project)
    assert "area" not in project_values and project_values == {k: v for k, v in values(expected.module.project).items()
                                                               if k != "area"}


def test_a_deferred_field_is_read_when_asked_for():
    poll = make_poll()
    found = POLL.get(poll.module.slug)
    assert found.module.project.get_deferred_fields() == {"area"}
    with CaptureQueriesContext(connection) as queries:
        area = found.module.project.area
    assert len(queries) == 1 and area.equals(poll.module.project.area)


def test_no_row_is_none():
    assert POLL.get("gibt-es-nicht") is None


def test_a_missing_reverse_one_to_one_raises_as_the_orm_does():
    module = make_module(format_key="mapping")
    found = MODULE.get(module.slug)
    with CaptureQueriesContext(connection) as queries, pytest.raises(MapSettings.DoesNotExist):
        found.map_settings  # noqa: B018
    assert len(queries) == 0
    assert found.project.area.equals(module.project.area)  # geometry converted, not deferred here


def test_a_present_reverse_one_to_one_is_cached():
    module = make_module(format_key="mapping")
    MapSettings.objects.create(module=module, photos_enabled=False)
    found = MODULE.get(module.slug)
    with CaptureQueriesContext(connection) as queries:
        assert found.map_settings.photos_enabled is False and found.map_settings.module is found
    assert len(queries) == 0


@pytest.mark.django_db(transaction=True)
def test_threads_read_geometries_side_by_side():
    """Converters are per thread: GEOS's WKB reader, shared between threads, broke under concurrent requests."""
    from django.db import connections

    from geo_participation.core.demo import FIXTURES
    from maps.geo.services import areas_load
    from tests.concurrency import all_at_once

    # The real boundary: thousands of vertices, so that the threads' readers overlap.
    areas_load(boundary_file=FIXTURES / "boundary.geojson", districts_file=FIXTURES / "districts.geojson")
    module = make_module(format_key="mapping")

    def read():
        try:
            for _ in range(25):
                assert MODULE.get(module.slug).project.area.num_points > 1000
        finally:
            connections.close_all()

    all_at_once([read] * 8)


def test_all_rows_in_the_order_given_equal_what_the_orm_reads():
    from maps.mapping.models import Attribute
    from tests.factories.mapping import make_map_module

    module = make_map_module(attributes=())
    for key, kind, weight in (("b", "yes_no", 2), ("a", "scale", 1), ("c", "text", 1)):
        Attribute.objects.create(module=module, key=key, label=key.upper(), kind=kind, weight=weight)
    make_map_module()  # another format's attributes stay out
    attributes = PreparedLookup(Attribute, where="{self}.module_id = %s ORDER BY {self}.weight, {self}.id")

    with CaptureQueriesContext(connection) as queries:
        found = attributes.all(module.pk)
    assert len(queries) == 1
    expected = list(module.map_attributes.all())
    assert [a.key for a in found] == [a.key for a in expected] == ["a", "c", "b"]
    assert [values(a) for a in found] == [values(a) for a in expected]
    assert attributes.all(-1) == []
