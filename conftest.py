"""pytest's root: the shared fixtures live in fucai/conftest.py; the browser-test
fixtures in tests/e2e/conftest.py. Settings detect pytest (FUCAI_TESTING)."""
