"""Data scope: which rows a user may see. The one place that decides it.

Leadership and the city departments see every region; district branch staff see the
regions their branch covers; an inspector attached to a branch sees that branch's
regions (one attached to the center sees all); a station owner sees their own stations;
applicants and users without a role see no staff data. Every queryset shown to a user
passes through :class:`ScopedQuerySet.visible_to`.
"""

from django.db import models
from django.db.models import Q

from .choices import OrgUnitKind, Role
from .roles import CITY_WIDE_ROLES, role_of

ALL = None  # sentinel: no region restriction


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
        elif unit.kind == OrgUnitKind.BRANCH:
            scope = frozenset(unit.regions.values_list("id", flat=True))
        elif role == Role.INSPECTOR:
            scope = ALL
        else:
            scope = frozenset()
    else:
        scope = frozenset()
    user._fucai_region_scope = scope
    return scope


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to restrict itself to a user's data scope.

    Subclasses name the lookup path to the row's region and, where station owners may
    see rows, the path to the owning user.
    """

    region_path: str = "region"
    owner_user_path: str | None = None

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if role_of(user) == Role.STATION_OWNER:
            if self.owner_user_path is None:
                return self.none()
            return self.filter(**{self.owner_user_path: user})
        regions = region_ids(user)
        if regions is ALL:
            return self
        if not regions:
            return self.none()
        return self.filter(Q(**{f"{self.region_path}__in": regions}))
