"""Staff pressing "draw" at the same moment: real concurrent HTTP requests, one draw (see conftest.py)."""

from datetime import timedelta

from django.utils import timezone

from geo_participation.accounts import roles
from geo_participation.raffle.models import AuditEntry, Raffle, Winner
from tests.concurrency import all_at_once, session_id
from tests.factories import make_user
from tests.factories.raffle import make_raffle, person


def test_two_staff_drawing_at_once_make_one_draw_and_the_other_is_told(race_server):
    raffle = make_raffle(cutoff=timezone.now() - timedelta(minutes=1), prizes=(("Tablet", 1), ("Lautsprecher", 2)),
                         reserves=2)
    for _ in range(12):
        person(confirmed_at=raffle.cutoff - timedelta(days=1))
    sessions = [session_id(make_user(role=roles.STAFF)) for _ in range(2)]
    url = f"/verlosung/{raffle.module.slug}/ziehung/"

    results = all_at_once([lambda s=s: race_server.request("POST", url, session=s) for s in sessions])

    assert sorted(status for status, _body in results) == [302, 400], results
    refused = next(body for status, body in results if status == 400)
    assert "nur einmal gezogen" in refused or "im selben Moment" in refused
    raffle = Raffle.objects.get(pk=raffle.pk)
    assert Winner.objects.filter(raffle=raffle).count() == 5
    assert raffle.audit.filter(action=AuditEntry.Action.DRAWN).count() == 1
    assert raffle.audit.filter(action=AuditEntry.Action.FROZEN).count() == 1
    assert raffle.audit.filter(action=AuditEntry.Action.DRAW_REFUSED).count() == 1


def test_eight_draw_requests_at_once_still_make_one_draw(race_server):
    raffle = make_raffle(cutoff=timezone.now() - timedelta(minutes=1))
    for _ in range(6):
        person(confirmed_at=raffle.cutoff - timedelta(days=1))
    session = session_id(make_user(role=roles.STAFF))
    url = f"/verlosung/{raffle.module.slug}/ziehung/"

    results = all_at_once([lambda: race_server.request("POST", url, session=session) for _ in range(8)])

    assert sorted(status for status, _body in results) == [302] + [400] * 7
    assert Raffle.objects.get(pk=raffle.pk).audit.filter(action=AuditEntry.Action.DRAWN).count() == 1
    assert Winner.objects.filter(raffle=raffle).values("draw").distinct().count() == Winner.objects.count()
