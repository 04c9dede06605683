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

# glibc maps large blocks of memory fresh from the kernel and hands them back, or trims its heap, once they are freed,
# so the pages are faulted in again for the next answer. A GeoJSON answer of 1-2 MB lives in two or three copies on
# its way out (PostgreSQL's value, the body), and each fresh megabyte cost about a millisecond in page faults
# (benchmarks/README.md, "Third round"). Each worker keeps up to 16 MiB freed per arena for the next request instead;
# blocks of 8 MiB and more are still mapped and returned at once.
MALLOC_MMAP_THRESHOLD = int(os.environ.get("GUNICORN_MALLOC_MMAP_THRESHOLD", 8 << 20))
MALLOC_TRIM_THRESHOLD = int(os.environ.get("GUNICORN_MALLOC_TRIM_THRESHOLD", 16 << 20))


def post_fork(server, worker):
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (e.g. musl): nothing to tune
        return
    m_trim_threshold, m_mmap_threshold = -1, -3  # <malloc.h>
    if MALLOC_MMAP_THRESHOLD > 0 and MALLOC_TRIM_THRESHOLD > 0:
        mallopt(m_mmap_threshold, MALLOC_MMAP_THRESHOLD)
        mallopt(m_trim_threshold, MALLOC_TRIM_THRESHOLD)
