import pytest

from fucai.core.choices import OrgUnitKind, Role
from fucai.core.models import OrgUnit
from fucai.core.tests.factories import UserFactory, branch, ensure_regions


@pytest.fixture
def center(db):
    unit, _ = OrgUnit.objects.get_or_create(name="市福彩中心", kind=OrgUnitKind.CENTER)
    return unit


@pytest.fixture
def cast(db, center):
    """One user per role. ``lucheng``/``ruian`` are branch staff of those districts."""
    ensure_regions()
    users = {
        "leader": UserFactory(username="leader", role=Role.LEADERSHIP, org_unit=center),
        "stations": UserFactory(username="stations", role=Role.STATION_MANAGEMENT, org_unit=center),
        "finance": UserFactory(username="finance", role=Role.FINANCE, org_unit=center),
        "charity": UserFactory(username="charity", role=Role.CHARITY, org_unit=center),
        "marketing": UserFactory(username="marketing", role=Role.MARKETING, org_unit=center),
        "party": UserFactory(username="party", role=Role.PARTY_AFFAIRS, org_unit=center),
        "lucheng": UserFactory(
            username="lucheng", role=Role.BRANCH_STAFF, org_unit=branch("330302")
        ),
        "ruian": UserFactory(username="ruian", role=Role.BRANCH_STAFF, org_unit=branch("330381")),
        "inspector": UserFactory(
            username="inspector", role=Role.INSPECTOR, org_unit=branch("330302")
        ),
        "admin": UserFactory(username="admin", role=Role.SYSTEM_ADMIN, org_unit=center),
        "owner": UserFactory(username="owner", role=Role.STATION_OWNER),
        "seller": UserFactory(username="seller", role=Role.SELLER),
        "applicant": UserFactory(username="applicant", role=Role.APPLICANT),
        "outsider": UserFactory(username="outsider", role=""),
    }
    return users
