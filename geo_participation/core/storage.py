import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files; ES module imports are rewritten to the hashed names too, so a new
    release never mixes a fresh page script with a cached module it imports."""

    support_js_module_import_aggregation = True


@deconstructible(path="geo_participation.core.storage.PrivateFileStorage")
class PrivateFileStorage(FileSystemStorage):
    """Files that only a view hands out, after asking who may see them (photos of contributions that may be
    pending or hidden): they live in PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, so no web server serves them, and
    they have no URL of their own, so no page can link past that view by mistake."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("Private files have no URL: link to the view that checks who may see them.")


def private_storage():
    """The storage of files behind a permission check (STORAGES["private"]); a callable, so migrations name it."""
    return storages["private"]
