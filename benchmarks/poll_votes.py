"""Benchmark of the vote write path: how many votes per second, none counted twice, against raw PostGIS.

    .venv/bin/python -m benchmarks.poll_votes [--seconds 5] [--connections 16] [--racers 400]

It creates its own database (``bench_poll_votes``, plus $BENCH_DATABASE_SUFFIX if set; dropped afterwards)
with the real city boundary on the server of DATABASE_URL, and measures in one run, so that the figures compare as
ratios (the machines are shared and noisy):

1. raw PostGIS: the service's one SQL statement of a vote sent with bare psycopg 3, on 1 and 4 connections (the limit);
2. the service ``ballot_cast`` in-process on one connection;
3. the whole path through HTTP: gunicorn as the Docker image runs it (gunicorn.conf.py, production settings)
   serving POST /api/polls/<poll>/vote/ with session authentication and CSRF, loaded by wrk (every voter votes
   once); the same with the sync workers used before, for comparison; and the CPU each request costs;
4. references on the same machine: gunicorn without Django, Django without a database, and an authenticated
   POST that does nothing (session, user, CSRF): no vote through Django can be faster than that;
5. a race: every voter of another poll sends two votes at the same moment; exactly one must count.

Goal (PERFORMANCE.md): at least 1,000 votes per second through HTTP, none double-counted.
"""

from __future__ import annotations

import argparse
import http.client
import os
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from benchmarks import _http

BENCH_DB = "bench_poll_votes"
GOAL_HTTP = 1000


def make_poll(slug: str):
    from django.utils import timezone

    from geo_participation.polls.models import Option, Poll
    from geo_participation.projects.models import Module, Project, Topic

    project, _ = Project.objects.get_or_create(slug="bench", defaults={
        "title": "Bench", "summary": "-", "topic": Topic.CULTURE, "office": "-"})
    now = timezone.now()
    module = Module.objects.create(project=project, format_key="polls", slug=slug, title=slug,
                                   start=now - timezone.timedelta(days=1), end=now + timezone.timedelta(days=1))
    poll = Poll.objects.create(module=module, allow_vote_change=False)
    options = Option.objects.bulk_create([Option(poll=poll, title=f"Option {i}", weight=i) for i in range(5)])
    return poll, [o.pk for o in options]


def raw_postgis(poll, option_ids, users, connections: int) -> float:
    """Votes per second with bare psycopg and the service's own statement: the limit for any Django path."""
    import psycopg

    from geo_participation.polls.services import CAST_SQL

    chunks = [users[i::connections] for i in range(connections)]

    def work(chunk):
        with psycopg.connect(_http.raw_conninfo(), autocommit=True) as conn:
            for n, user in enumerate(chunk):
                conn.execute(CAST_SQL, {"options": [option_ids[n % len(option_ids)]], "poll": poll.pk, "user": user.pk,
                                        "now": "now", "ballot": uuid.uuid4(), "linked_ballot": None}).fetchone()

    started = time.perf_counter()
    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(work, chunks))
    return len(users) / (time.perf_counter() - started)


def in_process(poll, option_ids, users) -> float:
    from geo_participation.polls.services import ballot_cast

    started = time.perf_counter()
    for n, user in enumerate(users):
        ballot_cast(poll=poll, voter=user, option_ids=[option_ids[n % len(option_ids)]])
    return len(users) / (time.perf_counter() - started)


def post_vote(port: int, slug: str, session: str, option_id: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", f"/api/polls/{slug}/vote/", body=f'{{"options":[{option_id}]}}', headers={
            "Content-Type": "application/json", "X-CSRFToken": _http.CSRF,
            "Cookie": f"csrftoken={_http.CSRF}; sessionid={session}"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def race(port: int, slug: str, sessions: list[str], option_ids: list[int], clients: int) -> tuple[float, dict]:
    """Every voter sends two votes at the same time (Python client threads); returns requests/s and status codes."""
    jobs = [(s, option_ids[n % len(option_ids)]) for n, s in enumerate(sessions) for _twice in range(2)]
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def run(job):
        status = post_vote(port, slug, *job)
        with lock:
            statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(run, jobs))
    return len(jobs) / (time.perf_counter() - started), statuses


