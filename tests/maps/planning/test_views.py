"""The workspace at /planung/ and the API tokens on the profile page."""

import pytest

from maps.planning.models import ApiToken


def test_workspace_is_for_planners_and_staff(client, fear, resident, planner, staff_member):
    assert client.get("/planung/").status_code == 302  # to the login
    client.force_login(resident)
    assert client.get("/planung/").status_code == 403
    for user in (planner, staff_member):
        client.force_login(user)
        assert client.get("/planung/").status_code == 200


def test_the_workspace_opens_with_the_heatmap_of_the_first_layer(client, fear, planner):
    client.force_login(planner)
    page = client.get("/planung/")
    html = page.content.decode()
    assert page.context["layer"].key == "angstraeume" and page.context["view"] == "heatmap"
    assert [row["count"] for row in page.context["heat_table"]] == [6]
    assert "Heatmap" in html and "/api/planning/layers/angstraeume/heatmap.png" in html
    assert "/api/planning/layers/angstraeume/export.gpkg?crs=EPSG%3A25832" in html
    assert page.context["workspace_config"]["heatmap"].startswith("/api/planning/layers/angstraeume/heatmap.geojson")
    assert page["Cache-Control"] == "private, no-store"


def test_points_with_filters_and_pending_items(client, fear, planner):
    client.force_login(planner)
    page = client.get("/planung/?layer=angstraeume.alle&view=points&status=pending")
    assert page.status_code == 200
    items = page.context["table"]["items"]
    assert len(items) == 1
    assert "Wartet" in items[0]["values"]
    html = page.content.decode()
    assert "/api/planning/layers/angstraeume.alle/export.geojson?status=pending" in html
    assert "/tiles/angstraeume.alle/{z}/{x}/{y}.mvt?status=pending" in page.context["workspace_config"]["tiles"]


@pytest.mark.parametrize("query, field", [
    ("layer=angstraeume&from=2025-06-01&to=2025-05-01", "to"),
    ("layer=angstraeume&cell=333", "cell"),
    ("layer=angstraeume&category=999999", "category"),
    ("layer=angstraeume&from=kein-datum", "from"),
])
def test_bad_filters_come_back_as_a_form_with_errors(client, fear, planner, query, field):
    client.force_login(planner)
    page = client.get(f"/planung/?{query}")
    assert page.status_code == 400
    assert field in page.context["form"].errors
    assert "<title>Fehler:" in page.content.decode()


def test_a_layer_someone_may_not_see_falls_back_to_the_default(client, fear, planner):
    client.force_login(planner)
    page = client.get("/planung/?layer=gibt-es-nicht&view=points")
    assert page.status_code == 200 and page.context["layer"].key == "angstraeume"


def test_tokens_are_made_shown_once_and_revoked_from_the_profile(client, fear, planner, resident):
    client.force_login(planner)
    profile = client.get("/profil/").content.decode()
    assert 'id="api-tokens"' in profile
    created = client.post("/planung/zugang/", {"name": "QGIS im Büro"})
    assert created.status_code == 200 and created["Cache-Control"] == "no-store"
    secret = created.context["secret"]
    assert secret.startswith("mw_") and secret in created.content.decode()
    token = ApiToken.objects.get(user=planner)
    assert secret not in client.get("/profil/").content.decode()  # never shown again
    assert token.prefix in client.get("/profil/").content.decode()
    assert client.get("/api/planning/layers/angstraeume.alle/licence.txt",
                      HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    client.post(f"/planung/zugang/{token.pk}/widerrufen/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert client.get("/api/planning/layers/angstraeume.alle/licence.txt",
                      HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    client.force_login(resident)
    assert 'id="api-tokens"' not in client.get("/profil/").content.decode()
    assert client.post("/planung/zugang/", {"name": "Versuch"}).status_code == 403
    assert client.post(f"/planung/zugang/{token.pk}/widerrufen/").status_code == 302
    assert not ApiToken.objects.filter(user=resident).exists()


def test_a_token_needs_a_name(client, fear, planner):
    client.force_login(planner)
    response = client.post("/planung/zugang/", {"name": "  "}, follow=True)
    assert not ApiToken.objects.exists()
    assert "Namen" in response.content.decode()


def test_navigation_shows_planning_to_planners_only(client, fear, planner, resident):
    client.force_login(resident)
    assert 'href="/planung/"' not in client.get("/").content.decode()
    client.force_login(planner)
    assert 'href="/planung/"' in client.get("/").content.decode()
