"""Field validators (callables for form and model fields) around the ``validate_*``
functions; their import path stays ``fucai.core.validators`` for migrations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from .credit_code import validate_credit_code
from .id_number import validate_id_number
from .mobile import validate_mobile


class _FunctionValidator:
    """Callable wrapper around a ``validate_*`` function for form/model fields.

    ``message`` and ``code`` optionally replace the specific message and code
    of whatever check fails.
    """

    def __init__(self, message: Any = None, code: str | None = None) -> None:
        self.message = message
        self.code = code

    def validate(self, value: str) -> str:  # pragma: no cover - overridden
        raise TypeError(f"{type(self).__name__} must define validate()")

    def __call__(self, value: Any) -> None:
        try:
            self.validate(value)
        except ValidationError as error:
            if self.message is None and self.code is None:
                raise
            raise ValidationError(
                self.message if self.message is not None else error.message,
                code=self.code if self.code is not None else error.code,
                params=error.params,
            ) from error

    def __eq__(self, other: object) -> bool:
        return (
            type(self) is type(other)
            and self.message == other.message  # type: ignore[attr-defined]
            and self.code == other.code  # type: ignore[attr-defined]
        )

    def __hash__(self) -> int:
        return hash((type(self), self.code))


@deconstructible(path="fucai.core.validators.IdNumberValidator")
class IdNumberValidator(_FunctionValidator):
    """Field validator for 18-character resident ID numbers."""

    def validate(self, value: str) -> str:
        return validate_id_number(value)


@deconstructible(path="fucai.core.validators.CreditCodeValidator")
class CreditCodeValidator(_FunctionValidator):
    """Field validator for unified social credit codes."""

    def validate(self, value: str) -> str:
        return validate_credit_code(value)


@deconstructible(path="fucai.core.validators.MobileValidator")
class MobileValidator(_FunctionValidator):
    """Field validator for mainland China mobile numbers."""

    def validate(self, value: str) -> str:
        return validate_mobile(value)
