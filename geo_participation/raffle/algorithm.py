"""The draw of a raffle, as published: anyone can recompute it from the published files with this file alone.

Plain Python 3.10+ and its standard library, no Django and nothing else, so the platform, ``manage.py
raffle_verify`` and an outside reader run the same code:

    python3 algorithm.py ziehung.json lose.csv

``docs/raffle.md`` describes the same steps in words, precisely enough to write them anew in another language.

1. The seed is 32 random bytes, written as 64 lower-case hex digits. Before the cut-off the platform publishes the
   commitment: SHA-256 of the 32 seed bytes, in hex. The seed stays secret until the draw.
2. The ticket list is a CSV file, UTF-8, lines ending in LF (``\\n``, the last line too), no quoting:
   the header ``ticket,pseudonym,reason,friend``, then one line per ticket, sorted by pseudonym, then reason
   (``account`` before ``referral``), then friend; ``ticket`` numbers them 1, 2, 3, … in that order. A pseudonym is
   10 characters of ``0123456789ABCDEFGHJKMNPQRSTVWXYZ``; ``friend`` is the pseudonym of the invited friend a
   ``referral`` ticket is for, empty for ``account``. H is SHA-256 of the file's bytes (32 bytes).
3. Draw k = 1, 2, 3, … picks one of the n tickets still in the pot (in list order):
   for attempt j = 0, 1, 2, …: x = SHA-256(seed ‖ H ‖ k ‖ j) read as an unsigned big-endian integer, where seed is
   the 32 seed bytes and k and j are 4-byte unsigned big-endian integers; take the first x below
   L = 2²⁵⁶ − (2²⁵⁶ mod n) (rejection sampling: every ticket has exactly the same chance) and pick the ticket at
   position x mod n (0 is the first). Then every ticket of the picked pseudonym leaves the pot: one prize per person.
4. Draws are made until every prize and every reserve place is filled, or the pot is empty. Prizes are assigned in
   draw order: the prizes in their published order, each as often as its quantity; the draws after them are the
   reserves 1, 2, 3, … in order. When a prize is not claimed, the first reserve not yet moved up gets it.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import sys
from collections import Counter
from dataclasses import dataclass

ALGORITHM = "klmitwirkung-raffle-v1"
FORMAT = "klmitwirkung-raffle-draw"
HEADER = "ticket,pseudonym,reason,friend"
ACCOUNT, REFERRAL = "account", "referral"
REASONS = (ACCOUNT, REFERRAL)
PSEUDONYM_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O, U
PSEUDONYM_LENGTH = 10
PSEUDONYM = re.compile(rf"[{PSEUDONYM_ALPHABET}]{{{PSEUDONYM_LENGTH}}}")
SEED = re.compile(r"[0-9a-f]{64}")
_SPACE = 1 << 256


def gettext_noop(message: str) -> str:
    """Marks a message for the platform's catalogue (``manage.py raffle_verify`` prints it translated)."""
    return message


# --- seed and commitment

def new_seed() -> str:
    return secrets.token_hex(32)


def commitment_of(seed: str) -> str:
    """SHA-256 of the seed's 32 bytes, in hex: published before the cut-off, the seed only at the draw."""
    return hashlib.sha256(bytes.fromhex(seed)).hexdigest()


def new_pseudonym() -> str:
    return "".join(secrets.choice(PSEUDONYM_ALPHABET) for _ in range(PSEUDONYM_LENGTH))


# --- the ticket list

@dataclass(frozen=True)
class TicketRow:
    number: int
    pseudonym: str
    reason: str
    friend: str  # "" for an account's ticket


def _sort_key(row: tuple[str, str, str]):
    pseudonym, reason, friend = row
    return pseudonym, REASONS.index(reason), friend


