"""Gunicorn settings for production (the Docker image) and the benchmarks; gunicorn reads this file from the working
directory by itself. Each value can be overridden by the environment or on the command line.

Why threads: with sync workers gunicorn closes the connection after every response (no keep-alive) and then lingers
until the client has closed its side, so each request paid a new TCP connection and a worker stayed blocked in the
meantime; measured with benchmarks.poll_votes, gthread workers served about 1.5-3× the requests per second on the
same 2 cores. Threads also let a worker serve another request while one waits for PostgreSQL. Workers are
processes: one per core, so that Python code runs on every core (the GIL keeps one worker's threads on one).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
# Each thread keeps its own database connection (CONN_MAX_AGE): workers × threads connections in all.
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
