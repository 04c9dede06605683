"""Gunicorn settings for production (the Docker image) and the benchmarks; gunicorn reads this file from the working
directory by itself. Each value can be overridden by the environment or on the command line.

Why threads (gthread): with sync workers gunicorn closes the connection after every response and then lingers until
the client has closed its side, so every request pays a new TCP connection and a worker waits on the client; a slow
client blocks a sync worker outright. Threads keep connections alive, let a worker serve another request while one
waits for PostgreSQL, and park idle connections. Workers are processes, one per core (+1), so that Python runs on
every core (the GIL keeps one worker's threads on one). benchmarks.poll_votes runs both in one go: gthread served
1.0-1.5x the votes per second of sync workers. (Stalls of several seconds once seen in the benchmarks were the
benchmark's own fault, not gunicorn's: see benchmarks/_requests.lua.)
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
# Sync workers wait on PostgreSQL, so twice as many as cores; gthread workers one per core (each plus one).
workers = int(os.environ.get("WEB_CONCURRENCY",
                             multiprocessing.cpu_count() * (1 if worker_class == "gthread" else 2) + 1))
# gthread only. Each thread keeps its own database connection (CONN_MAX_AGE): workers × threads connections.
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Behind the reverse proxy, connections are reused between requests for this many seconds.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Streamed exports of big layers take a while; nothing else should.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Restart workers now and then, so that a slow leak in any library cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# One line per request on stdout (the container log); GUNICORN_ACCESSLOG="" switches it off.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
