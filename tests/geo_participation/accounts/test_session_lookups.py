"""Every logged-in request reads its session and its user with prepared SQL: the same answers as Django's own."""

import pytest
from django.contrib.auth import get_user
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from geo_participation.accounts.models import User
from geo_participation.accounts.sessions import SessionStore
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def values(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def request_with(client):
    request = RequestFactory().get("/")
    request.session = SessionStore(client.cookies["sessionid"].value)
    return request


def test_a_logged_in_request_reads_session_and_user_in_two_queries(client, resident):
    client.force_login(resident)
    request = request_with(client)
    with CaptureQueriesContext(connection) as queries:
        user = get_user(request)
    assert len(queries) == 2
    assert user.pk == resident.pk and user.is_authenticated
    assert values(user) == values(User.objects.filter(pk=resident.pk).first())
    assert user.email_confirmed_at.tzinfo is not None


def test_an_expired_session_is_nobody(client, resident):
    client.force_login(resident)
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    request = request_with(client)
    assert not get_user(request).is_authenticated
    assert request.session.session_key is None  # a new key is made if anything is stored, as Django does


def test_an_unknown_or_malformed_session_key_is_nobody(client):
    for key in ("x" * 32, "kurz", "", "'; DROP TABLE django_session; --"):
        request = RequestFactory().get("/")
        request.session = SessionStore(key)
        assert not get_user(request).is_authenticated


def test_a_changed_password_still_ends_other_sessions(client, resident):
    client.force_login(resident)
    resident.set_password("ein ganz neues Passwort")
    resident.save()
    assert not get_user(request_with(client)).is_authenticated


def test_a_deactivated_account_is_logged_out(client, resident):
    client.force_login(resident)
    User.objects.filter(pk=resident.pk).update(is_active=False)
    assert not get_user(request_with(client)).is_authenticated


def test_a_deleted_account_is_logged_out(client, resident):
    client.force_login(resident)
    User.objects.filter(pk=resident.pk).delete()
    assert not get_user(request_with(client)).is_authenticated


def test_get_by_id_answers_as_the_orm_does(resident):
    found = User.objects.get(pk=resident.pk)
    assert values(found) == values(User.objects.filter(pk=resident.pk).first())
    assert not found._state.adding and found._state.db == "default"
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=resident.pk + 1000)


def test_related_managers_keep_their_filters(resident):
    invited = make_user(username="eingeladen")
    invited.referred_by = resident
    invited.save()
    stranger = make_user(username="fremd")
    assert resident.referrals.get(pk=invited.pk) == invited
    with pytest.raises(User.DoesNotExist):
        resident.referrals.get(pk=stranger.pk)  # the fast way would have found the stranger


def test_other_lookups_take_the_orms_way(resident):
    assert User.objects.get(pk=str(resident.pk)) == resident
    assert User.objects.get(username="resi") == resident
    with pytest.raises(ValueError):
        User.objects.get(pk="keine Zahl")


def test_a_migrations_historical_user_takes_the_orms_way(resident):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.test.utils import CaptureQueriesContext

    state = MigrationExecutor(connection).loader.project_state(("accounts", "0002_user_manager"))
    historical = state.apps.get_model("accounts", "User")
    with CaptureQueriesContext(connection) as queries:
        assert historical.objects.get(pk=resident.pk).username == resident.username
    # The ORM names the historical model's own columns, not the prepared statement's list of today's.
    assert isinstance(historical.objects.get(pk=resident.pk), historical) and len(queries) == 1
