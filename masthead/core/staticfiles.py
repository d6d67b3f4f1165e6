"""The static files storage of production and `make run`: WhiteNoise's compressed
manifest storage, with each file's URL worked out once per process.

Every `{% static %}` asks the manifest storage for a URL: it cleans the name, looks it
up in the manifest and joins it to STATIC_URL, about 18 µs a tag on a busy machine (a
dictionary read here), on every render of a page the page cache does not hold. The manifest is read when the process starts and
does not change under it (collectstatic, then a restart), so neither does the URL.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage

MAX_URLS = 4096  # far more than the files we ship; a bound all the same


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        found = self._urls.get((name, force))
        if found is None:
            # An unknown name raises (manifest_strict), so only real files are kept.
            found = super().url(name, force)
            if len(self._urls) < MAX_URLS:
                self._urls[(name, force)] = found
        return found
