"""Two inspectors decide the same reply at once: the order row is locked, so exactly one
decision applies and the other is refused (PostgreSQL: SQLite serializes whole
transactions and cannot show the race)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from fucai.core.tests.factories import region
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from ..choices import RectificationStatus as S
from ..models import RectificationOrder
from ..services import rectifications as services
from .factories import RectificationOrderFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("with_version", [True, False])
def test_concurrent_verify_and_reject_exactly_one_wins(cast, with_version):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    station = StationFactory(region=region("330302"), owner=StationOwnerFactory(user=cast["owner"]))
    order = RectificationOrderFactory(station=station, status=S.REPLIED)
    version = order.version if with_version else None
    barrier = threading.Barrier(2)
    outcomes: list = [None, None]

    def verify():
        services.rectification_verify(order=order, acting_user=cast["inspector"], version=version)

    def reject():
        services.rectification_reject(
            order=order, acting_user=cast["lucheng"], comment="不合格", version=version
        )

    def run(i, action):
        try:
            barrier.wait()
            action()
            outcomes[i] = "won"
        except ValidationError as error:
            outcomes[i] = error.code
        except Exception as error:  # pragma: no cover - reported below
            outcomes[i] = repr(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(0, verify)),
        threading.Thread(target=run, args=(1, reject)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes, key=str).count("won") == 1, outcomes
    loser = next(o for o in outcomes if o != "won")
    assert loser == ("stale" if with_version else "invalid_transition"), outcomes
    order = RectificationOrder.objects.get(pk=order.pk)
    assert order.version == 2
    assert order.events.count() == 1
    assert order.status == (S.VERIFIED if outcomes[0] == "won" else S.OVERDUE)
