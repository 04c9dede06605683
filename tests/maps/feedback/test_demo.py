import pytest

from geo_participation.accounts.demo import demo_accounts_load
from geo_participation.core.demo import Progress
from geo_participation.projects.demo import demo_projects_load
from maps.feedback import demo
from maps.feedback.models import Feature, Opinion
from maps.feedback.selectors import feature_stats

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_bike_streets_once_and_a_second_run_changes_nothing():
    demo_accounts_load()
    demo_projects_load()
    notes = []
    demo.load(progress=Progress(total=1, write=notes.append))
    features = {f.name: f for f in Feature.objects.all()}
    assert set(features) == {"Rütschhofstraße", "Parkstraße", "Augustastraße"}
    assert features["Rütschhofstraße"].geometry is None  # no invented line
    assert features["Parkstraße"].geometry.num_coords == 16
    assert any("Rütschhofstraße" in note for note in notes)
    opinions = Opinion.objects.all()
    assert 24 <= opinions.count() <= 40
    assert opinions.filter(status="pending").exists() and opinions.filter(status="rejected").exists()
    with_spot = opinions.exclude(point=None)
    assert with_spot.count() >= 6
    for opinion in with_spot:  # every spot lies on its street
        line = opinion.feature.geometry.transform(25832, clone=True)
        assert line.distance(opinion.point.transform(25832, clone=True)) < 0.01
    stats = feature_stats(module=features["Parkstraße"].module)
    assert all(stats[f.pk].total > 0 for f in features.values())

    snapshot = (list(Feature.objects.order_by("pk").values()), list(Opinion.objects.order_by("pk").values()))
    demo.load(progress=Progress(total=1, write=notes.append))
    assert (list(Feature.objects.order_by("pk").values()), list(Opinion.objects.order_by("pk").values())) == snapshot
