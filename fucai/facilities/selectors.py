"""Reads of the facilities pages, scoped: totals are sums of rows, never typed."""

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from fucai.core.models import User
from fucai.core.money import format_wan

from .models import Premises, PurchasePayment, PurchaseProject, ServiceStation


def project_totals(projects) -> dict:
    """Count, budget and paid of ``projects`` (a scoped queryset): two queries."""
    row = projects.order_by().aggregate(
        count=Count("pk"), budget_fen=Coalesce(Sum("budget_fen"), 0)
    )
    paid = PurchasePayment.objects.filter(project__in=projects.values("pk")).aggregate(
        total=Coalesce(Sum("amount_fen"), 0)
    )["total"]
    return {
        **row,
        "paid_fen": paid,
        "left_fen": row["budget_fen"] - paid,
        # The headline's figures in 万元 (the center's unit), from the same rows.
        "budget_wan": format_wan(row["budget_fen"], 0),
        "paid_wan": format_wan(paid, 0),
    }


def percent(part: int, whole: int) -> int:
    """A progress bar's width, 0–100."""
    if whole <= 0:
        return 0
    return max(0, min(100, round(part * 100 / whole)))


def projects_for(user):
    return PurchaseProject.objects.visible_to(user).select_related("region", "premises").with_paid()


def service_stations_for(user):
    return ServiceStation.objects.visible_to(user).select_related("unit", "region", "unit__head")


def station_staff(station: ServiceStation) -> list[User]:
    return list(
        User.objects.filter(org_unit=station.unit, is_active=True).order_by(
            "last_name", "first_name", "username"
        )
    )


def premises_for(user):
    return Premises.objects.visible_to(user).select_related("region", "unit")
