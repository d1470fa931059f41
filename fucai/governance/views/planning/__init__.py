"""Pages of the planning topic: the coverage dashboard (the governance landing page),
inspection plans and risk proposals; governance/urls.py gathers their routes."""

from . import coverage, plans, proposals

urlpatterns = [*coverage.urlpatterns, *plans.urlpatterns, *proposals.urlpatterns]