def votes_under_load(database_url, label, *, seconds, connections, voters, conninfo, **gunicorn_env):
    """wrk against a fresh poll; every voter votes once. Returns the load and the votes the database counted."""
    from geo_participation.polls.models import Participation

    def prepare():
        poll, options = make_poll(f"http-{uuid.uuid4().hex[:8]}")
        _users, sessions = _http.residents_with_sessions(voters, poll.module.slug)
        body = '{"options":[%d]}'
        return _http.write_requests([("POST", f"/api/polls/{poll.module.slug}/vote/", s, body % options[n % len(options)])
                                     for n, s in enumerate(sessions)]), poll

    load, poll = _http.run_load(database_url, label, prepare, connections=connections, seconds=seconds,
                                conninfo=conninfo, **gunicorn_env)
    return load, Participation.objects.filter(poll=poll).count()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--raw-votes", type=int, default=2000, help="votes per raw and in-process measurement")
    parser.add_argument("--racers", type=int, default=400, help="voters who each vote twice at once")
    parser.add_argument("--clients", type=int, default=16, help="client threads of the race")
    args = parser.parse_args(argv)

    bench_db = _http.setup_django(BENCH_DB)
    from django.db import connection

    from geo_participation.polls.models import Participation

    cores = os.cpu_count()
    with _http.throwaway_database() as database_url:
        _http.load_city()
        print(f"Database {bench_db} with the real city boundary; {cores} CPUs; the load generator runs on them too\n")
        conninfo = _http.raw_conninfo()
        rates = {}
        for label, connections in (("raw PostGIS, 1 connection", 1), ("raw PostGIS, 4 connections", 4)):
            poll, options = make_poll(f"raw{connections}")
            users, _sessions = _http.residents_with_sessions(args.raw_votes, poll.module.slug)
            rates[label] = raw_postgis(poll, options, users, connections)
        poll, options = make_poll("service")
        users, _sessions = _http.residents_with_sessions(args.raw_votes, "service")
        rates["service ballot_cast, in-process, 1 connection"] = in_process(poll, options, users)
        raw_1 = rates["raw PostGIS, 1 connection"]
        print("In-process (votes/s):")
        for label, rate in rates.items():
            print(f"  {label:<58} {rate:7.0f}/s   {rate / raw_1:5.2f}× raw 1 conn")

        # Enough voters that nobody votes twice within a run (a 400 would show it): HTTP stays below twice the
        # service's in-process rate, which has one process and one connection.
        voters = int(rates["service ballot_cast, in-process, 1 connection"] * 2 * args.seconds) + 1000
        http_rate, counted_ok, loads = None, True, []
        if _http.WRK:
            print(f"\nThrough HTTP: wrk, {args.connections} connections, {args.seconds:g} s each, every voter votes once:")
            for label, overrides in (
                    ("POST vote, gunicorn.conf.py (gthread workers, the default)", {}),
                    ("POST vote, sync workers (GUNICORN_WORKER_CLASS=sync)", {"GUNICORN_WORKER_CLASS": "sync"})):
                load, counted = votes_under_load(database_url, label, seconds=args.seconds, connections=args.connections,
                                                 voters=voters, conninfo=conninfo, **overrides)
                votes = load.count(201)
                # wrk stops mid-flight: requests still on the wire when it stops are counted by the database only.
                consistent = votes <= counted <= votes + args.connections and load.server_errors == 0
                counted_ok &= consistent
                print(f"{load.line()}   {load.per_second / raw_1:5.2f}× raw")
                print(f"  {'':<58} 201: {votes}, database counted {counted}, other: "
                      f"{ {s: n for s, n in load.statuses.items() if s != 201} or 'none'} -> {'consistent' if consistent else 'INCONSISTENT'}")
                loads.append(load)
            http_rate = loads[0].per_second
            _users, sessions = _http.residents_with_sessions(2000, "reference")
            print("\nReferences, same machine, same run:")
            for load in _http.reference_loads(database_url, sessions, seconds=args.seconds, connections=args.connections,
                                              conninfo=conninfo, post_body='{"options":[1]}'):
                print(load.line())
                loads.append(load)
        else:
            print(_http.wrk_missing_note())

        poll, options = make_poll("race")
        _users, sessions = _http.residents_with_sessions(args.racers, "race")
        connection.close()
        with _http.Gunicorn(database_url) as server:
            race_rate, statuses = race(server.port, "race", sessions, options, args.clients)
        counted = Participation.objects.filter(poll=poll).count()
        exactly_once = counted == len(sessions) and statuses.get(201) == len(sessions) \
            and statuses.get(400) == len(sessions) and not any(s >= 500 for s in statuses)
        print(f"\nRace: {len(sessions)} voters each send two votes at the same moment ({args.clients} client threads, "
              f"{race_rate:.0f} requests/s)")
        print(f"  status codes {dict(sorted(statuses.items()))} (201 counted, 400 'already voted'); "
              f"counted {counted} of {len(sessions)}: exactly once: {'yes' if exactly_once else 'NO'}")
        if http_rate is None:
            http_rate = race_rate / 2

        print(f"\nGoal ≥ {GOAL_HTTP:,} votes/s through HTTP, none double-counted: "
              f"{_http.verdict(http_rate >= GOAL_HTTP and exactly_once and counted_ok)} "
              f"({http_rate:.0f} votes/s = {http_rate / raw_1:.2f}× raw on 1 connection; exactly once: "
              f"{'yes' if exactly_once and counted_ok else 'NO'})")
        if _http.WRK:
            vote, bare, authenticated = loads[0], loads[3], loads[4]
            per_vote = sum(vote.cpu_ms.values())
            if per_vote:  # none when both runs stalled
                print(f"  Where the time goes: a vote costs {per_vote:.1f} ms of CPU ({vote.cpu_ms['django']:.1f} ms gunicorn+Django, "
                      f"{vote.cpu_ms['postgres']:.1f} ms PostgreSQL): {cores * 1000 / per_vote:.0f} votes/s at most on {cores} cores "
                      "if nothing else ran on them, not even the load generator.")
            print(f"  Django's floor: an authenticated POST that does nothing costs {sum(authenticated.cpu_ms.values()):.1f} ms "
                  f"and ran at {authenticated.per_second:.0f}/s; every middleware without a database {bare.per_second:.0f}/s; "
                  f"gunicorn without Django {loads[2].per_second:.0f}/s.")
        return 0 if exactly_once and counted_ok else 1


if __name__ == "__main__":
    sys.exit(main())
