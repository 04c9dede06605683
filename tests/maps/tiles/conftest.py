# The planners' fixtures: a fear-space map with a crowded corner, planners' API tokens.
from tests.maps.planning.conftest import bearer, city, fear, token  # noqa: F401
