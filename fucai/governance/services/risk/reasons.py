"""The reason of a proposal, in words, from the figures stored with it."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fucai.stations.choices import StationStatus

from .common import RULE_ALERTS, RULE_CLOSED, RULE_DROP, RULE_JUMP, RULE_MIX, yuan


def describe(rule: str, evidence: dict) -> str:
    """The reason shown to staff and to the inspector, from the stored figures."""
    e = evidence
    if rule in (RULE_JUMP, RULE_DROP):
        template = _(
            "Sales in %(month)s: %(current)s yuan, %(ratio)s× the station's average of "
            "%(baseline)s yuan over the previous %(months)s months, while its district "
            "moved %(district)s× (%(relative)s× the district's trend)."
        )
        return str(template) % {
            "month": e["month"],
            "current": yuan(e["station_fen"]),
            "ratio": e["station_ratio"],
            "baseline": yuan(e["station_baseline_fen"]),
            "months": e["months"],
            "district": e["district_ratio"],
            "relative": e["relative"],
        }
    if rule == RULE_CLOSED:
        return str(
            _(
                "Sales on %(days)s days (%(first)s to %(last)s, %(sales)s yuan) while the "
                "registry had the station %(status)s since %(since)s. Daily figures carry "
                "no time of sale, so only days can be checked, not hours."
            )
        ) % {
            "days": e["days"],
            "first": e["first_day"],
            "last": e["last_day"],
            "sales": yuan(e["sales_fen"]),
            "status": StationStatus(e["status"]).label,
            "since": e["since"],
        }
    if rule == RULE_MIX:
        games = gettext("; ").join(
            gettext("%(game)s %(station)s%% against %(district)s%%")
            % {
                "game": g["game"],
                "station": round(g["station_share"] * 100, 1),
                "district": round(g["district_share"] * 100, 1),
            }
            for g in e["games"][:3]
        )
        return str(
            _(
                "Game mix %(from)s to %(to)s far from the other stations of its district and "
                "kind: distance %(distance)s (%(games)s)."
            )
        ) % {"from": e["from"], "to": e["to"], "distance": e["distance"], "games": games}
    if rule == RULE_ALERTS:
        return str(
            _(
                "%(alerts)s sales alerts on days from %(first)s to %(last)s are still "
                "unresolved (see the alerts page)."
            )
        ) % {"alerts": e["alerts"], "first": e["first_day"], "last": e["last_day"]}
    return rule
