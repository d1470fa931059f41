"""The demo's population data set: loaded from its data file through the import, and
the siting page's figures computed from it and the demo's stations and sales."""

import pytest
from django.db import transaction

from fucai.core.models import AuditEntry, PopulationArea, PopulationImport
from fucai.dashboard.siting import selectors
from fucai.demo.builder import _county_regions, build_demo, flush_demo
from fucai.demo.siting import data_file
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_demo(
            stations=60,
            flush=True,
            recruitment=False,
            governance=False,
            welfare=False,
            charity=False,
        )
        yield
        with transaction.atomic():
            flush_demo(_county_regions())


def test_the_data_file_is_imported_whole_and_labelled(demo):
    rows = data_file().decode().splitlines()[1:]
    assert PopulationArea.objects.count() == len(rows)
    assert PopulationArea.objects.filter(township="").count() == 12
    assert PopulationArea.objects.get(region__code="330381", township="").population == 1_525_800
    assert not PopulationArea.objects.exclude(township="").exclude(source="演示估算").exists()
    batch = PopulationImport.objects.get()
    assert batch.created == len(rows) and batch.created_by.username == "marketing"
    assert AuditEntry.objects.filter(action="import", object_id=str(batch.pk)).exists()


def test_the_siting_figures_come_from_the_data(demo, cast):
    result = selectors.siting(cast["marketing"])
    assert result.sales_year == 2019
    active = Station.objects.filter(status=StationStatus.ACTIVE).count()
    residents = sum(a.population for a in result.districts)
    assert result.reference.density == pytest.approx(active / residents * 10_000)
    assert sum(a.active for a in result.districts) == active
    # Addresses name the demo's towns: most active stations land in a township.
    assigned = sum(a.active for a in result.townships)
    assert assigned + sum(a.unassigned for a in result.districts) == active
    assert assigned >= active * 0.7
    assert result.candidates and all(a.under_served for a in result.candidates)


def test_a_reload_replaces_the_data_set(demo):
    with transaction.atomic():
        flushed = flush_demo(_county_regions())
        assert not PopulationArea.objects.exists() and not PopulationImport.objects.exists()
        assert flushed[str(PopulationArea._meta.verbose_name_plural)] > 0
        transaction.set_rollback(True)
