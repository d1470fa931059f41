"""Data scope: which rows a user may see and which regions they may write to. The one
place that decides it; every app calls it.

Leadership and the city departments see every region; district branch staff see the
regions their branch covers; an inspector attached to a branch sees that branch's
regions (one attached to the center sees all); a station owner sees their own stations;
a seller only the records about themselves; applicants and users without a role see no
staff data.

Reads: ``Model.objects.visible_to(user)`` (:class:`ScopedQuerySet`) and
:func:`regions_visible` (the county regions a user may pick). Writes:
:func:`require_region` and :func:`require_in_scope`, which raise ``PermissionDenied``;
services call them before (and, where a write can move a row, after) saving.
"""

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import OrgUnitKind, Role
from .roles import CITY_WIDE_ROLES, role_of

ALL = None  # sentinel: no region restriction

OUT_OF_SCOPE_REGION = _("This district is outside your data scope.")
OUT_OF_SCOPE_OBJECT = _("This record is outside your data scope.")


def region_ids(user) -> frozenset[int] | None:
    """Region ids ``user`` may see, or ``ALL`` (None). Cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_fucai_region_scope", False)
    if cached is not False:
        return cached
    role = role_of(user)
    if role in CITY_WIDE_ROLES:
        scope = ALL
    elif role in {Role.BRANCH_STAFF, Role.INSPECTOR}:
        unit = user.org_unit
        if unit is None:
            scope = frozenset()
        elif unit.kind in (OrgUnitKind.BRANCH, OrgUnitKind.SERVICE_STATION):
            scope = frozenset(unit.regions.values_list("id", flat=True))
        elif role == Role.INSPECTOR:
            scope = ALL
        else:
            scope = frozenset()
    else:
        scope = frozenset()
    user._fucai_region_scope = scope
    return scope


def is_city_wide(user) -> bool:
    """Whether ``user``'s region scope is the whole city (no region restriction)."""
    return region_ids(user) is ALL


def regions_visible(user) -> models.QuerySet:
    """The county-level regions inside ``user``'s data scope (choices of a district
    field or filter, rows of a per-district table)."""
    # By name, not import: core.models builds its scoped querysets on this module.
    regions = apps.get_model("core", "Region").objects.filter(level="county")
    ids = region_ids(user)
    if ids is not ALL:
        regions = regions.filter(id__in=ids)
    return regions


# Every county-level region as (id, code, name), in order: the options of a district
# select, which every list page's filter bar prints. Regions change about never (an
# administrative redivision, through the admin); the list is cached for all processes and
# forgotten when a region is saved or deleted (signals.py), and read again at the latest
# after REGION_OPTIONS_TIMEOUT (a change made by a migration, which sends no signal the
# running processes hear).
REGION_OPTIONS_KEY = "fucai:core:county-regions"
REGION_OPTIONS_TIMEOUT = 600  # seconds


def county_regions() -> list[tuple[int, str, str]]:
    rows = cache.get(REGION_OPTIONS_KEY)
    if rows is None:
        regions = apps.get_model("core", "Region").objects.filter(level="county")
        rows = list(regions.values_list("id", "code", "name"))
        cache.set(REGION_OPTIONS_KEY, rows, REGION_OPTIONS_TIMEOUT)
    return rows


def forget_county_regions() -> None:
    """After a region was saved or deleted: now, and again once the change is committed
    (a request that read the old rows meanwhile may have cached them)."""
    cache.delete(REGION_OPTIONS_KEY)
    transaction.on_commit(lambda: cache.delete(REGION_OPTIONS_KEY))


def region_options(user, to_field: str = "code") -> list[tuple[object, str]]:
    """``(code, name)`` (or ``(id, name)``) of :func:`regions_visible`, in its order,
    without a query: the options of a district select."""
    ids = region_ids(user)
    if ids is not ALL and not ids:
        return []
    index = 0 if to_field in ("id", "pk") else 1
    return [(row[index], row[2]) for row in county_regions() if ids is ALL or row[0] in ids]


def region_in_scope(user, region) -> bool:
    """Whether ``user`` may act on data of ``region`` (a Region or its id)."""
    if region is None:
        return False
    ids = region_ids(user)
    return ids is ALL or getattr(region, "pk", region) in ids


def region_filter(user, *paths: str) -> Q | None:
    """A ``Q`` keeping the rows whose region (at any of ``paths``) is in ``user``'s
    scope; ``None`` when no restriction applies (city-wide users)."""
    ids = region_ids(user)
    if ids is ALL:
        return None
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{path}__in": ids})
    return condition


def require_region(user, region, *, message=None) -> None:
    """Refuse (``PermissionDenied``) a write on ``region`` outside ``user``'s scope."""
    if not region_in_scope(user, region):
        raise PermissionDenied(message or OUT_OF_SCOPE_REGION)


def in_scope(user, obj) -> bool:
    """Whether the saved ``obj`` is visible to ``user`` through its model's
    ``visible_to`` (the one definition of scope)."""
    if obj is None or obj.pk is None:
        return False
    manager = type(obj)._default_manager
    return manager.visible_to(user).filter(pk=obj.pk).exists()


def require_in_scope(user, obj, *, message=None) -> None:
    """Refuse (``PermissionDenied``) a write on ``obj`` outside ``user``'s scope. Call it
    after saving too where the write may move the row (a station to another district)."""
    if not in_scope(user, obj):
        raise PermissionDenied(message or OUT_OF_SCOPE_OBJECT)


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to restrict itself to a user's data scope.

    Subclasses name the lookup path(s) to the row's region (several paths: a row is in
    scope if any of them is), where station owners may see rows the path to the owning
    user, and where some rows are never staff data (an applicant's unsubmitted draft) a
    ``staff_hidden`` condition.
    """

    region_path: str | tuple[str, ...] = "region"
    owner_user_path: str | None = None
    # Sales staff (sellers) see only rows about themselves, through this path to their
    # own login (their training, exams and certificates); nothing else.
    seller_user_path: str | None = None
    staff_hidden: Q | None = None

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if role_of(user) == Role.STATION_OWNER:
            if self.owner_user_path is None:
                return self.none()
            return self.filter(**{self.owner_user_path: user})
        if role_of(user) == Role.SELLER:
            if self.seller_user_path is None:
                return self.none()
            return self.filter(**{self.seller_user_path: user})
        ids = region_ids(user)
        if ids is not ALL and not ids:
            return self.none()
        queryset = self
        if self.staff_hidden is not None:
            queryset = queryset.exclude(self.staff_hidden)
        paths = (self.region_path,) if isinstance(self.region_path, str) else self.region_path
        condition = region_filter(user, *paths)
        return queryset if condition is None else queryset.filter(condition)
