import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fucai.welfare.choices import EntryKind, LedgerAccount
from fucai.welfare.models import JournalEntry, Posting

from .factories import LedgerPeriodFactory, WelfareProjectFactory

pytestmark = pytest.mark.django_db


def _entry(number=1):
    return JournalEntry.objects.create(
        number=number,
        period=LedgerPeriodFactory(),
        booked_on=datetime.date(2019, 1, 31),
        kind=EntryKind.ACCRUAL,
        memo="2019-01",
    )


def test_entries_and_postings_are_append_only():
    entry = _entry()
    posting = Posting.objects.create(entry=entry, account=LedgerAccount.RAISED, amount_fen=-100)
    entry.memo = "changed"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(ValidationError):
        JournalEntry.objects.all().delete()
    with pytest.raises(ValidationError):
        Posting.objects.filter(pk=posting.pk).update(amount_fen=5)
    with pytest.raises(ValidationError):
        posting.delete()
    assert Posting.objects.get(pk=posting.pk).amount_fen == -100


def test_money_on_a_project_account_names_the_project():
    entry = _entry()
    with pytest.raises(IntegrityError), transaction.atomic():
        Posting.objects.create(entry=entry, account=LedgerAccount.ALLOCATED, amount_fen=100)
    project = WelfareProjectFactory()
    Posting.objects.create(
        entry=entry, account=LedgerAccount.ALLOCATED, project=project, amount_fen=100
    )
    Posting.objects.create(entry=entry, account=LedgerAccount.RETAINED, amount_fen=-100)
    assert entry.postings.balance() == 0
    assert Posting.objects.filter(account=LedgerAccount.ALLOCATED).balance() == 100


def test_a_zero_posting_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        Posting.objects.create(entry=_entry(), account=LedgerAccount.RAISED, amount_fen=0)
