import pytest
from django.utils import translation

from tests.factories.feedback import make_feature, make_feedback_module


@pytest.fixture
def feedback_module(project):
    return make_feedback_module(project=project)


@pytest.fixture
def park_street(feedback_module):
    return make_feature(module=feedback_module)


@pytest.fixture
def street_without_course(feedback_module):
    return make_feature(module=feedback_module, name="Rütschhofstraße", geometry=None)


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Services and checks are asserted on their English source texts; requests still get German by default."""
    with translation.override("en"):
        yield
