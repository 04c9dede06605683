"""A WSGI app without Django, served by the same gunicorn: the HTTP server's and load generator's ceiling here."""


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "11")])
    return [b'{"ok":true}']
