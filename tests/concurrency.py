"""Helpers for tests that race real requests: a live server like production's (``race_server``), a logged-in
person's cookies, and calls started at the same moment.

The server handles at most ``WORKERS`` requests at once, like gunicorn with a fixed number of workers, each worker
thread with its own, kept database connection; more requests wait in the listen queue. That keeps the suite within
the database's connection limit while requests still race inside PostgreSQL. An app's conftest.py makes a fixture of
it::

    @pytest.fixture
    def race_server(transactional_db):
        with live_race_server() as server:
            yield server
"""

import http.client
import json
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test import Client
from django.test.testcases import LiveServerThread, _StaticFilesHandler

CSRF_TOKEN = "r" * 32  # an unmasked secret: the cookie and the header carry the same value


def session_id(user) -> str:
    """The session cookie of ``user``, logged in without a request."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def logged_in_session(user) -> requests.Session:
    """A ``requests`` session of ``user`` that passes the CSRF check and asks for JSON."""
    session = requests.Session()
    session.cookies.set(settings.SESSION_COOKIE_NAME, session_id(user))
    session.cookies.set(settings.CSRF_COOKIE_NAME, CSRF_TOKEN)
    session.headers.update({"X-CSRFToken": CSRF_TOKEN, "Accept": "application/json"})
    return session


def all_at_once(calls: list) -> list:
    """Run the calls in threads released together by a barrier, so they really race; their results in order.

    A call that raises fails the test with its exception once every thread has finished.
    """
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except BaseException as error:  # noqa: BLE001 - raised in the test's thread below
            errors.append(error)
        finally:
            # A call that used the ORM opened this thread's own connection: closed here, not whenever the thread's
            # objects are collected, or the test database cannot be dropped at the end ("accessed by other users").
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


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


@contextmanager
def live_race_server():
    thread = PooledLiveServerThread("127.0.0.1", _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    try:
        yield LiveServer("127.0.0.1", thread.port)
    finally:
        thread.terminate()
