"""The marketing demo: a 2019 双色球 派奖 whose participants really sold more, and the
materials, requests and instant-ticket orders of today.

The campaign covers 鹿城, 瓯海, 瑞安 and 乐清 for four weeks of September 2019. Every
other computer-ticket station of those districts (by code) takes part; the rest stay
out and can serve as controls. The participants' 双色球 sales of the campaign days are
raised by ``UPLIFT_NUM / UPLIFT_DEN`` in the daily facts (``inject_uplift``: tickets ×
1.1 with the remainders carried from day to day, sales at the ticket price) and
their monthly rollups recomputed from the days, before the welfare fund is accrued from
them — so the lift the campaign page reads is measured from the data like any other,
never typed. The stock, requests and orders go through the marketing services (each
audited), acting as the demo's ``marketing`` and ``owner`` users.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from fucai.core.models import AuditEntry, Region, User
from fucai.marketing import effect
from fucai.marketing.choices import CampaignKind, CampaignStatus, MaterialKind
from fucai.marketing.models import (
    Campaign,
    CampaignStation,
    InstantTicketOrder,
    Material,
    MaterialRequest,
    StockMovement,
)
from fucai.marketing.services import supplies, tickets
from fucai.sales import rollups
from fucai.sales.models import Game
from fucai.stations.choices import StationKind, StationStatus
from fucai.stations.models import Station

CAMPAIGN_NAME = "2019年双色球10亿元大派奖（温州）"
REGIONS = ("330302", "330304", "330381", "330382")
STARTS_ON = datetime.date(2019, 9, 2)
ENDS_ON = datetime.date(2019, 9, 29)
# The injected effect, as a ratio of tickets: +10% (exact per station, see inject_uplift).
UPLIFT_NUM, UPLIFT_DEN = 11, 10
SSQ_PRICE_FEN = 200
MATERIALS = (
    ("双色球派奖海报", MaterialKind.POSTER, "张", 2000),
    ("派奖活动展架", MaterialKind.DISPLAY, "个", 120),
    ("福彩公益环保袋", MaterialKind.GIFT, "个", 800),
    ("刮刮乐台卡", MaterialKind.DISPLAY, "个", 300),
)
BOOK_VALUE_FEN = 30_000  # a book of 30 scratch cards at 10 yuan


@dataclass
class MarketingSummary:
    participants: int = 0
    lift: dict = field(default_factory=dict)
    # The same comparison before the uplift went in: what chance alone put between the
    # participants and their controls, which the measured lift carries on top of it.
    lift_before: dict = field(default_factory=dict)
    requests: int = 0
    orders: int = 0


def flush_demo_marketing() -> dict[str, int]:
    """Delete every marketing row and its audit trail (before the stations go)."""
    models = (
        StockMovement,
        MaterialRequest,
        InstantTicketOrder,
        CampaignStation,
        Campaign,
        Material,
    )
    types = ContentType.objects.get_for_models(*models).values()
    trail = AuditEntry.objects.filter(content_type__in=types)
    deleted = {"marketing audit entries": trail.delete()[0]}
    for model in models:
        deleted[str(model._meta.verbose_name_plural)] = model.objects.all().delete()[0]
    return deleted


def load_demo_marketing(*, seed: int) -> MarketingSummary:
    summary = MarketingSummary()
    ssq = Game.objects.get(code="SSQ")
    regions = list(Region.objects.filter(code__in=REGIONS))
    campaign = Campaign.objects.create(
        name=CAMPAIGN_NAME,
        kind=CampaignKind.JACKPOT_BONUS,
        starts_on=STARTS_ON,
        ends_on=ENDS_ON,
        budget_fen=1_200_000_000,
        description="全国双色球派奖期间，温州中心在四个区县配套开展站点宣传与促销。",
        status=CampaignStatus.FINISHED,
    )
    campaign.regions.set(regions)
    campaign.games.set([ssq])
    # Computer-ticket stations trading through the pre-period and the campaign; every
    # other one by code takes part.
    eligible = list(
        Station.objects.filter(
            region__in=regions,
            kind=StationKind.COMPUTER,
            status=StationStatus.ACTIVE,
            opened_on__lt=STARTS_ON - datetime.timedelta(weeks=effect.PRE_WEEKS),
        )
        .order_by("code")
        .values_list("pk", flat=True)
    )
    participants = eligible[::2]
    CampaignStation.objects.bulk_create(
        [CampaignStation(campaign=campaign, station_id=pk) for pk in participants]
    )
    summary.participants = len(participants)
    summary.lift_before = effect.measure(campaign)
    inject_uplift(campaign=campaign, game=ssq, price_fen=SSQ_PRICE_FEN)
    month = STARTS_ON.replace(day=1)
    rollups.recompute_months((pk, ssq.pk, month) for pk in participants)
    campaign.lift = effect.measure(campaign)
    campaign.lift_computed_at = campaign.created_at
    campaign.save(update_fields=["lift", "lift_computed_at"])
    summary.lift = campaign.lift
    _supplies(summary, campaign)
    return summary


def inject_uplift(*, campaign: Campaign, game: Game, price_fen: int) -> int:
    """Raise the participants' daily tickets of ``game`` over the campaign days by
    ``UPLIFT_NUM / UPLIFT_DEN``, sales at ``price_fen`` a ticket; the rows updated.

    Tickets are whole, so each day's cannot be scaled on its own: truncating
    ``tickets × 11 / 10`` a day drops the fraction every day (a station selling 9 a day
    would gain nothing; on the demo's ~900 a day it cost only ~0.05%). Rounding each
    station's running total instead hands the remainders on from day to day: a
    station's raised days add up to its campaign total × 11 / 10, rounded once, so the
    uplift is exact on every station and week, and sales stay tickets × price as the
    demo generated them."""
    sql = """
        UPDATE sales_salesday
        SET tickets = raised.tickets, sales_fen = raised.tickets * %(price)s
        FROM (
            SELECT date, station_id, game_id,
                   (running * %(num)s + %(half)s) / %(den)s
                   - ((running - tickets) * %(num)s + %(half)s) / %(den)s AS tickets
            FROM (
                SELECT date, station_id, game_id, tickets,
                       SUM(tickets) OVER (PARTITION BY station_id ORDER BY date) AS running
                FROM sales_salesday
                WHERE game_id = %(game)s AND date >= %(start)s AND date <= %(end)s
                  AND station_id IN (
                      SELECT station_id FROM marketing_campaignstation
                      WHERE campaign_id = %(campaign)s
                  )
            ) AS days
        ) AS raised
        WHERE sales_salesday.date = raised.date
          AND sales_salesday.station_id = raised.station_id
          AND sales_salesday.game_id = raised.game_id
    """
    params = {
        "price": price_fen,
        "num": UPLIFT_NUM,
        "den": UPLIFT_DEN,
        "half": UPLIFT_DEN // 2,
        "game": game.pk,
        "start": campaign.starts_on,
        "end": campaign.ends_on,
        "campaign": campaign.pk,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _supplies(summary: MarketingSummary, campaign: Campaign) -> None:
    marketing = User.objects.filter(username="marketing").first()
    owner = User.objects.filter(username="owner").first()
    if marketing is None:
        return
    materials = []
    for name, kind, unit, quantity in MATERIALS:
        material = supplies.material_create(acting_user=marketing, name=name, kind=kind, unit=unit)
        supplies.material_receive(
            acting_user=marketing, material=material, quantity=quantity, note="年度采购入库"
        )
        materials.append(material)
    campaign.materials.set(materials[:2])
    owned = list(Station.objects.filter(owner__user=owner).order_by("code")) if owner else []
    others = list(Station.objects.filter(campaign_entries__campaign=campaign).order_by("code")[:6])
    plans = [(s, marketing) for s in others] + [(s, owner) for s in owned]
    for index, (station, actor) in enumerate(plans):
        material = materials[index % len(materials)]
        request = supplies.material_request_create(
            acting_user=actor,
            station=station,
            material=material,
            quantity=10 + 5 * (index % 4),
            campaign=campaign if index % 2 == 0 else None,
            note="派奖宣传布置",
        )
        summary.requests += 1
        step = index % 4
        if step >= 1:
            supplies.material_request_approve(acting_user=marketing, request=request)
        if step >= 2:
            supplies.material_request_deliver(acting_user=marketing, request=request)
        if step >= 3 and actor is owner:
            supplies.material_request_confirm(acting_user=owner, request=request)
    ggl = Game.objects.filter(code="GGL").first()
    if ggl is None:
        return
    for index, (station, actor) in enumerate(plans):
        order = tickets.ticket_order_create(
            acting_user=actor,
            station=station,
            game=ggl,
            books=2 + index % 5,
            book_value_fen=BOOK_VALUE_FEN,
            note="",
        )
        summary.orders += 1
        step = index % 4
        if step >= 1:
            tickets.ticket_order_approve(acting_user=marketing, order=order)
        if step >= 2:
            tickets.ticket_order_deliver(acting_user=marketing, order=order)
        if step >= 3:
            tickets.ticket_order_settle(acting_user=marketing, order=order)
