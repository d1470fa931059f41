"""The demo tests build their data once per module, outside the per-test transactions.
The reference data the demo reads (regions, games and their rates, the fund's rates,
checklists...) comes from data migrations, and a transactional test that ran earlier in
the same worker may have flushed it: each module starts by loading it again."""

import pytest

from conftest import _ensure_reference_data


@pytest.fixture(scope="module", autouse=True)
def _reference_data_before_the_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _ensure_reference_data()
