"""manage.py raffle_verify: a published draw checked from the downloaded files alone, without the database."""

import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from geo_participation.raffle import algorithm
from geo_participation.raffle.services import raffle_draw
from tests.factories.raffle import make_raffle, person


@pytest.fixture
def files(db, tmp_path, client):
    """The two files as a visitor downloads them from the raffle page."""
    raffle = make_raffle(cutoff=timezone.now() - timedelta(hours=1), reserves=2)
    for _ in range(10):
        person(confirmed_at=raffle.cutoff - timedelta(days=2))
    raffle_draw(raffle=raffle, by=None, notify=False)
    slug = raffle.module.slug
    draw, tickets = tmp_path / f"ziehung-{slug}.json", tmp_path / f"lose-{slug}.csv"
    draw.write_bytes(client.get(f"/verlosung/{slug}/ziehung.json").content)
    tickets.write_bytes(client.get(f"/verlosung/{slug}/lose.csv").content)
    return draw, tickets


def verify(draw, tickets, capsys) -> tuple[str, str]:
    call_command("raffle_verify", str(draw), str(tickets))
    out = capsys.readouterr()
    return out.out, out.err


def test_untouched_files_check_out_without_a_single_query(files, capsys):
    with CaptureQueriesContext(connection) as queries:
        out, _err = verify(*files, capsys)
    assert out.startswith("OK: Der Seed passt zur Festlegung") and "alle 6 Ziehungen" in out
    assert len(queries) == 0


def failure(files, capsys) -> str:
    with pytest.raises(CommandError) as error:
        call_command("raffle_verify", *map(str, files))
    return capsys.readouterr().err + str(error.value)


def test_a_tampered_ticket_list_is_found(files, capsys):
    draw, tickets = files
    rows = tickets.read_bytes().decode().splitlines(keepends=True)
    tickets.write_bytes("".join(rows[:-1]).encode())  # the last ticket taken out
    message = failure(files, capsys)
    assert "Die Losliste ist nicht die, aus der gezogen wurde" in message
    assert "Abweichungen" in message


def test_a_tampered_seed_is_found(files, capsys):
    draw, tickets = files
    document = json.loads(draw.read_text(encoding="utf-8"))
    document["seed"] = algorithm.new_seed()
    draw.write_text(json.dumps(document), encoding="utf-8")
    assert "Der Seed passt nicht zur Festlegung" in failure(files, capsys)


def test_a_tampered_winner_list_is_found(files, capsys):
    draw, tickets = files
    document = json.loads(draw.read_text(encoding="utf-8"))
    document["winners"][0], document["winners"][1] = document["winners"][1], document["winners"][0]
    draw.write_text(json.dumps(document), encoding="utf-8")
    message = failure(files, capsys)
    assert "Ziehung 1: veröffentlicht ist" in message and "Ziehung 2:" in message


def test_files_that_cannot_be_read_are_named(files, capsys, tmp_path):
    draw, tickets = files
    with pytest.raises(CommandError, match="lässt sich nicht lesen"):
        call_command("raffle_verify", str(tmp_path / "fehlt.json"), str(tickets))
    draw.write_text("kein json", encoding="utf-8")
    with pytest.raises(CommandError, match="keine JSON-Datei"):
        call_command("raffle_verify", str(draw), str(tickets))
