"""Roles are groups with permissions: who may enter the administration and change what there."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from geo_participation.accounts import roles
from geo_participation.accounts.models import User
from geo_participation.core.models import SitePage
from tests.factories import make_user

from .helpers import signup

pytestmark = pytest.mark.django_db

ROLES = ["resident", "moderator", "planner", "staff", "superuser"]


@pytest.fixture
def people(resident, moderator, planner, staff):
    return {"resident": resident, "moderator": moderator, "planner": planner, "staff": staff,
            "superuser": make_user(username="chefin", is_superuser=True, is_staff=True)}


@pytest.fixture
def page(db):
    page, _created = SitePage.objects.update_or_create(slug="impressum", defaults={"title_de": "Impressum", "body_de": "Alt"})
    return page


def test_every_role_is_a_group_with_exactly_the_permissions_roles_py_lists():
    for role, specs in roles.ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        for spec in specs:
            app_label, codename = spec.split(".")
            if codename == "*":
                assert any(g.startswith(f"{app_label}.") for g in granted), spec
            else:
                assert spec in granted, spec
    assert not Group.objects.get(name=roles.RESIDENT).permissions.exists()


def test_roles_that_work_in_the_administration_get_the_staff_flag(resident, moderator, planner, staff):
    assert (resident.is_staff, moderator.is_staff, planner.is_staff, staff.is_staff) == (False, True, True, True)


# url, method, expected status per role (302 for the resident: the admin sends non-staff to its login page)
MATRIX = [
    ("admin:index", "get", {"resident": 302, "moderator": 200, "planner": 200, "staff": 200, "superuser": 200}),
    ("admin:projects_project_add", "get", {"resident": 302, "moderator": 403, "planner": 403, "staff": 200, "superuser": 200}),
    ("admin:projects_module_add", "get", {"resident": 302, "moderator": 403, "planner": 403, "staff": 200, "superuser": 200}),
    # moderators and planners read projects (projects.rules: the team sees drafts too); only staff change them
    ("admin:projects_project_changelist", "get", {"resident": 302, "moderator": 200, "planner": 200, "staff": 200,
                                               "superuser": 200}),
    ("admin:core_barrierreport_changelist", "get", {"resident": 302, "moderator": 403, "planner": 403, "staff": 200, "superuser": 200}),
    ("admin:accounts_user_changelist", "get", {"resident": 302, "moderator": 403, "planner": 403, "staff": 403, "superuser": 200}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name, method, expected", MATRIX, ids=[row[0] for row in MATRIX])
def test_who_may_enter_the_administration_and_what_they_may_do_there(client, people, role, url_name, method, expected):
    client.force_login(people[role])
    response = getattr(client, method)(reverse(url_name))
    assert response.status_code == expected[role]


@pytest.mark.parametrize("role, may_change", [("resident", False), ("moderator", False), ("planner", False),
                                              ("staff", True), ("superuser", True)])
def test_only_staff_change_the_text_of_site_pages(client, people, page, role, may_change):
    client.force_login(people[role])
    response = client.post(reverse("admin:core_sitepage_change", args=[page.pk]),
                           {"title_de": "Impressum", "body_de": "Neu", "title_en": "", "body_en": ""})
    page.refresh_from_db()
    assert (page.body_de == "Neu") is may_change
    assert response.status_code == (302 if may_change or role == "resident" else 403)


@pytest.mark.parametrize("role, may_change", [("resident", False), ("moderator", False), ("planner", False),
                                              ("staff", True), ("superuser", True)])
def test_only_staff_change_projects_and_formats(people, project, module, role, may_change):
    user = people[role]
    assert user.has_perm("projects.change_project") is may_change
    assert user.has_perm("projects.change_module", module) is may_change


@pytest.mark.parametrize("role, may_see", [("resident", False), ("moderator", False), ("planner", False),
                                           ("staff", True), ("superuser", True)])
def test_only_staff_see_barrier_reports(people, role, may_see):
    assert people[role].has_perm("core.view_barrierreport") is may_see


def test_new_sign_ups_land_in_the_resident_group(client):
    signup(client)
    assert list(User.objects.get(username="lena").groups.values_list("name", flat=True)) == [roles.RESIDENT]
