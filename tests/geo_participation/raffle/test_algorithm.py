"""The published draw (geo_participation/raffle/algorithm.py): the canonical ticket list, determinism given the seed,
rejection sampling, one prize per person, fairness over many simulated draws, and the verification of published
files, which must find a tampered ticket list, seed or winner list."""

import copy
import hashlib
import json

import pytest

from geo_participation.raffle import algorithm
from geo_participation.raffle.algorithm import ACCOUNT, REFERRAL

SEED = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
P = ["0000000001", "0000000002", "0000000003", "0000000004", "0000000005"]


def ticket_list(tickets_per_person: dict[str, int]) -> bytes:
    """A list in which each person holds that many tickets (the referral tickets name made-up friends: the draw
    itself does not look at reasons)."""
    rows, friend = [], 0
    for pseudonym, count in tickets_per_person.items():
        rows.append((pseudonym, ACCOUNT, ""))
        for _ in range(count - 1):
            friend += 1
            rows.append((pseudonym, REFERRAL, f"F{friend:09d}"))
    return algorithm.tickets_csv(rows)


def rule_abiding_list() -> bytes:
    """Five people, 8 tickets: P1 invited P0, P2 invited P3 and P4."""
    return algorithm.tickets_csv([(p, ACCOUNT, "") for p in P]
                                 + [(P[1], REFERRAL, P[0]), (P[2], REFERRAL, P[3]), (P[2], REFERRAL, P[4])])


def seed_number(n: int) -> str:
    return hashlib.sha256(f"simulation {n}".encode()).hexdigest()


def test_the_ticket_list_is_canonical_sorted_numbered_lf_and_round_trips():
    data = algorithm.tickets_csv([(P[1], ACCOUNT, ""), (P[0], REFERRAL, P[1]), (P[0], ACCOUNT, "")])
    assert data == (b"ticket,pseudonym,reason,friend\n"
                    b"1,0000000001,account,\n2,0000000001,referral,0000000002\n3,0000000002,account,\n")
    rows = algorithm.parse_tickets(data)
    assert algorithm.tickets_csv((r.pseudonym, r.reason, r.friend) for r in rows) == data


@pytest.mark.parametrize("mangle, words", [
    (lambda d: d.replace(b"\n", b"\r\n"), "CR"),
    (lambda d: d[:-1], "line end"),
    (lambda d: d.replace(b"1,0000000001,account", b"7,0000000001,account"), "should be ticket 1"),
    (lambda d: d.replace(b"1,0000000001,account,\n", b"") + b"1,0000000001,account,\n", "should be ticket 1"),
    (lambda d: d.replace(b"0000000002,account", b"0000000000,account"), "out of order"),
    (lambda d: d.replace(b"referral", b"freundin"), "unknown reason"),
    (lambda d: d.replace(b"ticket,pseudonym", b"los,pseudonym"), "header"),
])
def test_a_list_that_is_not_canonical_is_refused_with_the_line(mangle, words):
    data = algorithm.tickets_csv([(P[1], ACCOUNT, ""), (P[0], REFERRAL, P[1]), (P[0], ACCOUNT, "")])
    with pytest.raises(algorithm.ListProblem) as error:
        algorithm.parse_tickets(mangle(data))
    assert words in str(error.value)


def test_the_commitment_is_sha256_of_the_seed_bytes():
    assert algorithm.commitment_of(SEED) == hashlib.sha256(bytes.fromhex(SEED)).hexdigest()
    assert algorithm.commitment_of(algorithm.new_seed()) != algorithm.commitment_of(algorithm.new_seed())


def test_the_draw_is_determined_by_seed_and_list_and_reproduces_the_published_test_vector():
    data = rule_abiding_list()
    first = algorithm.winners(SEED, data, [("Tablet", 1), ("Lautsprecher", 2)], reserves=1)
    assert first == algorithm.winners(SEED, data, [("Tablet", 1), ("Lautsprecher", 2)], reserves=1)
    # The test vector of docs/raffle.md: whoever reimplements the draw must get exactly this.
    # (Draw 1 by hand: SHA-256(seed ‖ H ‖ 00000001 ‖ 00000000) = 56079334…87592483, mod 8 = 3: the 4th ticket.)
    assert hashlib.sha256(data).hexdigest() == "cb30021c4c65d13ddebdebe78eaa251aaac43b62d37b3ca9b560bb2f6597146a"
    assert [(w["draw"], w["ticket"], w["pseudonym"], w["prize"], w["reserve"]) for w in first] == [
        (1, 4, "0000000003", "Tablet", None), (2, 2, "0000000002", "Lautsprecher", None),
        (3, 7, "0000000004", "Lautsprecher", None), (4, 8, "0000000005", None, 1)]
    other = algorithm.winners(seed_number(1), data, [("Tablet", 1), ("Lautsprecher", 2)], reserves=1)
    assert [w["ticket"] for w in other] != [w["ticket"] for w in first]


