"""What the governance demo's steps share: the stations read once, the staff, the
random streams and the summary."""

from __future__ import annotations

import base64
import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from fucai.core.models import OrgUnit, User

YEAR = 2019
PHOTO_NAME = "governance/demo/storefront.jpg"


@dataclass
class StationInfo:
    """What the governance demo needs of a station, read once."""

    id: int
    code: str
    region_id: int
    region_code: str
    status: str
    opened_on: datetime.date | None
    closed_on: datetime.date | None
    latitude: object
    longitude: object
    terminal_count: int
    owner_name: str
    owner_user_id: int | None
    # The last day it sold in 2019 (the eve of a suspension that led to closing, or of
    # closing), and the 2019 status changes it went through.
    last_active: datetime.date | None = None
    changes: list[tuple[str, datetime.date, str]] = field(default_factory=list)

    def active_on(self, day: datetime.date) -> bool:
        return (
            self.opened_on is not None
            and self.opened_on <= day
            and (self.last_active is None or day <= self.last_active)
        )


@dataclass
class GovernanceSummary:
    annual: int = 0
    annual_failed: int = 0
    annual_critical: int = 0
    special: int = 0
    routine: int = 0
    planned: int = 0
    answers: int = 0
    orders: Counter = field(default_factory=Counter)
    violations: int = 0
    penalties: Counter = field(default_factory=Counter)
    visits: int = 0
    follow_ups: int = 0
    visit_plans: int = 0
    seconds: float = 0.0


@dataclass
class Context:
    seed: int
    today: datetime.date
    stations: list[StationInfo]
    inspectors: dict[str, User]  # region code → the branch's inspector
    officers: dict[str, User]  # region code → the branch's officer (visits)
    departments: dict[str, User]  # department unit name → its demo login
    units: dict[str, OrgUnit]  # department name or region code → unit
    manager: User  # station management: plans campaigns, records violations
    summary: GovernanceSummary

    def inspector_for(self, region_code: str) -> User:
        """The district's inspector (station management inspects where there is none)."""
        return self.inspectors.get(region_code, self.manager)

    def rng(self, step: str) -> random.Random:
        return random.Random(f"{self.seed}:governance:{step}")


def aware(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """A time on ``day`` in the project's time zone (history rows need a time)."""
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_default_timezone()
    )


def weekday_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    """A random working day (Monday–Friday) in [first, last]; ``last`` if none is drawn."""
    if last < first:
        return last
    for _ in range(10):
        day = datetime.date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))
        if day.weekday() < 5:
            return day
    return last


# A 64×48 JPEG in the stations' red: the demo's photos show that a photo was taken, not
# what of (Pillow is not a dependency of the platform, so the bytes are written out).
_PHOTO_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZG"
    "NywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09P"
    "T09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAwAEADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAA"
    "AAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAk"
    "M2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKT"
    "lJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QA"
    "HwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdh"
    "cRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hp"
    "anN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk"
    "5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDDooornPrgooooAKKKKACiiigAooooAKKKKACiiigAooooAKKK"
    "KACiiigAooooAKKKKAP/2Q=="
)


def demo_photo() -> tuple[str, int]:
    """One stored photo that every demo photo row points to (name, size)."""
    if not default_storage.exists(PHOTO_NAME):
        default_storage.save(PHOTO_NAME, ContentFile(_PHOTO_JPEG))
    return PHOTO_NAME, default_storage.size(PHOTO_NAME)


def insert_rows(model, columns: tuple[str, ...], rows) -> int:
    """Insert plain tuples (values in ``columns``' order, attnames such as ``item_id``)
    without building model instances: ``COPY`` on PostgreSQL, ``executemany`` elsewhere.
    For the tens of thousands of answers and events, where ``bulk_create`` spends most
    of its time constructing and preparing instances."""
    fields = [model._meta.get_field(name) for name in columns]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        prepared = [
            tuple(f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True))
            for row in rows
        ]
        placeholders = ", ".join(["%s"] * len(fields))
        # Table and columns come from the model, not from input.
        sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
        cursor.executemany(sql, prepared)
        return len(prepared)


def insert_instances(model, instances: list, key: str) -> None:
    """``bulk_create`` for unsaved instances of ``model`` through :func:`insert_rows`,
    then their primary keys read back by ``key``, a unique field they all carry."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    insert_rows(
        model,
        tuple(f.name for f in fields),
        (tuple(f.get_prep_value(getattr(obj, f.attname)) for f in fields) for obj in instances),
    )
    pks = dict(
        model.objects.filter(
            **{f"{key}__in": [getattr(obj, key) for obj in instances]}
        ).values_list(key, "pk")
    )
    for obj in instances:
        obj.pk = pks[getattr(obj, key)]
        obj._state.adding = False
