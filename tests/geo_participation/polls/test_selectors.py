import csv
import io
import json

import pytest
from django.utils import timezone

from geo_participation.accounts import roles
from geo_participation.accounts.services import personal_data_export
from geo_participation.polls.models import Poll
from geo_participation.polls.selectors import OptionResult, personal_data, poll_result, poll_result_csv, rank
from geo_participation.polls.services import ballot_cast, ballots_seal, tally_confirm, tally_create
from tests.factories import make_user
from tests.factories.polls import make_box, make_poll, option_ids

pytestmark = pytest.mark.django_db


def _results(totals, realised=None):
    class FakeOption:
        def __init__(self, pk):
            self.pk, self.weight, self.title = pk, 0, f"o{pk}"

    return rank([OptionResult(option=FakeOption(i), online=t, postcards=0) for i, t in enumerate(totals)],
                realised_count=realised)


def test_equal_totals_share_a_rank_and_the_next_rank_skips():
    ranked = _results([5, 9, 9, 2])
    assert [(r.total, r.rank, r.tied) for r in ranked] == [(9, 1, True), (9, 1, True), (5, 3, False), (2, 4, False)]


def test_the_top_n_are_realised_and_a_tie_at_the_cut_is_shown():
    ranked = _results([10, 8, 7, 7, 1], realised=3)
    assert [r.realised for r in ranked] == [True, True, True, True, False]
    ranked = _results([10, 8, 7, 6, 1], realised=3)
    assert [r.realised for r in ranked] == [True, True, True, False, False]
    assert not any(r.realised for r in _results([3, 2, 1]))


def test_the_result_merges_online_votes_and_confirmed_postcards(staff):
    poll = make_poll(realised_count=1)
    roundnet, boule, painting = option_ids(poll)
    for _ in range(3):
        ballot_cast(poll=poll, voter=make_user(), option_ids=[roundnet])
    ballot_cast(poll=poll, voter=make_user(), option_ids=[boule])
    museum, library = make_box(polls=[poll], name="Museum"), make_box(polls=[poll], name="Bibliothek")
    colleague = make_user(role=roles.STAFF)
    counted = tally_create(poll=poll, box=museum, emptied_on=timezone.localdate(),
                           counts={roundnet: 0, boule: 4, painting: 1}, invalid_count=2, entered_by=staff)
    tally_confirm(tally=counted, confirmed_by=colleague)
    tally_create(poll=poll, box=library, emptied_on=timezone.localdate(),  # not confirmed: does not count yet
                 counts={roundnet: 0, boule: 50, painting: 0}, invalid_count=0, entered_by=staff)

    result = poll_result(poll=poll)

    by_title = {r.option.title: (r.online, r.postcards, r.total, r.rank) for r in result.options}
    assert by_title == {"Cross Boule": (1, 4, 5, 1), "Roundnet": (3, 0, 3, 2), "3D-Straßenmalerei": (0, 1, 1, 3)}
    assert (result.online_total, result.postcards_total, result.total) == (4, 5, 9)
    assert result.online_voters == 4 and result.invalid_postcards == 2 and result.pending_tallies == 1
    assert [o.realised for o in result.options] == [True, False, False]
    boxes = {b.box.name: (b.valid, b.invalid, b.emptyings, b.pending) for b in result.boxes}
    assert boxes == {"Museum": (5, 2, 1, 0), "Bibliothek": (0, 0, 0, 1)}


def test_the_csv_has_one_row_per_option_one_column_per_box_and_no_names(staff):
    poll = make_poll()
    roundnet, boule, painting = option_ids(poll)
    voter = make_user(username="geheime-waehlerin")
    ballot_cast(poll=poll, voter=voter, option_ids=[boule])
    box = make_box(polls=[poll], name="Fruchthalle")
    tally = tally_create(poll=poll, box=box, emptied_on=timezone.localdate(),
                         counts={roundnet: 1, boule: 2, painting: 0}, invalid_count=1, entered_by=staff)
    tally_confirm(tally=tally, confirmed_by=make_user(role=roles.STAFF))

    text = poll_result_csv(poll_result(poll=poll))

    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Platz", "Option", "Online", "Fruchthalle", "Postkarten", "Gesamt", "Wird umgesetzt"]
    assert rows[1] == ["1", "Cross Boule", "1", "2", "2", "3", ""]
    assert rows[-1][1:4] == ["Ungültige Postkarten", "", "1"]
    assert voter.username not in text and voter.email not in text and staff.username not in text


def test_my_data_lists_my_polls_and_shows_my_choice_only_while_it_is_linked(resident):
    changeable = make_poll(title="Offen", allow_vote_change=True)
    fixed = make_poll(title="Fest", allow_vote_change=False)
    ballot_cast(poll=changeable, voter=resident, option_ids=option_ids(changeable)[1:2])
    ballot_cast(poll=fixed, voter=resident, option_ids=option_ids(fixed)[:1])

    rows = {row["poll"]: row for row in personal_data(user=resident)}

    assert rows["Offen"]["choice"] == ["Cross Boule"]
    assert rows["Fest"]["choice"] is None and "geheim" in rows["Fest"]["note"]
    ballots_seal(poll=changeable)
    assert personal_data(user=resident)[0]["choice"] is None
    # and it is part of "download my data", as JSON
    assert json.dumps(personal_data_export(user=resident)["polls"], default=str)


def test_a_result_without_votes_is_all_zero_and_shared_first_place():
    poll = make_poll(results_visibility=Poll.ResultsVisibility.PUBLISHED)
    result = poll_result(poll=poll)
    assert result.total == 0 and {o.rank for o in result.options} == {1} and all(o.tied for o in result.options)


def test_names_that_look_like_formulas_stay_text_in_the_csv(staff):
    poll = make_poll()
    option = poll.options.first()
    option.title = "=HYPERLINK(\"https://evil.example\")"
    option.save()
    make_box(polls=[poll], name="+Fruchthalle")
    rows = list(csv.reader(io.StringIO(poll_result_csv(poll_result(poll=poll)).lstrip("\ufeff")), delimiter=";"))
    assert "'+Fruchthalle" in rows[0]
    assert "'=HYPERLINK(\"https://evil.example\")" in [row[1] for row in rows]
