"""A campaign's measured effect in words, for the page (the API returns the numbers)."""

from django.utils.translation import gettext as _

from . import lift

REASONS = {
    lift.TOO_FEW_CONTROLS: lambda: _(
        "Too few comparable stations to measure the effect: no claim is made. Control "
        "stations must be in the same district, of the same kind and class, with similar "
        "sales before the campaign, and must not take part."
    ),
    lift.NO_PARTICIPANTS: lambda: _("No participating station has sales to compare."),
    lift.NO_DATA: lambda: _("There are no sales data for the campaign period yet."),
    lift.NOT_STARTED: lambda: _("The campaign has not started yet."),
}


def _pct(value: float) -> str:
    return f"{value:+.1f}%"


def lift_summary(result: dict | None) -> dict:
    """``{"claimed", "headline", "interval", "basis", "reason"}`` for the template."""
    if not result:
        return {"claimed": False, "reason": _("The effect has not been measured yet.")}
    if result.get("estimate") is None:
        text = REASONS.get(result.get("reason"), lambda: _("No claim is made."))()
        return {"claimed": False, "reason": text}
    half = (result["high"] - result["low"]) / 2
    return {
        "claimed": True,
        "headline": _("%(estimate)s ± %(half)s over %(weeks)s weeks")
        % {"estimate": _pct(result["estimate"]), "half": f"{half:.1f}%", "weeks": result["weeks"]},
        "interval": _("95%% confidence interval %(low)s to %(high)s")
        % {"low": _pct(result["low"]), "high": _pct(result["high"])},
        "basis": _(
            "%(matched)s participating stations against %(controls)s matched control "
            "stations (same district, kind and class, similar sales in the %(pre)s weeks "
            "before); difference-in-differences of daily sales through %(through)s."
        )
        % {
            "matched": result["matched"],
            "controls": result["controls"],
            "pre": result["pre_weeks"],
            "through": result["through"],
        },
    }
