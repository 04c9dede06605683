"""What the HTTP benchmarks share: a throwaway database with the real city, residents with sessions, gunicorn as in
production (gunicorn.conf.py and the production settings), wrk as the load generator, and CPU time per request.

Throughput on these shared 2-core machines swings with whatever else runs; the CPU time that the gunicorn workers
and the PostgreSQL backends spend per request swings much less, and tells where a request's time goes. Both are
printed. The load generator runs on the same cores as the server, as the database does: all three share them.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSRF = "b" * 32
WRK = shutil.which("wrk")
LUA = Path(__file__).with_name("_requests.lua")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def setup_django(bench_database: str) -> str:
    """Django with the benchmark's settings and database name; returns the name.

    BENCH_DATABASE_SUFFIX (e.g. ``_alice``) is appended to the name, so that people who share a PostgreSQL server
    can run the benchmarks at the same time without dropping each other's database.
    """
    # The server's settings in this process too: sessions made here are signed with the server's SECRET_KEY.
    name = bench_database + os.environ.get("BENCH_DATABASE_SUFFIX", "")
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks._settings"
    os.environ["TEST_DATABASE_NAME"] = name  # read by settings.base
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return name


@contextmanager
def throwaway_database():
    """A fresh, migrated database next to the configured one, dropped afterwards; yields its URL."""
    from django.conf import settings
    from django.db import connection

    original = settings.DATABASES["default"]["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    db = settings.DATABASES["default"]
    try:
        yield f"postgis://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    finally:
        connection.close()
        connection.creation.destroy_test_db(original, verbosity=0)


# Bodies are read into one buffer, over and over, as a reverse proxy reads them: read() and read(n) make fresh objects
# of the body's size in this process, which glibc maps and faults in anew each time, 1-2 ms for a megabyte of the
# measuring process's own work counted against the app (benchmarks/README.md, "Third round"). The bytes are dropped.
_BODY_BUFFER = memoryview(bytearray(4 << 20))


def drain(response) -> int:
    """Read an http.client response's whole body into the reused buffer; its size."""
    size = 0
    while read := response.readinto(_BODY_BUFFER):
        size += read
    return size


def raw_conninfo() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    options = db.get("OPTIONS", {}).get("options")  # as the app connects (jit off): the same server behaviour
    return (f"host={db['HOST']} port={db['PORT']} user={db['USER']} dbname={db['NAME']}"
            + (f" password={db['PASSWORD']}" if db.get("PASSWORD") else "")
            + (f" options='{options}'" if options else ""))


def load_city() -> None:
    """The real boundary and districts: projects' areas default to the boundary (3,000 vertices), as in production."""
    from geo_participation.core.demo import FIXTURES
    from maps.geo.services import areas_load

    areas_load(boundary_file=FIXTURES / "boundary.geojson", districts_file=FIXTURES / "districts.geojson")


