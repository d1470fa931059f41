"""Members: registration with protected personal data, probation, transfers, scope."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from fucai.core.models import AuditEntry
from fucai.core.tests.factories import id_number

from .. import services
from ..choices import MemberStatus, TransferDirection
from ..models import PartyMember
from .factories import BranchFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _register(cast, **kwargs):
    values = {
        "acting_user": cast["party"],
        "branch": BranchFactory(),
        "name": "王红",
        "id_number": id_number(8101),
        "phone": "13912345678",
        "joined_on": datetime.date(2018, 7, 1),
    }
    values.update(kwargs)
    return services.member_register(**values)


def test_it_stores_the_id_number_encrypted_and_masked(cast):
    member = _register(cast)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM party_partymember WHERE id = %s", [member.pk])
        stored_id, stored_phone = cursor.fetchone()
    assert id_number(8101) not in stored_id
    assert "13912345678" not in stored_phone
    member.refresh_from_db()
    assert member.id_number_masked == "330302********" + id_number(8101)[-4:]
    assert member.phone_masked == "139****5678"
    entry = AuditEntry.objects.get(object_id=str(member.pk), content_type__model="partymember")
    assert entry.actor == cast["party"]
    assert id_number(8101) not in str(entry.changes)


def test_it_rejects_an_invalid_id_number_and_a_duplicate(cast):
    with pytest.raises(ValidationError):
        _register(cast, id_number="330302199001011230")
    _register(cast)
    with pytest.raises(ValidationError):
        _register(cast, name="另一人")


def test_only_the_party_office_registers_members(cast):
    with pytest.raises(PermissionDenied):
        _register(cast, acting_user=cast["leader"])


def test_a_probationary_member_becomes_full_after_a_year(cast):
    member = _register(cast)
    with pytest.raises(ValidationError):
        services.member_make_full(
            acting_user=cast["party"], member=member, on=datetime.date(2019, 6, 1)
        )
    services.member_make_full(
        acting_user=cast["party"], member=member, on=datetime.date(2019, 7, 1)
    )
    member.refresh_from_db()
    assert member.status == MemberStatus.FULL
    assert member.full_on == datetime.date(2019, 7, 1)


def test_transfers_in_and_out_are_kept_as_history(cast):
    member = _register(cast, transferred_from="瑞安市委党校党支部")
    services.member_transfer_out(
        acting_user=cast["party"],
        member=member,
        on=datetime.date(2019, 9, 1),
        organization="市民政局机关党支部",
    )
    member.refresh_from_db()
    assert member.status == MemberStatus.TRANSFERRED_OUT
    assert [t.direction for t in member.transfers.order_by("id")] == [
        TransferDirection.IN,
        TransferDirection.OUT,
    ]
    assert not PartyMember.objects.current().filter(pk=member.pk).exists()
    with pytest.raises(ValidationError):
        services.member_transfer_out(
            acting_user=cast["party"], member=member, on=datetime.date(2019, 9, 2), organization="x"
        )


def test_a_linked_member_sees_only_their_own_record(cast):
    own = MemberFactory(user=cast["stations"])
    MemberFactory()
    assert list(PartyMember.objects.visible_to(cast["stations"])) == [own]
    assert PartyMember.objects.visible_to(cast["leader"]).count() == 2
    assert not PartyMember.objects.visible_to(cast["lucheng"]).exists()


def test_my_record_shows_the_linked_member(client, cast):
    MemberFactory(user=cast["stations"], name="赵党员")
    client.force_login(cast["stations"])
    page = client.get("/party/me/").content.decode()
    assert "赵党员" in page
    # Not a dead end: back home (the member's account has no party office access).
    assert '<a href="/">首页</a>' in page
    client.force_login(cast["finance"])
    assert "赵党员" not in client.get("/party/me/").content.decode()


def test_the_member_list_is_masked_and_a_few_queries(client, cast, django_assert_max_num_queries):
    for _ in range(12):
        MemberFactory()
    client.force_login(cast["party"])
    with django_assert_max_num_queries(12):
        response = client.get("/party/members/")
    page = response.content.decode()
    assert "********" in page
    assert id_number(7000) not in page


def test_the_clerk_registers_a_member_linked_to_an_account(client, cast):
    branch = BranchFactory()
    client.force_login(cast["party"])
    data = {
        "branch": branch.pk,
        "name": "孙链接",
        "id_number": id_number(8202),
        "phone": "13812345678",
        "joined_on": "2015-07-01",
        "status": "full",
        "full_on": "2016-07-01",
        "username": "nobody",
    }
    assert client.post("/party/members/new/", data).status_code == 400
    data["username"] = "finance"
    response = client.post("/party/members/new/", data)
    assert response.status_code == 302
    member = PartyMember.objects.get(name="孙链接")
    assert member.user == cast["finance"]
    client.force_login(cast["finance"])
    assert "孙链接" in client.get("/party/me/").content.decode()


def test_a_post_change_is_audited(client, cast):
    member = MemberFactory()
    client.force_login(cast["party"])
    client.post(f"/party/members/{member.pk}/post/", {"post": "propaganda", "department": "办公室"})
    member.refresh_from_db()
    assert member.post == "propaganda"
    entry = AuditEntry.objects.filter(object_id=str(member.pk)).latest("pk")
    assert set(entry.changes) == {"post", "department"}


def test_the_member_page_forms_have_ids_of_their_own(client, cast):
    """Five forms on the page (two with a department, two with a date "on"): a label
    opens its own form's field."""
    member = MemberFactory(status="probationary")
    client.force_login(cast["party"])
    page = client.get(f"/party/members/{member.pk}/").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert 'for="pioneer_department"' in page and 'id="post_department"' in page


def test_the_clerk_sets_up_and_renames_a_branch_on_its_pages(client, cast):
    from django.urls import reverse

    from ..models import PartyBranch

    client.force_login(cast["party"])
    home = client.get(reverse("party:index")).content.decode()
    assert reverse("party:branch_create") in home
    response = client.post(
        reverse("party:branch_create"), {"name": "瑞安分中心党支部", "founded_on": "2016-07-01"}
    )
    assert response.status_code == 302
    branch = PartyBranch.objects.get(name="瑞安分中心党支部")
    assert str(branch.founded_on) == "2016-07-01"
    # The same name again is a form error, not a database error.
    again = client.post(reverse("party:branch_create"), {"name": "瑞安分中心党支部"})
    assert again.status_code == 400
    assert "已存在" in again.content.decode()  # the message is shown, not only a red border
    edit = reverse("party:branch_edit", args=[branch.pk])
    assert client.post(edit, {"name": "瑞安党支部", "founded_on": ""}).status_code == 302
    branch.refresh_from_db()
    assert (branch.name, branch.founded_on) == ("瑞安党支部", None)
    entry = AuditEntry.objects.filter(object_id=str(branch.pk), action="update").get()
    assert entry.actor == cast["party"] and "name" in entry.changes
    # Leadership reads party building but does not set up branches.
    client.force_login(cast["leader"])
    assert reverse("party:branch_create") not in client.get(reverse("party:index")).content.decode()
    assert client.post(edit, {"name": "x"}).status_code == 403
