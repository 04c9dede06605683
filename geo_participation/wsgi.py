import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_participation.settings.production")
application = get_wsgi_application()


def warm_up() -> None:
    """Do now, while a worker boots, what Django would otherwise do on the worker's first request: import the URLconf
    (every view module), build the URL index and load the translation catalogues.

    That first request cost 0.3-0.5 s of CPU: under gunicorn, once per worker and again after every restart
    (max_requests), and in a five-second benchmark run it added 2-3 ms to every pin (benchmarks/pins.py).
    """
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    def index(resolver):  # reverse() indexes each namespace's URLs on first use, per language
        resolver.reverse_dict
        for _prefix, namespace in resolver.namespace_dict.values():
            index(namespace)

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Map")  # loads the language's catalogues
            index(get_resolver())  # imports the URLconf the first time


warm_up()
