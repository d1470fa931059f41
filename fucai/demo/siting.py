"""The demo's population data set for siting: ``data/population.csv`` — the 12
county-level units' year-end residents of 2021 (温州市统计局's bulletin) and a handful
of townships each (demo estimates with approximate centroids, labelled as such in the
file and in each row's source) — loaded through the same import the marketing
department uses, as the demo's ``marketing`` user, so the figures come from the file
and the import's checks and audit apply to them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from fucai.core.models import AuditEntry, PopulationArea, PopulationImport, User
from fucai.core.population import population_import

DATA_FILE = Path(__file__).resolve().parent / "data" / "population.csv"
IMPORTER = "marketing"


@dataclass(frozen=True)
class SitingSummary:
    districts: int
    townships: int


def data_file() -> bytes:
    """The data file without its comment lines (``#``), as a user would upload it."""
    lines = DATA_FILE.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("#")).encode("utf-8")


def load_demo_siting() -> SitingSummary:
    importer = User.objects.get(username=IMPORTER)
    population_import(
        acting_user=importer,
        upload=SimpleUploadedFile(DATA_FILE.name, data_file()),
        filename=DATA_FILE.name,
    )
    areas = PopulationArea.objects.all()
    return SitingSummary(
        districts=areas.filter(township="").count(),
        townships=areas.exclude(township="").count(),
    )


def flush_demo_siting() -> dict[str, int]:
    """Delete the population data set, its imports and their audit trail."""
    types = ContentType.objects.get_for_models(PopulationArea, PopulationImport).values()
    deleted = {
        "population audit": AuditEntry.objects.filter(content_type__in=types).delete()[0],
        str(PopulationArea._meta.verbose_name_plural): PopulationArea.objects.all().delete()[0],
        str(PopulationImport._meta.verbose_name_plural): PopulationImport.objects.all().delete()[0],
    }
    return deleted
