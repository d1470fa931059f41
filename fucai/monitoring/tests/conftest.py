import pytest


@pytest.fixture(autouse=True)
def alert_rules(db):
    """The rule rows come from a data migration; a transactional test elsewhere flushes
    them from a reused test database."""
    from fucai.monitoring.services.rules import ensure_rules

    ensure_rules()
