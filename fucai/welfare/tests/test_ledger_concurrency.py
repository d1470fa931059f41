"""Entry numbers stay gapless and unique when bookings run at the same time."""

import datetime
import threading

import pytest
from django.db import close_old_connections

from fucai.welfare import services
from fucai.welfare.choices import LedgerAccount
from fucai.welfare.models import JournalEntry
from fucai.welfare.services import Line

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_bookings_get_consecutive_numbers(cast):
    finance = cast["finance"]
    errors = []

    def book(day):
        try:
            services.entry_post(
                acting_user=finance,
                booked_on=datetime.date(2019, 1, day),
                memo="并发",
                lines=[Line(LedgerAccount.RETAINED, day), Line(LedgerAccount.RAISED, -day)],
            )
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=book, args=(day,)) for day in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(JournalEntry.objects.values_list("number", flat=True)) == list(range(1, 9))