def test_one_prize_per_person_however_many_tickets_they_hold():
    data = ticket_list({P[0]: 1, P[1]: 1, P[2]: 5})
    for n in range(200):
        picks = algorithm.winners(seed_number(n), data, [("Preis", 3)], reserves=0)
        assert sorted(w["pseudonym"] for w in picks) == sorted(P[:3])


def test_the_pot_running_empty_ends_the_draw_early():
    data = ticket_list({P[0]: 2, P[1]: 1})
    picks = algorithm.winners(SEED, data, [("Preis", 2)], reserves=3)
    assert [(w["draw"], w["prize"], w["reserve"]) for w in picks] == [(1, "Preis", None), (2, "Preis", None)]


def test_rejection_sampling_draws_again_where_a_plain_modulo_would_be_biased():
    # With n just above 2**255, about half of all hash values lie above the largest multiple of n: those are drawn
    # again (the next attempt) instead of being folded onto the low positions.
    n = (1 << 255) + 1
    seed, list_hash = bytes.fromhex(SEED), hashlib.sha256(b"list").digest()
    retried = 0
    for k in range(1, 41):
        first = int.from_bytes(hashlib.sha256(seed + list_hash + k.to_bytes(4, "big") + bytes(4)).digest(), "big")
        index = algorithm.pick_index(seed, list_hash, k, n)
        assert 0 <= index < n
        if first >= (1 << 256) - ((1 << 256) % n):
            retried += 1  # the first value is not used
            second = int.from_bytes(hashlib.sha256(seed + list_hash + k.to_bytes(4, "big")
                                                   + (1).to_bytes(4, "big")).digest(), "big")
            if second < (1 << 256) - ((1 << 256) % n):
                assert index == second % n
        else:
            assert index == first % n
    assert 5 < retried < 35  # about half


# Fairness: chi-square tests at a fixed significance of 0.1 % over fixed seeds (so the test is deterministic),
# against the exact distribution the rules imply. Critical values of the chi-square distribution (p = 0.001).
CHI2_CRITICAL_0_001 = {4: 18.467, 11: 31.264}


def chi_square(observed: list[int], expected: list[float]) -> float:
    return sum((o - e) ** 2 / e for o, e in zip(observed, expected))


def test_fairness_every_ticket_has_the_same_chance():
    people = [f"{n:010d}" for n in range(12)]
    data = ticket_list({p: 1 for p in people})
    runs = 6000
    seen = [0] * 12
    for n in range(runs):
        (pick,) = algorithm.winners(seed_number(n), data, [("Preis", 1)], reserves=0)
        seen[pick["ticket"] - 1] += 1
    assert chi_square(seen, [runs / 12] * 12) < CHI2_CRITICAL_0_001[11], seen


def test_fairness_a_persons_chance_follows_their_tickets_in_the_first_and_the_second_draw():
    weights = {P[0]: 1, P[1]: 2, P[2]: 3, P[3]: 4, P[4]: 10}
    data = ticket_list(weights)
    total = sum(weights.values())
    runs = 5000
    first_seen = dict.fromkeys(weights, 0)
    second_seen = dict.fromkeys(weights, 0)
    for n in range(runs):
        first, second = algorithm.winners(seed_number(n), data, [("Preis", 2)], reserves=0)
        first_seen[first["pseudonym"]] += 1
        second_seen[second["pseudonym"]] += 1
    expected_first = [runs * w / total for w in weights.values()]
    # the second draw: whoever won first left the pot with all their tickets
    expected_second = [runs * sum(wi / total * wj / (total - wi) for i, wi in weights.items() if i != j)
                       for j, wj in weights.items()]
    assert chi_square(list(first_seen.values()), expected_first) < CHI2_CRITICAL_0_001[4], first_seen
    assert chi_square(list(second_seen.values()), expected_second) < CHI2_CRITICAL_0_001[4], second_seen


