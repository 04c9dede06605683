"""A live server for the race tests: real concurrent HTTP requests against PostgreSQL.

Like a production server (gunicorn has a fixed number of workers) it handles at most ``WORKERS`` requests
at once, each worker thread with its own, kept database connection; more requests wait in the listen queue.
That keeps the suite within the database's connection limit while requests still race inside PostgreSQL.
"""

import http.client
import json
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread, _StaticFilesHandler

from tests.concurrency import CSRF_TOKEN

WORKERS = 24


class PooledWSGIServer(ThreadedWSGIServer):
    request_queue_size = 512

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="live-server")

    def get_request(self):
        request, address = super().get_request()
        # Without this, Nagle's algorithm and delayed ACKs add 40 ms to every small response.
        request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return request, address

    def process_request(self, request, client_address):
        self._pool.submit(self.process_request_thread, request, client_address)

    def _close_connections(self):
        pass  # each worker keeps its connection between requests, as CONN_MAX_AGE does in production

    def server_close(self):
        super().server_close()
        # Close every worker's connection in its own thread: each task waits until all workers hold one.
        barrier = threading.Barrier(WORKERS)
        for _ in range(WORKERS):
            self._pool.submit(lambda: (barrier.wait(), connections.close_all()))
        self._pool.shutdown(wait=True)


class PooledLiveServerThread(LiveServerThread):
    server_class = PooledWSGIServer


@dataclass
class LiveServer:
    host: str
    port: int

    def request(self, method: str, path: str, *, session: str | None = None, body=None) -> tuple[int, dict | str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Content-Type": "application/json", "Accept": "application/json",
                   "X-CSRFToken": CSRF_TOKEN, "Cookie": f"csrftoken={CSRF_TOKEN}"}
        if session:
            headers["Cookie"] += f"; sessionid={session}"
        try:
            connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        try:
            return response.status, json.loads(text)
        except ValueError:
            return response.status, text


@pytest.fixture
def race_server(transactional_db):
    thread = PooledLiveServerThread("127.0.0.1", _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield LiveServer("127.0.0.1", thread.port)
    thread.terminate()
