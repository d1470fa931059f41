"""pytest's root. Settings detect pytest (FUCAI_TESTING). The shared cast of users lives
in fucai/conftest.py and is re-exported here so tests/ (browser tests) can use it too."""

from fucai.conftest import cast, center  # noqa: F401
