"""The public list of commendations (表彰名单): published awards by year, station names
and sellers' names masked (张*)."""

from itertools import groupby

from django.shortcuts import render

from fucai.governance.selectors.commendations import public_awards


def commendations(request):
    awards = public_awards()
    years = [(year, list(rows)) for year, rows in groupby(awards, key=lambda row: row["year"])]
    return render(request, "portal/commendations.html", {"years": years})
