"""The raffle's writes against PostGIS: the commitment, the frozen ticket list, the draw with its refusals, the
winners' e-mails, handovers and reserves moving up; and that the seed stays secret until the draw."""

import json
import logging
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import RestrictedError
from django.utils import timezone

from geo_participation.accounts import roles
from geo_participation.accounts.models import User
from geo_participation.accounts.services import personal_data_export, user_delete
from geo_participation.raffle import algorithm
from geo_participation.raffle.models import AuditEntry, Participant, Raffle, Ticket, Winner
from geo_participation.raffle.services import (raffle_draw, raffle_freeze, raffle_settings_save, raffles_freeze_due,
                                               winner_handover, winner_not_claimed)
from tests.factories import make_user
from tests.factories.raffle import make_raffle, person

pytestmark = pytest.mark.django_db


def past_raffle(**kwargs) -> Raffle:
    return make_raffle(cutoff=timezone.now() - timedelta(hours=1), **kwargs)


def actions(raffle) -> list[str]:
    return list(raffle.audit.order_by("at", "id").values_list("action", flat=True))


def pot(cutoff, *, residents=6):
    """Residents confirmed a day before the cut-off; the first invited the second and third."""
    before = cutoff - timedelta(days=1)
    people = [person(confirmed_at=before) for _ in range(residents)]
    for friend in people[1:3]:
        User.objects.filter(pk=friend.pk).update(referred_by=people[0])
    return people


def test_a_new_raffle_commits_to_a_secret_seed_at_once_and_ends_its_module_at_the_cut_off():
    cutoff = timezone.now() + timedelta(days=10)
    raffle = make_raffle(cutoff=cutoff)
    assert algorithm.SEED.fullmatch(raffle.seed)
    assert raffle.commitment == algorithm.commitment_of(raffle.seed)
    assert raffle.module.end == cutoff
    assert actions(raffle) == [AuditEntry.Action.COMMITTED]
    assert raffle.commitment in raffle.audit.get().message and raffle.seed not in raffle.audit.get().message
    other = make_raffle(cutoff=cutoff)
    assert other.seed != raffle.seed


def test_settings_cannot_change_from_the_cut_off_on_nor_put_the_cut_off_before_the_start():
    raffle = past_raffle()
    raffle.referral_cap = 50
    with pytest.raises(ValidationError, match="Stichtag ist vorbei"):
        raffle_settings_save(raffle=raffle)
    open_raffle = make_raffle()
    open_raffle.cutoff = open_raffle.module.start - timedelta(minutes=1)
    with pytest.raises(ValidationError) as error:
        raffle_settings_save(raffle=open_raffle)
    assert "cutoff" in error.value.message_dict


def test_freezing_makes_the_ticket_list_of_the_cut_off_with_random_pseudonyms():
    raffle = past_raffle()
    cutoff = raffle.cutoff
    inviter, friend, second_friend, *others = pot(cutoff)
    late = person(confirmed_at=cutoff + timedelta(seconds=1), referred_by=inviter)
    staff = make_user(role=roles.STAFF)
    User.objects.filter(pk=staff.pk).update(email_confirmed_at=cutoff - timedelta(days=3))

    raffle_freeze(raffle=raffle)
    raffle.refresh_from_db()

    participants = {p.user_id: p for p in Participant.objects.filter(raffle=raffle)}
    assert set(participants) == {inviter.pk, friend.pk, second_friend.pk, *(o.pk for o in others)}
    assert late.pk not in participants and staff.pk not in participants
    mine = Ticket.objects.filter(raffle=raffle, participant=participants[inviter.pk])
    assert sorted(mine.values_list("reason", flat=True)) == ["account", "referral", "referral"]
    assert {t.friend.user_id for t in mine if t.friend} == {friend.pk, second_friend.pk}
    assert (raffle.participant_count, raffle.ticket_count) == (6, 8)
    data = raffle.tickets_csv.encode()
    assert raffle.tickets_sha256 == algorithm.sha256_hex(data)
    assert [r.number for r in algorithm.parse_tickets(data)] == list(range(1, 9))
    # pseudonyms: random, not the ids or the e-mail; another raffle gives the same person another one
    pseudonyms = {p.pseudonym for p in participants.values()}
    assert all(algorithm.PSEUDONYM.fullmatch(p) for p in pseudonyms)
    assert not any(str(inviter.pk) == p.lstrip("0") or inviter.username.upper() in p for p in pseudonyms)
    other = past_raffle()
    raffle_freeze(raffle=other)
    assert Participant.objects.get(raffle=other, user=inviter).pseudonym != participants[inviter.pk].pseudonym
    assert actions(raffle)[-1] == AuditEntry.Action.FROZEN


