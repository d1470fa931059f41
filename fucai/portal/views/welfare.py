"""阳光福彩 on the public site: the published yearly disclosures (page and PDF, earlier
years kept) and "where the money went" — a year's fund followed from sales to
activities, as a Sankey chart and as a table. Everything comes from the ledger (and the
published snapshots); nothing personal: projects and payments are named, people never."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from fucai.core import pdf
from fucai.welfare.choices import DisclosureState
from fucai.welfare.models import Disclosure, LedgerPeriod
from fucai.welfare.selectors import money_flow

PUBLISHED = DisclosureState.PUBLISHED


@require_GET
def disclosure_list(request):
    disclosures = Disclosure.objects.filter(state=PUBLISHED).order_by("-year")
    return render(request, "portal/disclosure_list.html", {"disclosures": disclosures})


@require_GET
def disclosure_detail(request, year):
    disclosure = get_object_or_404(Disclosure, year=year, state=PUBLISHED)
    return render(request, "portal/disclosure_detail.html", {"disclosure": disclosure})


@require_GET
def disclosure_pdf(request, year):
    disclosure = get_object_or_404(Disclosure, year=year, state=PUBLISHED)
    if disclosure.pdf:
        try:
            with disclosure.pdf.open("rb") as handle:
                content = handle.read()
        except (FileNotFoundError, OSError):
            content = None
    else:
        content = None
    if content is None:  # the stored file is gone: render the published snapshot again
        content = pdf.render_pdf("welfare/disclosure_pdf.html", {"disclosure": disclosure})
    response = pdf.pdf_response(f"disclosure-{year}", content)
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _years() -> list[int]:
    return list(LedgerPeriod.objects.order_by("-year").values_list("year", flat=True).distinct())


@require_GET
def money_flow_page(request):
    years = _years()
    raw = request.GET.get("year", "")
    if raw:
        if not raw.isdigit() or int(raw) not in years:
            raise Http404
        year = int(raw)
    else:
        year = years[0] if years else None
    flow = money_flow(year) if year else None
    return render(
        request,
        "portal/money_flow.html",
        {
            "year": year,
            "years": years,
            "flow": flow,
            "chart": {"nodes": flow["nodes"], "links": flow["links"]} if flow else None,
        },
    )
