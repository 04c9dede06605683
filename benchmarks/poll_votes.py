"""Benchmark of the vote write path: how many votes per second, none counted twice, against raw PostGIS.

    .venv/bin/python -m benchmarks.poll_votes [--voters 2000] [--workers 4] [--clients 16]

It creates its own database (``bench_poll_votes``, dropped afterwards) on the server of DATABASE_URL, and
measures in one run, so that the figures compare as ratios (the machines are shared and noisy):

1. raw PostGIS: the service's one SQL statement of a vote (participation, ballot, choice, with the checks)
   sent with bare psycopg 3, on 1 and on 4 connections: the limit;
2. the service ``ballot_cast`` in-process on one connection (ORM, validation, savepoint);
3. the whole path through HTTP: gunicorn (sync workers) serving POST /api/polls/<poll>/vote/ with session
   authentication and CSRF, driven by client threads, every voter voting twice at once: exactly one must count.

Goal (PERFORMANCE.md): at least 1,000 votes per second through HTTP, none double-counted.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "bench_poll_votes"
CSRF = "b" * 32
GOAL_HTTP = 1000


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_participation.settings.test")
    os.environ["TEST_DATABASE_NAME"] = BENCH_DB  # read by settings.base
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_database() -> tuple[str, str]:
    """A fresh, migrated database next to the configured one; returns the configured name and the new URL."""
    from django.conf import settings
    from django.db import connection

    original = settings.DATABASES["default"]["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    db = settings.DATABASES["default"]
    return original, f"postgis://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def make_poll_and_voters(count: int, slug: str):
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from geo_participation.accounts.models import User
    from geo_participation.projects.models import Module, Project, Topic
    from geo_participation.polls.models import Option, Poll

    project, _ = Project.objects.get_or_create(slug="bench", defaults={
        "title": "Bench", "summary": "-", "topic": Topic.CULTURE, "office": "-"})
    now = timezone.now()
    module = Module.objects.create(project=project, format_key="polls", slug=slug, title=slug,
                                   start=now - timezone.timedelta(days=1), end=now + timezone.timedelta(days=1))
    poll = Poll.objects.create(module=module, allow_vote_change=False)
    options = Option.objects.bulk_create([Option(poll=poll, title=f"Option {i}", weight=i) for i in range(5)])
    password = make_password(None)
    users = User.objects.bulk_create([User(username=f"{slug}-{i}", email=f"{slug}-{i}@example.org", password=password,
                                           email_confirmed_at=now) for i in range(count)])
    store = SessionStore()
    expiry = now + timezone.timedelta(days=1)
    sessions = []
    for user in users:
        key = uuid.uuid4().hex
        data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash()}
        sessions.append(Session(session_key=key, session_data=store.encode(data), expire_date=expiry))
    Session.objects.bulk_create(sessions)
    return poll, [o.pk for o in options], users, [s.session_key for s in sessions]


def raw_postgis(poll, option_ids, users, connections: int) -> float:
    """Votes per second with bare psycopg and the service's own statement: the limit for any Django path."""
    import psycopg
    from django.conf import settings

    from geo_participation.polls.services import CAST_SQL

    db = settings.DATABASES["default"]
    dsn = f"host={db['HOST']} port={db['PORT']} user={db['USER']} dbname={db['NAME']}"
    chunks = [users[i::connections] for i in range(connections)]

    def work(chunk):
        with psycopg.connect(dsn, autocommit=True) as conn:
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(database_url: str, workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "geo_participation.settings.test"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "geo_participation.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning", "--backlog", "2048"],
        cwd=ROOT, env=env, start_new_session=True,
        stderr=subprocess.DEVNULL)  # each expected 400 ("already voted") would be logged; 5xx show in the counts
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def post_vote(port: int, slug: str, session: str, option_id: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", f"/api/polls/{slug}/vote/", body=f'{{"options":[{option_id}]}}', headers={
            "Content-Type": "application/json", "X-CSRFToken": CSRF,
            "Cookie": f"csrftoken={CSRF}; sessionid={session}"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def through_http(port: int, slug: str, sessions: list[str], option_ids: list[int], clients: int) -> tuple[float, dict]:
    """Every voter sends two votes at the same time; returns votes counted per second and the status codes."""
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
    elapsed = time.perf_counter() - started
    return len(sessions) / elapsed, statuses


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--clients", type=int, default=16, help="client threads")
    args = parser.parse_args(argv)

    setup_django()
    from django.db import connection

    from geo_participation.polls.models import Participation

    original_name, database_url = create_database()
    print(f"Database {BENCH_DB}; {args.voters} voters per measurement; {os.cpu_count()} CPUs\n")
    try:
        results = {}
        for label, connections in (("raw PostGIS, 1 connection", 1), ("raw PostGIS, 4 connections", 4)):
            poll, options, users, _sessions = make_poll_and_voters(args.voters, f"raw{connections}")
            results[label] = raw_postgis(poll, options, users, connections)

        poll, options, users, _sessions = make_poll_and_voters(args.voters, "service")
        results["service ballot_cast, in-process, 1 connection"] = in_process(poll, options, users)

        poll, options, _users, sessions = make_poll_and_voters(args.voters, "http")
        connection.close()  # gunicorn's workers bring their own
        server, port = start_gunicorn(database_url, args.workers)
        try:
            for _ in range(args.workers * 2):  # warm up the workers (imports, connections)
                warm = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                warm.request("GET", "/api/polls/http/")
                warm.getresponse().read()
                warm.close()
            rate, statuses = through_http(port, "http", sessions, options, args.clients)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        label = f"HTTP, gunicorn {args.workers} workers, {args.clients} clients, each voter twice at once"
        results[label] = rate
        counted = Participation.objects.filter(poll=poll).count()

        base_1, base_4 = results["raw PostGIS, 1 connection"], results["raw PostGIS, 4 connections"]
        width = max(map(len, results))
        print(f"{'':<{width}}  votes/s   ÷ raw 1 conn   ÷ raw 4 conns")
        for label, rate in results.items():
            print(f"{label:<{width}}  {rate:7.0f}   {rate / base_1:10.2f}×   {rate / base_4:10.2f}×")
        print(f"\nHTTP: {2 * rate:.0f} requests/s; status codes {dict(sorted(statuses.items()))} "
              "(201: counted, 400: 'already voted')")
        print(f"Votes counted: {counted} of {len(sessions)} voters; double-counted: {counted - len(sessions) if counted > len(sessions) else 0}")
        ok_count = counted == len(sessions) and statuses.get(201) == len(sessions) and not any(s >= 500 for s in statuses)
        ok_rate = rate >= GOAL_HTTP
        print(f"Goal ≥ {GOAL_HTTP} votes/s through HTTP: {'met' if ok_rate else 'NOT met'} ({rate:.0f}); "
              f"exactly once: {'yes' if ok_count else 'NO'}")
        return 0 if ok_count else 1
    finally:
        connection.close()
        connection.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
