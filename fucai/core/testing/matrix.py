"""The permission matrix's vocabulary, shared by every app's ``tests/url_specs.py``.

Each app declares, per named URL, the permission it needs and — for a URL naming one
object — how to build its arguments and whether a given user may see that object. The
matrix test (core/tests/test_permission_matrix.py) walks every URL × every role and
compares the view's answer with what the role table and the data scope imply.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Spec:
    permissions: tuple[str, ...]  # any one of them grants access
    method: str = "get"
    # For a URL naming an object: world -> URL args, and (user, world) -> in scope?
    args: Callable[[dict], list] | None = None
    visible: Callable[[object, dict], bool] | None = None
    ok: tuple[int, ...] = (200,)
    data: dict = field(default_factory=dict)


def spec(permission, **kwargs) -> Spec:
    permissions = permission if isinstance(permission, tuple) else (permission,)
    return Spec(permissions=permissions, **kwargs)
