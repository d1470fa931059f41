"""The assignment rules are edited on their page by station management: added per
district, changed, a district's own rule deleted (the rule for every district stays);
each change audited and read by the next complaint that comes in."""

import pytest
from django.urls import reverse

from fucai.core.models import AuditEntry, OrgUnit
from fucai.core.tests.factories import OrgUnitFactory, region

from ..models import AssignmentRule
from ..services.complaints import assignment_for

pytestmark = pytest.mark.django_db
URL = reverse("feedback:rules")


def test_station_management_adds_changes_and_deletes_a_districts_rule(client, cast):
    office = OrgUnitFactory(name="站点管理科", kind="department")
    hotline = OrgUnitFactory(name="办公室", kind="department")
    ruian = region("330381")
    AssignmentRule.objects.filter(category="payout").delete()
    client.force_login(cast["stations"])
    assert 'data-testid="rule-form"' in client.get(URL).content.decode()
    city = {"category": "payout", "region": "", "unit": office.pk, "deadline_days": 5}
    assert client.post(URL, city).status_code == 302
    district = city | {"region": ruian.pk, "unit": hotline.pk, "deadline_days": 3}
    assert client.post(URL, district).status_code == 302
    assert assignment_for("payout", ruian.pk) == (hotline, 3)
    assert assignment_for("payout", region("330302").pk) == (office, 5)
    # The same category and district twice: the form says so.
    again = client.post(URL, district)
    assert again.status_code == 400 and "已存在" in again.content.decode()
    # Change the district's rule: the next complaint reads it.
    rule = AssignmentRule.objects.get(category="payout", region=ruian)
    page = client.get(URL, {"edit": rule.pk}).content.decode()
    assert f'name="rule" value="{rule.pk}"' in page
    changed = client.post(URL, district | {"rule": rule.pk, "deadline_days": 2})
    assert changed.status_code == 302
    assert assignment_for("payout", ruian.pk) == (hotline, 2)
    entry = AuditEntry.objects.get(object_id=str(rule.pk), action="update")
    assert entry.actor == cast["stations"] and set(entry.changes) == {"deadline_days"}
    # Bad input is a form error.
    assert client.post(URL, district | {"deadline_days": "0"}).status_code == 400
    # Delete the district's rule: the city rule applies there again; the city rule stays.
    delete = reverse("feedback:rule_delete", args=[rule.pk])
    assert client.post(delete).status_code == 302
    assert assignment_for("payout", ruian.pk) == (office, 5)
    city_rule = AssignmentRule.objects.get(category="payout", region=None)
    client.post(reverse("feedback:rule_delete", args=[city_rule.pk]))
    assert AssignmentRule.objects.filter(pk=city_rule.pk).exists()
    assert AuditEntry.objects.filter(object_id=str(rule.pk), action="delete").exists()


def test_only_station_management_keeps_the_rules(client, cast):
    for who in ("leader", "lucheng", "finance", "owner"):
        client.force_login(cast[who])
        assert client.get(URL).status_code == 403, who
    assert OrgUnit.objects.exists()
