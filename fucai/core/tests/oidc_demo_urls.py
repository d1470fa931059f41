"""The site's URLs with the demo identity provider mounted, for tests: ``fucai.urls``
is imported once with FUCAI_OIDC_DEMO off, so it never mounts it there."""

from django.urls import include, path

from fucai.core.testing.oidc_demo import PREFIX, provider_patterns
from fucai.urls import handler400, handler403, handler404, handler500
from fucai.urls import urlpatterns as site

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [*site, path(PREFIX, include(provider_patterns))]
