import gzip

import pytest

from geo_participation.core.demo import Progress
from geo_participation.projects.demo import demo_projects_load
from geo_participation.projects.models import Module
from maps.mapping import demo
from maps.mapping.models import Comment, Contribution, Support
from tests.maps.geo.test_gazetteer import OSM

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_extract(tmp_path, monkeypatch):
    path = tmp_path / "extract.osm.gz"
    with gzip.open(path, "wt", encoding="utf-8") as file:
        file.write(OSM)
    monkeypatch.setattr(demo, "OSM_EXTRACT", path)


def test_the_demo_shows_every_state_and_a_second_run_changes_nothing(city, small_extract):
    demo_projects_load()
    demo.load(progress=Progress(total=1, write=lambda _text: None))
    states = {m.slug: (m.state, m.results_published) for m in Module.objects.filter(format_key="mapping")}
    assert states == {"angstraeume-markieren": ("open", False), "hitzepunkte": ("open", False),
                      "ideen-dritte-orte": ("upcoming", False), "ideen-zivilgesellschaft": ("open", False),
                      "standorte-klimasensoren": ("closed", True)}
    ideas = Contribution.objects.filter(module__slug="ideen-zivilgesellschaft")
    assert ideas.filter(status="approved").count() == 8 and len({i.title for i in ideas}) == 8 and not ideas.filter(geometry__isnull=False).exists()
    fear = Contribution.objects.filter(module__slug="angstraeume-markieren")
    assert fear.filter(status="approved").count() >= 300 and fear.filter(status="pending").exists()
    assert not fear.filter(status="approved", district__isnull=True).exists()  # all inside the city
    assert {c.geometry_kind for c in fear} == {"point", "line", "polygon"}
    heat = Contribution.objects.filter(module__slug="hitzepunkte", status="approved").first()
    assert set(heat.attributes) == {"wie_heiss", "tageszeit"}
    counts = (Contribution.objects.count(), Support.objects.count(), Comment.objects.count())
    assert all(counts)
    demo.load(progress=Progress(total=1, write=lambda _text: None))
    assert (Contribution.objects.count(), Support.objects.count(), Comment.objects.count()) == counts
