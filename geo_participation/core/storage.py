from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files; ES module imports are rewritten to the hashed names too, so a new
    release never mixes a fresh page script with a cached module it imports."""

    support_js_module_import_aggregation = True
