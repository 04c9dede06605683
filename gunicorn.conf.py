"""Gunicorn settings for production (the Docker image) and the benchmarks; gunicorn reads this file from the working
directory by itself. Each value can be overridden by the environment or on the command line.

Sync workers by default, gthread on request (GUNICORN_WORKER_CLASS=gthread). Threads keep connections alive and
let a worker serve another request while one waits for PostgreSQL; benchmarks.poll_votes measured gthread at
1.0-1.4x the votes per second of sync workers when neither stalled. But gunicorn 24 to 27 (27.0.1 is pinned) with
gthread sometimes leaves every thread of a worker idle while requests wait, for up to 5 s, when a burst of new
connections follows others being closed (wrk against a bare WSGI app, 2 workers; not seen with gunicorn 23.0.0).
A platform that must not hang during a vote takes the steady choice: sync workers behind a reverse proxy, which
buffers slow clients and keeps its own connections alive. Switch to gthread once upstream fixes the stall.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
# Sync workers wait on PostgreSQL, so more of them than cores; gthread workers are one per core.
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
