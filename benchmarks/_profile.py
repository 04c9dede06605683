"""Where one write request's time goes: a vote, a pin through the API and a pin through the form, each sent through
Django's WSGI handler in this process with the benchmarks' production settings, no network and no gunicorn.

    .venv/bin/python -m benchmarks._profile [--requests 300] [--top 40] [--only vote|pin|form]

For each kind it prints the queries of one request (CaptureQueriesContext), the CPU milliseconds per request
(the quickest and the median batch of 25 among --requests, after a warm-up), and a cProfile (CPU time) of as many
more requests, by cumulative and by own time. Function calls per request, which the profile also gives, do not
depend on how busy the machine is: compare those between two versions first.
A throwaway database ``bench_profile`` (plus $BENCH_DATABASE_SUFFIX) is created and dropped.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import sys
import time
from urllib.parse import urlencode

from benchmarks import _http


def environ(method: str, path: str, session: str, body: bytes, content_type: str) -> dict:
    return {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr,
        "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False, "wsgi.version": (1, 0),
        "CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(len(body)),
        "HTTP_COOKIE": f"csrftoken={_http.CSRF}; sessionid={session}", "HTTP_X_CSRFTOKEN": _http.CSRF,
        "HTTP_ACCEPT": "application/json" if content_type == "application/json" else "text/html",
    }


def send(application, request) -> tuple[str, bytes]:
    status = []
    body = b"".join(application(environ(*request), lambda s, headers, exc_info=None: status.append(s)))
    return status[0], body


def requests_of(kind: str, count: int, sessions: list[str], start: int):
    """``count`` requests of one kind, each by a person of its own (votes once each, and no rate limit is hit)."""
    from benchmarks.pins import points
    from benchmarks.poll_votes import make_poll
    from benchmarks.pins import make_format

    if kind == "vote":
        poll, options = make_poll(f"profile-{start}")
        path = f"/api/polls/{poll.module.slug}/vote/"
        return [("POST", path, sessions[start + n], json.dumps({"options": [options[n % len(options)]]}).encode(),
                 "application/json") for n in range(count)], "201"
    module, category = make_format(f"profile-{kind}-{start}")
    places = points(count, seed=start)
    if kind == "pin":
        path = f"/api/mapping/{module.slug}/contributions/"
        return [("POST", path, sessions[start + n], json.dumps({
            "title": f"Pin {n}", "category": category.pk, "attributes": {"tageszeit": "nacht"},
            "geometry": {"type": "Point", "coordinates": list(places[n])}}).encode(), "application/json")
                for n in range(count)], "201"
    path = f"/karte/{module.slug}/beitraege/neu/"
    return [("POST", path, sessions[start + n], urlencode({
        "title": f"Pin {n}", "description": "", "category": category.pk, "attr_tageszeit": "nacht",
        "geometry": json.dumps({"type": "Point", "coordinates": list(places[n])})}).encode(),
             "application/x-www-form-urlencoded") for n in range(count)], "302"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests timed, and as many profiled")
    parser.add_argument("--top", type=int, default=40, help="lines of each profile listing")
    parser.add_argument("--only", choices=("vote", "pin", "form"), action="append", help="profile only these")
    parser.add_argument("--dump", metavar="PREFIX", help="also write each profile to PREFIX<kind>.prof (for pstats)")
    args = parser.parse_args(argv)

    _http.setup_django("bench_profile")
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    kinds = args.only or ["vote", "pin", "form"]
    per_kind = 3 * args.requests + 20
    with _http.throwaway_database():
        _http.load_city()
        _users, sessions = _http.residents_with_sessions(per_kind * len(kinds), "profiler")
        application = get_wsgi_application()
        for number, kind in enumerate(kinds):
            requests, expected = requests_of(kind, per_kind, sessions, number * per_kind)
            warm_up = 20 + args.requests // 3
            warm, timed = requests[:warm_up], requests[warm_up:warm_up + args.requests]
            profiled = requests[warm_up + args.requests:warm_up + 2 * args.requests]
            for request in warm[:-1]:
                status, body = send(application, request)
                assert status.startswith(expected), (status, body[:2000])
            with CaptureQueriesContext(connection) as queries:
                status, body = send(application, warm[-1])
            print(f"\n=== {kind}: {warm[-1][0]} {warm[-1][1]} -> {status}; {len(queries)} queries ===")
            for query in queries.captured_queries:
                print(f"  {query['time']}s  {query['sql'][:300]}")
            # In batches: on a shared machine the quickest batch is the best estimate of the request's own cost.
            batches = []
            for start in range(0, len(timed), 25):
                started_cpu = time.process_time()
                for request in timed[start:start + 25]:
                    status, body = send(application, request)
                    assert status.startswith(expected), (status, body[:2000])
                batches.append(1000 * (time.process_time() - started_cpu) / len(timed[start:start + 25]))
            print(f"  {kind}: {min(batches):.2f} ms CPU per request in the quickest batch of 25, median "
                  f"{statistics.median(batches):.2f} ms (Django and the client side of PostgreSQL, in this process)")
            profile = cProfile.Profile(time.process_time)  # CPU, not waiting for PostgreSQL
            profile.enable()
            for request in profiled:
                send(application, request)
            profile.disable()
            if args.dump:
                profile.dump_stats(f"{args.dump}{kind}.prof")
            for order in ("cumulative", "tottime"):
                out = io.StringIO()
                pstats.Stats(profile, stream=out).strip_dirs().sort_stats(order).print_stats(args.top)
                print(out.getvalue())
        connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