def residents_with_sessions(count: int, prefix: str):
    """Confirmed residents, each logged in (a session row, as after logging in); returns users and session keys."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from geo_participation.accounts.models import User

    now = timezone.now()
    password = make_password(None)
    users = User.objects.bulk_create([User(username=f"{prefix}-{i}", email=f"{prefix}-{i}@example.org",
                                           password=password, email_confirmed_at=now) for i in range(count)])
    store, expiry, sessions = SessionStore(), now + timezone.timedelta(days=1), []
    for user in users:
        data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash()}
        sessions.append(Session(session_key=uuid.uuid4().hex, session_data=store.encode(data), expire_date=expiry))
    Session.objects.bulk_create(sessions)
    return users, [s.session_key for s in sessions]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime, all threads


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                children.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return children


class Gunicorn:
    """gunicorn with the repository's gunicorn.conf.py (as the Docker image runs it) and the production settings."""

    def __init__(self, database_url: str, *, app: str = "geo_participation.wsgi", **overrides: str):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)
        env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "benchmarks._settings",
               "GUNICORN_BIND": f"127.0.0.1:{self.port}",
               "GUNICORN_MAX_REQUESTS": "0"}  # no worker restarts in the middle of a measurement
        env.update(overrides)
        self.description = ", ".join(f"{k.lower().removeprefix('gunicorn_')}={v}" for k, v in overrides.items())
        # Access log on (as in production), to /dev/null; errors to a file that is shown if anything fails.
        self.process = subprocess.Popen([sys.executable, "-m", "gunicorn", app, "--error-logfile", self.log.name],
                                        cwd=ROOT, env=env, start_new_session=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # the port opens before the workers answer: wait for an answer
            try:
                connection = HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/robots.txt")
                connection.getresponse().read()
                connection.close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            self.stop()
            raise RuntimeError(f"gunicorn did not start:\n{self.errors()}")
        self._settle()
        self.url = f"http://127.0.0.1:{self.port}"

    def _settle(self, interval: float = 0.3, limit: float = 30) -> None:
        """Wait until every worker has booted and sits idle. One answer comes from the first worker ready; another
        still loading the application when the CPU meter takes its first sample would add its boot to the requests."""
        deadline, last = time.monotonic() + limit, None
        while time.monotonic() < deadline:
            now = {pid: _cpu_seconds(pid) for pid in self.worker_pids()}
            if last is not None and now.keys() == last.keys() and sum(now.values()) - sum(last.values()) < 0.02:
                return
            last = now
            time.sleep(interval)

    def worker_pids(self) -> list[int]:
        return _children(self.process.pid)

    def errors(self) -> str:
        try:
            return Path(self.log.name).read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        Path(self.log.name).unlink(missing_ok=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class CpuMeter:
    """CPU seconds spent by the gunicorn workers and by the PostgreSQL backends of the benchmark's database."""

    def __init__(self, server: Gunicorn, conninfo: str):
        import psycopg

        self.server, self.monitor = server, psycopg.connect(conninfo, autocommit=True)
        self.database = self.monitor.info.dbname

    def _backends(self) -> list[int]:
        return [pid for (pid,) in self.monitor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [self.database])]

    def sample(self) -> dict[str, dict[int, float]]:
        return {"django": {pid: _cpu_seconds(pid) for pid in self.server.worker_pids()},
                "postgres": {pid: _cpu_seconds(pid) for pid in self._backends()}}

    @staticmethod
    def spent(before, after) -> dict[str, float]:
        return {side: sum(after[side].get(pid, 0.0) - before[side].get(pid, 0.0) for pid in after[side])
                for side in after}

    def close(self) -> None:
        self.monitor.close()


@dataclass
class Load:
    """What one wrk run measured."""

    label: str
    requests: int
    seconds: float
    statuses: dict[int, int] = field(default_factory=dict)
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    cpu_ms: dict[str, float] = field(default_factory=dict)  # per request: django, postgres
    note: str = ""

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def count(self, *statuses: int) -> int:
        return sum(self.statuses.get(s, 0) for s in statuses)

    @property
    def server_errors(self) -> int:
        return sum(n for s, n in self.statuses.items() if s >= 500)

    def cpu_text(self) -> str:
        if not self.cpu_ms:
            return ""
        django, postgres = self.cpu_ms.get("django", 0.0), self.cpu_ms.get("postgres", 0.0)
        return f"CPU/request: {django:5.2f} ms gunicorn+Django, {postgres:5.2f} ms PostgreSQL"

    def line(self, width: int = 58) -> str:
        unexpected = {s: n for s, n in self.statuses.items() if s >= 300}
        return (f"  {self.label:<{width}} {self.per_second:7.0f}/s   p50 {self.p50_ms:6.1f} ms  p99 {self.p99_ms:6.1f} ms   "
                f"{self.cpu_text()}" + (f"   status codes {unexpected}" if unexpected else "")
                + (f"   ({self.note})" if self.note else ""))


def write_requests(lines: list[tuple[str, str, str, str]]) -> Path:
    """A request file for _requests.lua: method, path, session key ('' for none), JSON body ('' for none)."""
    handle = tempfile.NamedTemporaryFile("w", prefix="wrk-", suffix=".tsv", delete=False, encoding="utf-8")
    with handle:
        for method, path, session, body in lines:
            handle.write(f"{method}\t{path}\t{session}\t{body}\n")
    return Path(handle.name)


def wrk(server: Gunicorn, label: str, requests: Path, *, connections: int, seconds: float, threads: int = 2,
        meter: CpuMeter | None = None) -> Load:
    """Replay the request file against the server with wrk for the given time; None-safe only where WRK exists."""
    assert WRK, "wrk is not installed"
    before = meter.sample() if meter else None
    result = subprocess.run(
        [WRK, "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s", "-s", str(LUA),
         server.url, "--", str(requests), str(threads), CSRF],
        capture_output=True, text=True, timeout=seconds + 60)
    load = Load(label=label, requests=0, seconds=seconds)
    for line in result.stdout.splitlines():
        parts = line.split()
        if parts[:1] == ["status"]:
            load.statuses[int(parts[1])] = int(parts[2])
        elif parts[:1] == ["latency"]:
            load.p50_ms, load.p99_ms = float(parts[1]), float(parts[2])
        elif parts[:1] == ["done"]:
            load.requests, load.seconds = int(parts[1]), int(parts[2]) / 1e6
    if result.returncode != 0 or "done" not in result.stdout:
        raise RuntimeError(f"wrk failed: {result.stdout}\n{result.stderr}")
    if meter and load.requests:
        spent = CpuMeter.spent(before, meter.sample())
        load.cpu_ms = {side: 1000 * seconds_spent / load.requests for side, seconds_spent in spent.items()}
    return load


def wrk_missing_note() -> str:
    return ("  wrk is not installed: the load-generator part is skipped (apt-get install wrk, or "
            "`bash scripts/bootstrap.sh test`, which installs it).")


def stalled(load: Load, connections: int) -> bool:
    return load.requests < 3 * connections


def run_load(database_url: str, label: str, prepare, *, connections: int, seconds: float, conninfo: str | None,
             app: str = "geo_participation.wsgi", **gunicorn_env: str):
    """One wrk run against a gunicorn of its own; ``prepare()`` makes fresh data and returns (request file, context).

    Each run gets a fresh server and no warm-up burst. A run that served almost nothing is done once more with
    fresh data, and says so. (Such "stalls" were once blamed on gunicorn's gthread workers; they came from a request
    file with fewer lines than wrk threads, which left a thread's connections idle: _requests.lua now shares.)
    """
    from django.db import connection

    for attempt in (1, 2):
        requests, context = prepare()
        connection.close()  # gunicorn's workers bring their own connections
        with Gunicorn(database_url, app=app, **gunicorn_env) as server:
            meter = CpuMeter(server, conninfo) if conninfo else None
            try:
                load = wrk(server, label, requests, connections=connections, seconds=seconds, meter=meter)
            finally:
                if meter:
                    meter.close()
            if load.server_errors:
                print(server.errors())
        requests.unlink()
        if not stalled(load, connections):
            break
        if attempt == 1:
            print(f"  ({label}: only {load.requests} requests in {load.seconds:.0f} s, server stalled; once more)")
    if attempt == 2:
        load.note = "run twice: the server stalled the first time" + (", and again" if stalled(load, connections) else "")
    return load, context


def reference_loads(database_url: str, sessions: list[str], *, seconds: float, connections: int, conninfo: str,
                    post_body: str) -> list[Load]:
    """What this machine can do at all over HTTP: gunicorn without Django, Django with every middleware but no
    database, and Django reading the session and user for an authenticated POST (what every vote pays first)."""
    runs = [
        ("gunicorn alone, no Django (the server's ceiling)", "benchmarks._hello:application", None,
         [("GET", "/", "", "")]),
        ("Django, every middleware, no database", "geo_participation.wsgi", conninfo, [("GET", "/bench/bare/", "", "")]),
        ("Django, authenticated POST: session + user + CSRF", "geo_participation.wsgi", conninfo,
         [("POST", "/bench/authenticated/", s, post_body) for s in sessions]),
    ]
    return [run_load(database_url, label, lambda lines=lines: (write_requests(lines), None), connections=connections,
                     seconds=seconds, conninfo=meter_conninfo, app=app)[0]
            for label, app, meter_conninfo, lines in runs]


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"