def test_freezing_is_refused_before_the_cut_off_and_done_once_by_the_job():
    raffle = make_raffle()
    with pytest.raises(ValidationError):
        raffle_freeze(raffle=raffle)
    due = past_raffle()
    pot(due.cutoff)
    assert [r.pk for r in raffles_freeze_due()] == [due.pk]
    assert raffles_freeze_due() == []
    assert Ticket.objects.filter(raffle=due).count() == 8


def test_the_draw_publishes_seed_list_and_winners_that_the_published_algorithm_confirms(django_capture_on_commit_callbacks,
                                                                                      mailoutbox):
    raffle = past_raffle(prizes=(("Tablet", 1), ("Lautsprecher", 2)), reserves=2)
    pot(raffle.cutoff, residents=8)
    staff = make_user(role=roles.STAFF)

    with django_capture_on_commit_callbacks(execute=True):
        raffle_draw(raffle=raffle, by=staff)
    raffle.refresh_from_db()

    document = json.loads(raffle.draw_json)
    assert algorithm.verify(document, raffle.tickets_csv.encode()) == []
    assert document["seed"] == raffle.seed and document["commitment"] == raffle.commitment
    winners = list(Winner.objects.filter(raffle=raffle).order_by("draw"))
    assert [(w.prize.name if w.prize else None, w.reserve_rank) for w in winners] == [
        ("Tablet", None), ("Lautsprecher", None), ("Lautsprecher", None), (None, 1), (None, 2)]
    assert len({w.participant_id for w in winners}) == 5  # one prize per person
    assert raffle.module.results_published_at == raffle.drawn_at and raffle.drawn_by == staff
    assert actions(raffle)[-4:] == [AuditEntry.Action.DRAWN] + [AuditEntry.Action.NOTIFIED] * 3
    assert len(mailoutbox) == 3  # the prize winners; reserves only when they move up
    assert all(Winner.objects.get(pk=w.pk).notified_at for w in winners[:3])


