"""Ledger pages (finance, read by charity and leadership): the year's balances by
account and by month, its entries (Excel export), the accrual from sales, reversals;
the periods and their closing; the budgets by year and category."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fucai.core import roles
from fucai.core.excel import excel_response, yuan
from fucai.core.roles import has_permission

from .. import selectors, services
from ..choices import FundCategory, LedgerAccount
from ..forms.ledger import BudgetForm, ReverseForm
from ..models import Allocation, Budget, JournalEntry, LedgerPeriod
from .common import run, staff_view, year_choices, year_of


def default_year() -> int | None:
    return LedgerPeriod.objects.order_by("-year").values_list("year", flat=True).first()


def _entries(year: int):
    return (
        JournalEntry.objects.filter(period__year=year)
        .select_related("period", "created_by")
        .prefetch_related("postings__project")
        .order_by("-number")
    )


@staff_view(roles.VIEW_WELFARE)
def ledger(request):
    year = year_of(request, default_year())
    if request.GET.get("export") == "xlsx":
        return _export(year)
    summary = selectors.fund_summary(request.user, year)
    page = Paginator(_entries(year), 50).get_page(request.GET.get("page"))
    accounts = selectors.balances_by_account(year=year)
    return render(
        request,
        "welfare/ledger.html",
        {
            "year": year,
            "years": year_choices([year]),
            "summary": summary,
            "accounts": [(LedgerAccount(a).label, fen) for a, fen in accounts.items()],
            "months": selectors.balances_by_period(year),
            "account_keys": LedgerAccount.values,
            "account_labels": LedgerAccount.labels,
            "page_obj": page,
            "querystring": f"year={year}",
            "can_manage": has_permission(request.user, roles.MANAGE_LEDGER),
        },
    )


def _export(year: int):
    headers = [_("Entry"), _("Date"), _("Kind"), _("Memo"), _("Account"), _("Project")]
    headers += [_("Debit (yuan)"), _("Credit (yuan)")]

    def rows():
        for entry in _entries(year).iterator(500):
            for p in entry.postings.all():
                yield [
                    entry.number,
                    entry.booked_on,
                    entry.get_kind_display(),
                    entry.memo,
                    p.get_account_display(),
                    p.project.name if p.project else "",
                    yuan.from_fen(p.amount_fen) if p.amount_fen > 0 else None,
                    yuan.from_fen(-p.amount_fen) if p.amount_fen < 0 else None,
                ]

    return excel_response(
        f"ledger-{year}", [str(h) for h in headers], rows(), title=str(_("Ledger"))
    )


@require_POST
@staff_view(roles.MANAGE_LEDGER)
def accrue(request):
    raw = request.POST.get("year", "")
    year = int(raw) if raw.isdigit() else 0
    if not 2000 <= year <= 2100:
        messages.error(request, _("Choose a year."))
        return redirect("welfare:ledger")
    entries = run(request, services.accrual_book_year, year=year)
    if entries is not None:
        messages.success(
            request,
            _("%(count)s accrual entries booked.") % {"count": len(entries)}
            if entries
            else _("The ledger already matches the sales figures."),
        )
    return redirect(f"{reverse('welfare:ledger')}?year={year}")


@require_POST
@staff_view(roles.MANAGE_LEDGER)
def entry_reverse(request, pk):
    entry = get_object_or_404(JournalEntry, pk=pk)
    form = ReverseForm(request.POST)
    if form.is_valid():
        run(
            request,
            services.entry_reverse,
            success=str(_("Reversal booked.")),
            entry=entry,
            memo=form.cleaned_data["memo"],
        )
    else:
        messages.error(request, _("Give a reason for the reversal."))
    return redirect(f"{reverse('welfare:ledger')}?year={entry.period.year}")


@staff_view(roles.VIEW_WELFARE)
def periods(request):
    rows = (
        LedgerPeriod.objects.select_related("closed_by")
        .annotate(entries_count=Count("entries"))
        .order_by("-year", "-month")
    )
    page = Paginator(rows, 24).get_page(request.GET.get("page"))
    return render(
        request,
        "welfare/periods.html",
        {"page_obj": page, "can_manage": has_permission(request.user, roles.MANAGE_LEDGER)},
    )


@require_POST
@staff_view(roles.MANAGE_LEDGER)
def period_close(request, pk):
    period = get_object_or_404(LedgerPeriod, pk=pk)
    run(request, services.period_close, success=str(_("Period closed.")), period=period)
    return redirect("welfare:periods")


@staff_view(roles.VIEW_WELFARE)
def budgets(request):
    year = year_of(request, default_year())
    can_manage = has_permission(request.user, roles.MANAGE_LEDGER)
    form = BudgetForm(initial={"year": year})
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = BudgetForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if run(
                request,
                services.budget_set,
                success=str(_("Budget saved.")),
                year=data["year"],
                category=data["category"],
                amount_fen=data["amount_fen"],
                note=data["note"],
            ):
                return redirect(f"{reverse('welfare:budgets')}?year={data['year']}")
    budget_rows = {b.category: b for b in Budget.objects.filter(year=year)}
    used = dict(
        Allocation.objects.filter(year=year, state__in=["pending", "approved"])
        .values("project__category")
        .annotate(total=Sum("amount_fen"))
        .values_list("project__category", "total")
        .order_by()
    )
    summary = selectors.fund_summary(request.user, year)
    rows = []
    for category, label in FundCategory.choices:
        budget = budget_rows.get(category)
        rows.append(
            {
                "label": label,
                "budget_fen": budget.amount_fen if budget else None,
                "note": budget.note if budget else "",
                "allocated_fen": used.get(category, 0),
                "spent_fen": summary["by_category"][category]["spent_fen"],
            }
        )
    return render(
        request,
        "welfare/budgets.html",
        {
            "year": year,
            "years": year_choices([year]),
            "rows": rows,
            "form": form,
            "can_manage": can_manage,
        },
    )


urlpatterns = [
    path("", ledger, name="ledger"),
    path("accrue/", accrue, name="accrue"),
    path("entries/<int:pk>/reverse/", entry_reverse, name="entry_reverse"),
    path("periods/", periods, name="periods"),
    path("periods/<int:pk>/close/", period_close, name="period_close"),
    path("budgets/", budgets, name="budgets"),
]
