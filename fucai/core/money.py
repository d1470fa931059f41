"""Money is integer fen (分) end to end; yuan appear only at the edges (forms, display)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def yuan_to_fen(amount: Decimal | int | str) -> int:
    """Convert a yuan amount to integer fen, rounding half up at the fen.

    Raises ValueError for anything that is not a finite decimal number.
    """
    try:
        value = Decimal(str(amount).replace(",", "").strip())
    except InvalidOperation:
        raise ValueError(f"not an amount: {amount!r}") from None
    if not value.is_finite():
        raise ValueError(f"not an amount: {amount!r}")
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fen_to_yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def format_yuan(fen: int | None) -> str:
    """¥1,234.56 from 123456 fen."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(int(fen)), 100)
    return f"{sign}¥{yuan:,}.{cents:02d}"


def format_wan(fen: int | None, places: int = 1) -> str:
    """Amount in 万元 (10,000 yuan), the unit the center's reports use."""
    if fen is None:
        return ""
    value = (Decimal(int(fen)) / 1_000_000).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{value:,}"
