"""The demo's 2019 commendations: opened from the data, decided, published — also when
no grading was published (Station.grade empty)."""

import pytest

from fucai.demo.builder import _county_regions, build_demo, flush_demo
from fucai.demo.commendations import REJECT_REASON, build_commendations
from fucai.governance.choices import AwardRoundStatus, NominationStatus
from fucai.governance.models import AwardRound, Nomination
from fucai.stations.models import Station

pytestmark = pytest.mark.django_db


def test_the_2019_round_is_decided_and_published_without_grades():
    build_demo(stations=60, sales=False, recruitment=False, governance=False)
    assert not Station.objects.exclude(grade="").exists()
    summary = build_commendations(2019)
    award_round = AwardRound.objects.get(year=2019)
    assert award_round.status == AwardRoundStatus.PUBLISHED
    assert summary.nominated == award_round.nominations.count() > 0
    assert not award_round.nominations.filter(status=NominationStatus.NOMINATED).exists()
    accepted = award_round.nominations.filter(status=NominationStatus.ACCEPTED)
    assert accepted.count() == sum(summary.awarded.values()) > 0
    assert not accepted.filter(certificate_number="").exists()
    assert set(
        award_round.nominations.filter(status=NominationStatus.REJECTED).values_list(
            "reason", flat=True
        )
    ) <= {REJECT_REASON}
    # Running it again changes nothing; flushing the demo removes the round.
    build_commendations(2019)
    assert AwardRound.objects.count() == 1
    flush_demo(_county_regions())
    assert not Nomination.objects.exists() and not AwardRound.objects.exists()