def test_winners_are_told_in_their_own_language(django_capture_on_commit_callbacks, mailoutbox):
    raffle = past_raffle(prizes=(("Tablet", 2),), reserves=0)
    before = raffle.cutoff - timedelta(days=1)
    german, english = person(confirmed_at=before), person(confirmed_at=before, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        raffle_draw(raffle=raffle, by=None)
    mails = {mail.to[0]: mail for mail in mailoutbox}
    assert mails[german.email].subject == f"Du hast bei der Verlosung „{raffle.module.title}“ gewonnen"
    assert "Herzlichen Glückwunsch!" in mails[german.email].body and "Tablet" in mails[german.email].body
    assert mails[english.email].subject == f"You have won in the raffle “{raffle.module.title}”"
    assert raffle.module.get_absolute_url() in mails[english.email].body


def test_the_draw_is_refused_before_the_cut_off_and_the_refusal_is_logged():
    raffle = make_raffle()
    pot(timezone.now())
    with pytest.raises(ValidationError, match="noch nicht vorbei"):
        raffle_draw(raffle=raffle, by=None)
    raffle.refresh_from_db()
    assert raffle.drawn_at is None and raffle.frozen_at is None and not Winner.objects.exists()
    assert actions(raffle) == [AuditEntry.Action.COMMITTED, AuditEntry.Action.DRAW_REFUSED]
    assert raffle.seed not in raffle.audit.last().message


def test_the_draw_is_refused_a_second_time():
    raffle = past_raffle()
    pot(raffle.cutoff)
    raffle_draw(raffle=raffle, by=None, notify=False)
    winners = list(Winner.objects.values_list("pk", flat=True))
    with pytest.raises(ValidationError, match="nur einmal gezogen"):
        raffle_draw(raffle=raffle, by=None)
    assert list(Winner.objects.values_list("pk", flat=True)) == winners


def test_the_draw_is_refused_when_the_stored_seed_does_not_match_the_commitment():
    raffle = past_raffle()
    pot(raffle.cutoff)
    Raffle.objects.filter(pk=raffle.pk).update(seed=algorithm.new_seed())  # the stored data was changed
    with pytest.raises(ValidationError, match="passt nicht zur vor dem Stichtag veröffentlichten Festlegung"):
        raffle_draw(raffle=raffle, by=None)
    assert Raffle.objects.get(pk=raffle.pk).drawn_at is None and not Winner.objects.exists()


def test_the_draw_is_refused_without_prizes_or_without_participants():
    no_prizes = past_raffle(prizes=())
    pot(no_prizes.cutoff)
    with pytest.raises(ValidationError, match="keine Preise"):
        raffle_draw(raffle=no_prizes, by=None)
    User.objects.all().delete()
    nobody = past_raffle()
    with pytest.raises(ValidationError, match="niemand teil"):
        raffle_draw(raffle=nobody, by=None)


def test_a_prize_not_claimed_goes_to_the_next_reserve_who_is_told(django_capture_on_commit_callbacks, mailoutbox):
    raffle = past_raffle(prizes=(("Tablet", 1), ("Lautsprecher", 1)), reserves=1)
    pot(raffle.cutoff)
    raffle_draw(raffle=raffle, by=None, notify=False)
    staff = make_user(role=roles.STAFF)
    first, second, reserve = Winner.objects.filter(raffle=raffle).order_by("draw")

    winner_handover(winner=first, by=staff)
    with pytest.raises(ValidationError):
        winner_handover(winner=first, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        moved = winner_not_claimed(winner=second, by=staff)
    assert moved.pk == reserve.pk
    reserve.refresh_from_db()
    assert reserve.prize.name == "Lautsprecher" and reserve.moved_up_at is not None
    assert [m.to[0] for m in mailoutbox] == [reserve.participant.user.email]
    assert "rückst nach" in mailoutbox[0].body
    # the next unclaimed prize finds no reserve left
    assert winner_not_claimed(winner=reserve, by=staff) is None
    logged = list(raffle.audit.values_list("action", flat=True))
    assert logged.count("handed_over") == 1 and logged.count("moved_up") == 1 and logged.count("not_claimed") == 2


def test_a_deleted_account_keeps_its_tickets_in_the_frozen_list_and_a_win_cannot_be_mailed(
        django_capture_on_commit_callbacks, mailoutbox):
    raffle = past_raffle(prizes=(("Tablet", 1),), reserves=0)
    (only,) = pot(raffle.cutoff, residents=1)
    raffle_freeze(raffle=raffle)
    user_delete(user=only)
    with django_capture_on_commit_callbacks(execute=True):
        raffle_draw(raffle=raffle, by=None)
    winner = Winner.objects.get(raffle=raffle)
    assert winner.participant.user is None and winner.participant.shown_name == "(Konto gelöscht)"
    assert mailoutbox == [] and actions(raffle)[-1] == AuditEntry.Action.NOTIFY_FAILED


def test_a_drawn_raffle_goes_with_its_module_but_a_drawn_prize_or_a_participant_alone_cannot_be_deleted():
    raffle = past_raffle()
    pot(raffle.cutoff)
    raffle_draw(raffle=raffle, by=None, notify=False)
    with pytest.raises(RestrictedError):
        Winner.objects.filter(raffle=raffle).first().prize.delete()
    with pytest.raises(RestrictedError):
        Participant.objects.filter(raffle=raffle).first().delete()
    raffle.module.delete()
    assert not Raffle.objects.exists() and not Ticket.objects.exists() and not Winner.objects.exists()


def test_download_my_data_holds_my_pseudonym_tickets_and_wins_but_no_seed():
    raffle = past_raffle(prizes=(("Tablet", 1),), reserves=0)
    (only,) = pot(raffle.cutoff, residents=1)
    raffle_freeze(raffle=raffle)
    before = personal_data_export(user=only)["raffle"]
    participant = Participant.objects.get(raffle=raffle, user=only)
    assert before == [{"raffle": raffle.module.title, "cutoff": raffle.cutoff.isoformat(),
                       "pseudonym": participant.pseudonym, "public_name": "username",
                       "tickets": [{"number": 1, "reason": "account", "friend": None}], "won": []}]
    assert raffle.seed not in json.dumps(before)
    raffle_draw(raffle=raffle, by=None, notify=False)
    assert personal_data_export(user=only)["raffle"][0]["won"][0]["prize"] == "Tablet"


def test_the_seed_appears_nowhere_before_the_draw(client, caplog):
    caplog.set_level(logging.INFO)
    raffle = make_raffle()
    resident = person()
    data = json.dumps(personal_data_export(user=resident))
    client.force_login(resident)
    page = client.get(raffle.module.get_absolute_url()).content.decode()
    staff = make_user(role=roles.STAFF, is_superuser=True)
    client.force_login(staff)
    staff_page = client.get(f"/verlosung/{raffle.module.slug}/ziehung/").content.decode()
    admin_page = client.get(f"/verwaltung/projects/module/{raffle.module.pk}/change/").content.decode()
    raffle_admin = client.get(f"/verwaltung/raffle/raffle/{raffle.pk}/change/").content.decode()
    assert raffle.commitment in page and raffle.commitment in staff_page and raffle.commitment in admin_page
    for text in (data, page, staff_page, admin_page, raffle_admin, caplog.text, repr(raffle),
                 " ".join(e.message for e in raffle.audit.all())):
        assert raffle.seed not in text
    assert client.get(f"/verlosung/{raffle.module.slug}/ziehung.json").status_code == 404
