"""The permission matrix's vocabulary, shared by every app's ``tests/url_specs.py``.

Each app declares, per route — a named URL (``"stations:detail"``) or an API operation
(``"GET /api/stations/{code}"``) — how to call it and the outcome every role must get,
written down as data: ``expect(ok={...}, hidden={...}, anonymous="login")``. The
expectations are deliberately *not* computed from ``fucai.core.roles`` or
``visible_to``: the matrix checks the implementation against the policy, not against
itself. The test (core/tests/test_permission_matrix.py) calls every route as every role
and compares.

Outcomes:
  ok            the view's success status (``Spec.success``, 200 unless said otherwise)
  forbidden     403 — the role may not use this page at all (an applicant refused a
                staff page is redirected to the portal's "my applications" instead)
  hidden        404 — the object named in the URL is outside the user's scope
  login         302 to the sign-in page (staff pages: core:login; the portal's own
                pages: portal:sign_in, see ``Spec.login_url``)
  unauthorized  401 — the JSON API without credentials
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = (
    "leader",
    "stations",
    "finance",
    "charity",
    "marketing",
    "party",
    "lucheng",
    "ruian",
    "inspector",
    "admin",
    "owner",
    "seller",
    "applicant",
    "outsider",
    "anonymous",
)
OUTCOMES = frozenset({"ok", "forbidden", "hidden", "login", "unauthorized"})

# Named groups of the cast, written out (not read from the role table).
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
# Leadership and the city departments that read the station network and sales.
CENTER_READERS = frozenset({"leader", "stations", "finance", "charity", "marketing", "admin"})
DISTRICTS = frozenset({"lucheng", "ruian"})
# Everyone with the staff site (the party office has the site but no registry data; a
# seller has it for their own training, exams and certificates).
STAFF_SITE = CENTER_READERS | DISTRICTS | {"party", "inspector", "owner", "seller"}
# Who may read sales figures.
SALES_READERS = CENTER_READERS | DISTRICTS


@dataclass
class Spec:
    expected: dict[str, str]
    method: str = "get"
    # world -> URL args (a list for reverse(), a dict for an API path's {params})
    args: Callable[[dict], list | dict] | None = None
    success: tuple[int, ...] = (200,)  # what "ok" answers
    # Form data or query string; a callable (world -> dict) for fresh uploads.
    data: dict | Callable[[dict], dict] = field(default_factory=dict)
    content_type: str | None = None
    login_url: str = "core:login"  # where "login" redirects to (a URL name)


def expect(
    *,
    ok=(),
    hidden=(),
    login=(),
    unauthorized=(),
    anonymous: str = "login",
    **kwargs,
) -> Spec:
    """The outcome of every role: the roles named in ``ok``, ``hidden``, ``login`` and
    ``unauthorized`` get those, ``anonymous`` gets ``anonymous``, every other role is
    forbidden (403)."""
    expected = dict.fromkeys(ROLES, "forbidden")
    expected["anonymous"] = anonymous
    seen: set[str] = set()
    for outcome, roles in (
        ("ok", ok),
        ("hidden", hidden),
        ("login", login),
        ("unauthorized", unauthorized),
    ):
        roles = set(roles)
        unknown = roles - set(ROLES)
        if unknown:
            raise ValueError(f"unknown roles {sorted(unknown)}")
        if roles & seen:
            raise ValueError(f"roles listed twice: {sorted(roles & seen)}")
        seen |= roles
        for role in roles:
            expected[role] = outcome
    if anonymous not in OUTCOMES:
        raise ValueError(f"unknown outcome {anonymous!r}")
    return Spec(expected=expected, **kwargs)
