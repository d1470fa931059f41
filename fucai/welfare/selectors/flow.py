"""Where the money went in a year, from the ledger: sales → fund raised → remitted /
retained → categories → projects → activities (or other payments), as nodes and links
for a Sankey chart and rows for a table. Public: only public projects are named (the
others are one "other projects" node per category) and payments are named by their
purpose, never by a person; totals equal the ledger's."""

from collections import defaultdict

from django.db.models import Sum
from django.utils.translation import gettext as _

from ..choices import FundCategory, LedgerAccount
from ..models import Disbursement, Posting, WelfareProject
from .raised import sales_of_year
from .summary import ledger_figures


def _payment_groups(year: int) -> dict[int, list[tuple[str, int]]]:
    """{project id: [(label, fen)]}: each activity's payments under its purpose, grant
    payments together, other payments together (payments booked in ``year``, net of
    reversals, by the entry's source)."""
    spent = (
        Posting.objects.filter(entry__period__year=year, account=LedgerAccount.SPENT)
        .values("project", "entry__source")
        .annotate(total=Sum("amount_fen"))
        .order_by()
    )
    ids = [
        int(row["entry__source"].split(":", 1)[1])
        for row in spent
        if row["entry__source"].startswith("disbursement:")
    ]
    payments = {
        p["pk"]: p
        for p in Disbursement.objects.filter(pk__in=ids).values("pk", "purpose", "source")
    }
    groups: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in spent:
        source = row["entry__source"]
        payment = (
            payments.get(int(source.split(":", 1)[1]))
            if source.startswith("disbursement:")
            else None
        )
        if payment and payment["source"].startswith("activity:"):
            label = payment["purpose"]
        elif payment and payment["source"].startswith("grant"):
            label = _("Grant payments")
        else:
            label = _("Other payments")
        groups[row["project"]][label] += row["total"]
    return {pid: sorted(labels.items(), key=lambda x: -x[1]) for pid, labels in groups.items()}


def money_flow(year: int) -> dict:
    """{"nodes": [{key, label, depth}], "links": [{source key, target key, value}],
    "rows": [{category, project, item, spent_fen}], "figures": the ledger's, sales_fen}."""
    figures = ledger_figures(year)
    sales = sales_of_year(year)
    spent_by_project = dict(
        Posting.objects.filter(entry__period__year=year, account=LedgerAccount.SPENT)
        .values("project")
        .annotate(total=Sum("amount_fen"))
        .values_list("project", "total")
        .order_by()
    )
    projects = {p.pk: p for p in WelfareProject.objects.filter(pk__in=list(spent_by_project))}
    groups = _payment_groups(year)
    nodes: list[dict] = []
    index: dict[str, int] = {}
    links: list[dict] = []

    def node(key: str, name: str, level: int) -> str:
        if key not in index:
            index[key] = len(nodes)
            nodes.append({"name": name, "key": key, "depth": level})
        return key

    def link(a: str, b: str, value: int) -> None:
        if value > 0:
            links.append({"source": a, "target": b, "value": value})

    sales_node = node("sales", _("Lottery sales"), 0)
    raised = node("raised", _("Welfare fund raised"), 1)
    remitted = node("remitted", _("Remitted upward"), 2)
    retained = node("retained", _("Retained locally"), 2)
    link(sales_node, raised, figures["raised_fen"])
    link(raised, remitted, figures["remitted_fen"])
    link(raised, retained, figures["retained_fen"])
    rows = []
    labels = dict(FundCategory.choices)
    by_category: dict[str, int] = defaultdict(int)
    for pid, fen in spent_by_project.items():
        by_category[projects[pid].category] += fen
    for category, fen in sorted(by_category.items(), key=lambda x: -x[1]):
        cat = node(f"cat:{category}", str(labels[category]), 3)
        link(retained, cat, fen)
    unspent = figures["retained_fen"] - sum(by_category.values())
    if unspent > 0:
        link(retained, node("unspent", _("Retained, not yet spent this year"), 3), unspent)
    for pid, fen in sorted(spent_by_project.items(), key=lambda x: -x[1]):
        project = projects[pid]
        cat = f"cat:{project.category}"
        if project.public:
            key, name = f"project:{pid}", project.name
        else:
            key, name = f"other:{project.category}", _("Other projects")
        proj = node(key, name, 4)
        link(cat, proj, fen)
        for label, amount in groups.get(pid, []):
            leaf = node(f"{key}:{label}", label, 5)
            link(proj, leaf, amount)
            rows.append(
                {
                    "category": str(labels[project.category]),
                    "project": name,
                    "item": label,
                    "spent_fen": amount,
                }
            )
    # Merge duplicate links (several private projects into one node).
    merged: dict[tuple[str, str], int] = defaultdict(int)
    for item in links:
        merged[(item["source"], item["target"])] += item["value"]
    return {
        "year": year,
        "sales_fen": sales,
        "figures": figures,
        "nodes": [{"key": n["key"], "label": n["name"], "depth": n["depth"]} for n in nodes],
        "links": [{"source": s, "target": t, "value": v} for (s, t), v in merged.items()],
        "rows": rows,
        "unspent_fen": unspent,
    }
