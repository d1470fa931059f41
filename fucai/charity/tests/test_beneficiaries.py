import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fucai.core.models import AuditEntry
from fucai.core.tests.factories import id_number, region

from ..models import Beneficiary, Benefit
from ..services import activities
from ..services import beneficiaries as services
from .factories import ActivityFactory

pytestmark = pytest.mark.django_db


def _register(cast, n=1, name="王五", **kwargs):
    return services.beneficiary_register(
        acting_user=cast["charity"],
        name=name,
        id_number=id_number(n),
        region=region("330302"),
        category="poor",
        **kwargs,
    )


def test_an_id_number_is_validated(cast):
    with pytest.raises(ValidationError):
        services.beneficiary_register(
            acting_user=cast["charity"],
            name="王五",
            id_number=id_number(1)[:17] + ("0" if id_number(1)[17] != "0" else "1"),
            region=region("330302"),
            category="poor",
        )


def test_registering_a_known_person_links_to_their_record(cast):
    person, created = _register(cast)
    again, created_again = _register(cast, name="王 五")
    assert created and not created_again
    assert again.pk == person.pk and again.name == "王五"
    assert Beneficiary.objects.count() == 1


def test_merging_moves_what_the_duplicate_received_and_is_audited(cast):
    survivor, _ = _register(cast, 1)
    duplicate, _ = _register(cast, 2, name="王五（重复）")
    activity = ActivityFactory()
    activities.benefit_record(
        acting_user=cast["charity"], activity=activity, beneficiary=duplicate, amount_fen=500
    )
    services.beneficiary_merge(
        acting_user=cast["charity"], survivor=survivor, duplicate=duplicate, reason="同一人"
    )
    assert Benefit.objects.get().beneficiary_id == survivor.pk
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == survivor.pk
    assert list(Beneficiary.objects.current()) == [survivor]
    assert AuditEntry.objects.filter(object_id=str(duplicate.pk), action="update").exists()
    with pytest.raises(ValidationError):
        services.beneficiary_merge(
            acting_user=cast["charity"], survivor=survivor, duplicate=duplicate
        )
    # A benefit recorded later against the merged record lands on the survivor.
    activities.benefit_record(acting_user=cast["charity"], activity=activity, beneficiary=duplicate)
    assert set(Benefit.objects.values_list("beneficiary_id", flat=True)) == {survivor.pk}


def test_the_full_identity_is_revealed_only_to_charity_and_audited(cast):
    person, _ = _register(cast, phone="13912345678")
    identity = services.beneficiary_identity_reveal(acting_user=cast["charity"], beneficiary=person)
    assert identity == {"id_number": id_number(1), "phone": "13912345678"}
    entry = AuditEntry.objects.get(action="reveal")
    assert entry.actor == cast["charity"]
    assert id_number(1) not in str(entry.changes) + entry.comment
    for role in ("leader", "finance", "lucheng", "applicant"):
        with pytest.raises(PermissionDenied):
            services.beneficiary_identity_reveal(acting_user=cast[role], beneficiary=person)


def test_consent_is_recorded_with_its_date(cast):
    import datetime

    person, _ = _register(cast)
    services.beneficiary_consent_record(
        acting_user=cast["charity"],
        beneficiary=person,
        consent=True,
        recorded_on=datetime.date(2019, 12, 13),
    )
    person.refresh_from_db()
    assert person.consent_to_publish and person.consent_recorded_on == datetime.date(2019, 12, 13)