def test_the_fairness_test_would_notice_a_biased_draw(monkeypatch):
    """The chi-square test can fail: a plain modulo over a few bits (a typical mistake) is caught."""
    monkeypatch.setattr(algorithm, "pick_index", lambda seed, h, k, n: (seed[0] % 16) % n)
    people = [f"{n:010d}" for n in range(12)]
    data = ticket_list({p: 1 for p in people})
    seen = [0] * 12
    for n in range(6000):
        (pick,) = algorithm.winners(seed_number(n), data, [("Preis", 1)], reserves=0)
        seen[pick["ticket"] - 1] += 1
    assert chi_square(seen, [500] * 12) > CHI2_CRITICAL_0_001[11]


# --- verification of published files
def published() -> tuple[dict, bytes]:
    data = rule_abiding_list()
    prizes = [("Betze-Rückrunden-Dauerkarte", 1), ("Tablet", 1)]
    document = {
        "format": algorithm.FORMAT, "algorithm": algorithm.ALGORITHM,
        "raffle": {"title": "Test", "cutoff": "2025-12-01T00:00:00+01:00", "referral_cap": 5},
        "commitment": algorithm.commitment_of(SEED), "seed": SEED,
        "tickets": {"sha256": hashlib.sha256(data).hexdigest(), "count": 8, "participants": 5},
        "prizes": [{"order": n, "name": name, "quantity": q} for n, (name, q) in enumerate(prizes, start=1)],
        "reserves": 2,
        "winners": algorithm.winners(SEED, data, prizes, 2),
    }
    return json.loads(json.dumps(document)), data


def test_verification_of_untouched_files_finds_nothing():
    document, data = published()
    assert algorithm.verify(document, data) == []


def test_verification_finds_a_tampered_ticket_list():
    document, data = published()
    rows = algorithm.parse_tickets(data)
    drop = next(r for r in rows if r.reason == REFERRAL)  # one referral ticket less
    tampered = algorithm.tickets_csv((r.pseudonym, r.reason, r.friend) for r in rows if r != drop)
    problems = [str(p) for p in algorithm.verify(document, tampered)]
    assert any("not the one drawn from" in p for p in problems), problems
    assert any("7 tickets, the draw names 8" in p for p in problems), problems


def test_verification_finds_a_ticket_list_that_breaks_the_counting_rules():
    document, data = published()
    # a friend counted twice: the second referral ticket points to the first one's friend
    rows = algorithm.parse_tickets(data)
    referrals = [r for r in rows if r.reason == REFERRAL]
    forged = [(r.pseudonym, r.reason, referrals[0].friend if r == referrals[1] else r.friend) for r in rows]
    problems = [str(p) for p in algorithm.verify(document, algorithm.tickets_csv(forged))]
    assert any("a friend counts once" in p for p in problems), problems


def test_verification_finds_a_seed_that_does_not_match_the_commitment():
    document, data = published()
    document["seed"] = seed_number(7)
    problems = [str(p) for p in algorithm.verify(document, data)]
    assert any("does not match the commitment" in p for p in problems), problems


def test_verification_finds_a_tampered_winner_list():
    document, data = published()
    swapped = copy.deepcopy(document)
    swapped["winners"][0]["pseudonym"], swapped["winners"][1]["pseudonym"] = (
        document["winners"][1]["pseudonym"], document["winners"][0]["pseudonym"])
    problems = [str(p) for p in algorithm.verify(swapped, data)]
    assert any(p.startswith("Draw 1: published") for p in problems) and any(p.startswith("Draw 2:") for p in problems)

    fewer = copy.deepcopy(document)
    fewer["winners"].pop()
    assert any("lists 3 winners and reserves, the algorithm gives 4" in str(p) for p in algorithm.verify(fewer, data))

    reordered_prizes = copy.deepcopy(document)
    reordered_prizes["prizes"].reverse()
    assert any("Draw 1:" in str(p) for p in algorithm.verify(reordered_prizes, data))


def test_the_command_line_of_the_file_says_ok_or_mismatch(tmp_path, capsys):
    document, data = published()
    (tmp_path / "ziehung.json").write_text(json.dumps(document), encoding="utf-8")
    (tmp_path / "lose.csv").write_bytes(data)
    assert algorithm.main([str(tmp_path / "ziehung.json"), str(tmp_path / "lose.csv")]) == 0
    assert capsys.readouterr().out.startswith("OK")
    (tmp_path / "lose.csv").write_bytes(data.replace(b"8,0000000005,account,", b"8,0000000006,account,"))
    assert algorithm.main([str(tmp_path / "ziehung.json"), str(tmp_path / "lose.csv")]) == 1
    assert "MISMATCH" in capsys.readouterr().out
