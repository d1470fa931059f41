"""Static files in production: WhiteNoise's compressed manifest storage, with each
file's URL worked out once per process.

``{% static %}`` asks the storage for a URL on every use: a lookup in the manifest, two
``urlsplit``, an ``unquote`` and a ``urljoin`` each time, and the staff layout prints
nine of them per page. The manifest does not change while a process runs (collectstatic
runs before the server starts), so the answer for a name does not either.
"""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force or settings.DEBUG:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            # A name missing from the manifest raises here, every time: nothing cached.
            url = self._urls[name] = super().url(name)
            return url

    def post_process(self, *args, **kwargs):
        self._urls.clear()  # collectstatic writes a new manifest
        yield from super().post_process(*args, **kwargs)
