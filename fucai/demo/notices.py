"""The demo's notices of 2019 (通知公告): circulars from the center and a district branch
to the stations, the staff or both, sent through the notices service, and their read
receipts — most recipients read within days, the last notices of the year are still
partly unread, and the demo owner has one notice waiting."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from fucai.core.choices import Role
from fucai.core.models import AuditEntry, Region, User
from fucai.notices.choices import Audience
from fucai.notices.models import Notice, NoticeRecipient
from fucai.notices.services import notice_send
from fucai.stations.choices import StationKind

# (date, sender, title, audience, district code or "", station kinds, staff roles, text)
# fmt: off
NOTICES = (
    ("2019-01-08", "stations", "关于做好2019年春节期间销售工作的通知", Audience.BOTH, "", (), (),
     "各投注站、各分中心：春节期间请合理安排营业时间，做好安全防范和理性购彩宣传。"),
    ("2019-03-12", "stations", "关于开展2019年度投注站年检工作的通知", Audience.STATIONS, "",
     (), (),
     "请各投注站于4月底前完成自查，备齐代销合同、销售员证书和责任险保单，配合年检。"),
    ("2019-04-20", "marketing", "关于即开型彩票“刮刮乐”新票上市的通知", Audience.STATIONS, "",
     (StationKind.INSTANT, StationKind.COMPUTER), (),
     "新票将于5月1日上市，请各站及时申领宣传物料，做好陈列。"),
    ("2019-05-28", "party", "关于开展“不忘初心、牢记使命”主题教育的通知", Audience.STAFF, "", (),
     (Role.LEADERSHIP, Role.STATION_MANAGEMENT, Role.FINANCE, Role.CHARITY, Role.MARKETING,
      Role.PARTY_AFFAIRS, Role.BRANCH_STAFF),
     "请各科室、各分中心按照中心党支部安排，认真组织学习，按时参加专题党课。"),
    ("2019-06-14", "lucheng", "鹿城区投注站消防安全检查安排", Audience.STATIONS, "330302", (), (),
     "分中心将于6月下旬对辖区投注站开展消防安全检查，请提前自查灭火器和电气线路。"),
    ("2019-07-02", "stations", "关于加强未成年人购彩防范的通知", Audience.BOTH, "", (), (),
     "严禁向未成年人销售彩票，各站须在显著位置张贴“不向未成年人售彩”标识。"),
    ("2019-08-16", "stations", "关于组织销售员持证上岗培训考试的通知", Audience.BOTH, "", (),
     (Role.BRANCH_STAFF, Role.INSPECTOR),
     "未取得销售员证书的人员须参加9月份的线上培训和考试，考试合格后方可上岗。"),
    ("2019-09-25", "stations", "关于做好国庆期间安全销售工作的通知", Audience.BOTH, "", (), (),
     "国庆期间请加强值守，做好防火防盗，遇突发情况及时向分中心报告。"),
    ("2019-11-05", "stations", "关于开展2019年度星级投注站评定的通知", Audience.STATIONS, "",
     (), (),
     "星级评定申请请于11月30日前通过平台提交，分中心初审后报中心复评。"),
    ("2019-12-16", "stations", "关于做好年终结算和2020年元旦销售工作的通知", Audience.BOTH, "",
     (), (), "请各站于12月31日前核对全年销量和代销费，元旦期间正常营业。"),
)
# fmt: on
# How many of a notice's recipients have read it by the end of the demo: nearly all of
# the year's early notices, fewer of the last ones.
READ_SHARE_EARLY, READ_SHARE_LATE = 0.92, 0.55
LATE_FROM = datetime.date(2019, 11, 1)


@dataclass
class NoticeSummary:
    notices: int = 0
    recipients: int = 0
    read: int = 0


def _aware(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def load_demo_notices(*, seed: int) -> NoticeSummary:
    rng = random.Random(f"{seed}-notices")
    users = {u.username: u for u in User.objects.filter(username__in={n[1] for n in NOTICES})}
    regions = {r.code: r for r in Region.objects.filter(level="county")}
    summary = NoticeSummary()
    last = len(NOTICES) - 1
    for index, (day, sender, title, audience, code, kinds, staff_roles, body) in enumerate(NOTICES):
        user = users.get(sender)
        if user is None:
            continue
        sent_on = datetime.date.fromisoformat(day)
        notice = notice_send(
            acting_user=user,
            title=title,
            body=body,
            audience=audience,
            regions=[regions[code]] if code and code in regions else [],
            station_kinds=kinds,
            station_classes=(),
            staff_roles=staff_roles,
            sent_at=_aware(sent_on, 9),
        )
        share = READ_SHARE_LATE if sent_on >= LATE_FROM else READ_SHARE_EARLY
        rows = list(NoticeRecipient.objects.filter(notice=notice).select_related("user"))
        for row in rows:
            # The demo owner leaves the year's last notice unread: their inbox shows it.
            read = index != last if row.user.username == "owner" else rng.random() < share
            if read:
                row.read_at = notice.sent_at + datetime.timedelta(hours=rng.randint(1, 96))
        NoticeRecipient.objects.bulk_update(rows, ["read_at"])
        summary.notices += 1
        summary.recipients += len(rows)
        summary.read += sum(r.read_at is not None for r in rows)
    return summary


def flush_demo_notices() -> dict[str, int]:
    """Delete the notices (before the demo's users, who sent them) and their history."""
    AuditEntry.objects.filter(
        content_type__in=ContentType.objects.get_for_models(Notice, NoticeRecipient).values()
    ).delete()
    return {str(Notice._meta.verbose_name_plural): Notice.objects.all().delete()[0]}