def tickets_csv(rows) -> bytes:
    """The canonical ticket list from (pseudonym, reason, friend or "") rows, in any order."""
    lines = [HEADER]
    ordered = sorted(((p, r, f or "") for p, r, f in rows), key=_sort_key)
    lines += [f"{number},{p},{r},{f}" for number, (p, r, f) in enumerate(ordered, start=1)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ListProblem(ValueError):
    """The ticket list is not a canonical list; ``line`` is 1-based (0: the file as a whole)."""

    def __init__(self, template: str, **params):
        self.template, self.params = template, params
        super().__init__(template % params)


def parse_tickets(data: bytes) -> list[TicketRow]:
    """The rows of a ticket list; raises ListProblem where it is not canonical (encoding, line ends, order, numbers)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ListProblem(gettext_noop("The ticket list is not UTF-8.")) from None
    if "\r" in text:
        raise ListProblem(gettext_noop("The ticket list has CR line ends; the published file ends its lines with LF only."))
    if not text.endswith("\n"):
        raise ListProblem(gettext_noop("The ticket list does not end with a line end."))
    lines = text[:-1].split("\n")
    if lines[0] != HEADER:
        raise ListProblem(gettext_noop("Line 1 of the ticket list is not the header “%(header)s”."), header=HEADER)
    rows = []
    for line_number, line in enumerate(lines[1:], start=2):
        fields = line.split(",")
        if len(fields) != 4:
            raise ListProblem(gettext_noop("Line %(line)s of the ticket list does not have 4 fields."), line=line_number)
        number, pseudonym, reason, friend = fields
        expected = line_number - 1
        if number != str(expected):
            raise ListProblem(gettext_noop("Line %(line)s of the ticket list should be ticket %(expected)s, not “%(found)s”."),
                              line=line_number, expected=expected, found=number)
        if not PSEUDONYM.fullmatch(pseudonym):
            raise ListProblem(gettext_noop("Line %(line)s of the ticket list has no valid pseudonym."), line=line_number)
        if reason not in REASONS:
            raise ListProblem(gettext_noop("Line %(line)s of the ticket list has an unknown reason “%(reason)s”."),
                              line=line_number, reason=reason)
        if (reason == ACCOUNT) != (friend == "") or (friend and not PSEUDONYM.fullmatch(friend)):
            raise ListProblem(gettext_noop("Line %(line)s of the ticket list: an account's ticket names no friend, a "
                                           "referral ticket names one pseudonym."), line=line_number)
        if rows and _sort_key((pseudonym, reason, friend)) <= _sort_key((rows[-1].pseudonym, rows[-1].reason, rows[-1].friend)):
            raise ListProblem(gettext_noop("Line %(line)s of the ticket list is out of order, or repeats the line above."),
                              line=line_number)
        rows.append(TicketRow(expected, pseudonym, reason, friend))
    return rows


def ticket_rule_problems(rows: list[TicketRow], *, referral_cap: int | None) -> list[tuple[str, dict]]:
    """What in a ticket list breaks the published rules: each person has one account ticket; a referral ticket is
    for a friend who takes part (has an account ticket), is not the person themselves and is counted once; nobody
    has more referral tickets than the cap."""
    problems = []
    people = {row.pseudonym for row in rows if row.reason == ACCOUNT}
    referrals = Counter(row.pseudonym for row in rows if row.reason == REFERRAL)
    for pseudonym in sorted({row.pseudonym for row in rows} - people):
        problems.append((gettext_noop("%(pseudonym)s has tickets but no ticket for their own account."),
                         {"pseudonym": pseudonym}))
    friends = Counter(row.friend for row in rows if row.reason == REFERRAL)
    for row in rows:
        if row.reason != REFERRAL:
            continue
        if row.friend == row.pseudonym:
            problems.append((gettext_noop("Ticket %(ticket)s: %(pseudonym)s invited themselves."),
                             {"ticket": row.number, "pseudonym": row.pseudonym}))
        elif row.friend not in people:
            problems.append((gettext_noop("Ticket %(ticket)s is for a friend (%(friend)s) who does not take part."),
                             {"ticket": row.number, "friend": row.friend}))
    for friend, count in sorted(friends.items()):
        if count > 1:
            problems.append((gettext_noop("The friend %(friend)s brings %(count)s tickets; a friend counts once."),
                             {"friend": friend, "count": count}))
    if referral_cap is not None:
        for pseudonym, count in sorted(referrals.items()):
            if count > referral_cap:
                problems.append((gettext_noop("%(pseudonym)s has %(count)s tickets for friends; the cap is %(cap)s."),
                                 {"pseudonym": pseudonym, "count": count, "cap": referral_cap}))
    return problems


# --- the draw

def pick_index(seed: bytes, list_hash: bytes, draw: int, n: int) -> int:
    """The position (0-based) among the n tickets in the pot that draw ``draw`` picks, without modulo bias."""
    if n < 1:
        raise ValueError("the pot is empty")
    limit = _SPACE - (_SPACE % n)
    attempt = 0
    while True:
        digest = hashlib.sha256(seed + list_hash + draw.to_bytes(4, "big") + attempt.to_bytes(4, "big")).digest()
        x = int.from_bytes(digest, "big")
        if x < limit:
            return x % n
        attempt += 1


@dataclass(frozen=True)
class Pick:
    draw: int  # 1, 2, 3, …
    ticket: int
    pseudonym: str


def draw(seed: str, rows: list[TicketRow], list_hash: str, places: int) -> list[Pick]:
    """The first ``places`` draws (fewer if the pot runs empty first)."""
    seed_bytes, hash_bytes = bytes.fromhex(seed), bytes.fromhex(list_hash)
    pot, picks = list(rows), []
    for k in range(1, places + 1):
        if not pot:
            break
        row = pot[pick_index(seed_bytes, hash_bytes, k, len(pot))]
        picks.append(Pick(k, row.number, row.pseudonym))
        pot = [other for other in pot if other.pseudonym != row.pseudonym]
    return picks


def prize_places(prizes: list[tuple[str, int]]) -> list[str]:
    """The prizes in draw order: each prize (in its order) as often as its quantity."""
    return [name for name, quantity in prizes for _ in range(quantity)]


def winners(seed: str, tickets: bytes, prizes: list[tuple[str, int]], reserves: int) -> list[dict]:
    """The published list of winners: draw, ticket, pseudonym, and the prize or the reserve rank."""
    places = prize_places(prizes)
    rows = parse_tickets(tickets)
    result = []
    for pick in draw(seed, rows, sha256_hex(tickets), len(places) + reserves):
        entry = {"draw": pick.draw, "ticket": pick.ticket, "pseudonym": pick.pseudonym}
        if pick.draw <= len(places):
            entry.update(prize=places[pick.draw - 1], reserve=None)
        else:
            entry.update(prize=None, reserve=pick.draw - len(places))
        result.append(entry)
    return result


# --- verification

@dataclass(frozen=True)
class Problem:
    template: str  # English, with %(name)s placeholders; the platform's catalogue has it in German
    params: dict

    def __str__(self):
        return self.template % self.params


def verify(document: dict, tickets: bytes) -> list[Problem]:
    """Everything in a published draw (``ziehung.json``) and ticket list that does not match; empty: it all does."""
    problems: list[Problem] = []

    def problem(template, **params):
        problems.append(Problem(template, params))

    if not isinstance(document, dict):
        problem(gettext_noop("The draw file is not a JSON object."))
        return problems
    if document.get("format") != FORMAT or document.get("algorithm") != ALGORITHM:
        problem(gettext_noop("The draw file is not a draw of algorithm %(algorithm)s (it says “%(found)s”)."),
                algorithm=ALGORITHM, found=document.get("algorithm"))
        return problems
    seed, commitment = str(document.get("seed") or ""), str(document.get("commitment") or "")
    seed_ok = bool(SEED.fullmatch(seed))
    if not seed_ok:
        problem(gettext_noop("The seed is not 64 hex digits."))
    elif commitment_of(seed) != commitment:
        problem(gettext_noop("The seed does not match the commitment: SHA-256 of the seed is %(found)s, the commitment "
                             "published before the cut-off is %(commitment)s."),
                found=commitment_of(seed), commitment=commitment)
    listed = document.get("tickets") or {}
    actual_hash = sha256_hex(tickets)
    if listed.get("sha256") != actual_hash:
        problem(gettext_noop("The ticket list is not the one drawn from: its SHA-256 is %(found)s, the draw names "
                             "%(expected)s."), found=actual_hash, expected=listed.get("sha256"))
    try:
        rows = parse_tickets(tickets)
    except ListProblem as error:
        problem(error.template, **error.params)
        return problems
    if listed.get("count") != len(rows):
        problem(gettext_noop("The ticket list has %(found)s tickets, the draw names %(expected)s."),
                found=len(rows), expected=listed.get("count"))
    participants = len({row.pseudonym for row in rows})
    if listed.get("participants") != participants:
        problem(gettext_noop("The ticket list has %(found)s participants, the draw names %(expected)s."),
                found=participants, expected=listed.get("participants"))
    cap = (document.get("raffle") or {}).get("referral_cap")
    for template, params in ticket_rule_problems(rows, referral_cap=cap if isinstance(cap, int) else None):
        problem(template, **params)
    if not seed_ok:
        return problems
    try:
        prizes = [(str(p["name"]), int(p["quantity"])) for p in document.get("prizes") or []]
        reserves = int(document.get("reserves") or 0)
    except (KeyError, TypeError, ValueError):
        problem(gettext_noop("The prizes or the number of reserves in the draw file cannot be read."))
        return problems
    expected = winners(seed, tickets, prizes, reserves)
    published = document.get("winners")
    if not isinstance(published, list):
        problem(gettext_noop("The draw file lists no winners."))
        return problems
    keys = ("draw", "ticket", "pseudonym", "prize", "reserve")
    for number, (want, got) in enumerate(zip(expected, published), start=1):
        got = {key: got.get(key) for key in keys} if isinstance(got, dict) else {}
        if got != want:
            problem(gettext_noop("Draw %(draw)s: published %(published)s, the algorithm gives %(expected)s."),
                    draw=number, published=_describe(got), expected=_describe(want))
    if len(published) != len(expected):
        problem(gettext_noop("The draw file lists %(found)s winners and reserves, the algorithm gives %(expected)s."),
                found=len(published), expected=len(expected))
    return problems


def _describe(entry: dict) -> str:
    if not entry:
        return "—"
    place = entry.get("prize") if entry.get("reserve") is None else f"reserve {entry.get('reserve')}"
    return f"ticket {entry.get('ticket')} ({entry.get('pseudonym')}, {place})"


def main(argv: list[str]) -> int:
    """``python3 algorithm.py ziehung.json lose.csv``: prints OK, or every problem; exit status 0 or 1."""
    if len(argv) != 2:
        print("usage: python3 algorithm.py <draw.json> <tickets.csv>", file=sys.stderr)
        return 2
    with open(argv[0], "rb") as draw_file, open(argv[1], "rb") as tickets_file:
        document, tickets = json.loads(draw_file.read().decode("utf-8")), tickets_file.read()
    problems = verify(document, tickets)
    for item in problems:
        print(f"MISMATCH: {item}")
    if not problems:
        print(f"OK: the seed matches the commitment, the ticket list is the one drawn from and follows the rules, and "
              f"all {len(document['winners'])} draws are recomputed exactly.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
