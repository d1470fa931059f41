from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, crypto, masking
from fucai.core.fields import EncryptedCharField, MaskedField
from fucai.core.models import Region
from fucai.core.scope import ScopedQuerySet

from ..choices import OwnerKind, StationClass, StationKind, StationStatus

station_code_validator = RegexValidator(
    r"^\d{8,12}$", _("A station code is 8 to 12 digits (the province-wide uniform number).")
)


class StationOwnerQuerySet(ScopedQuerySet):
    region_path = "stations__region"
    owner_user_path = "user"

    def visible_to(self, user):
        return super().visible_to(user).distinct()


class StationOwner(models.Model):
    """The person or company that holds a station's agency contract (代销者).

    The ID number (person) or unified social credit code (company) and the phone are
    personal data: stored encrypted with a keyed hash for lookup, shown masked.
    """

    kind = models.CharField(
        _("owner type"), max_length=10, choices=OwnerKind.choices, default=OwnerKind.PERSON
    )
    name = models.CharField(_("owner name"), max_length=100)
    id_number = EncryptedCharField(_("ID number / credit code"), max_length=18)
    id_number_digest = models.CharField(max_length=64, db_index=True, editable=False)
    phone = EncryptedCharField(_("owner phone"), max_length=11)
    # Masks kept beside the ciphertexts so lists never decrypt.
    id_number_masked = MaskedField(
        _("ID number / credit code"), source="id_number", mask="mask_identity"
    )
    phone_masked = MaskedField(_("owner phone"), source="phone", mask=masking.mask_phone)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="station_owner",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = StationOwnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("station owner")
        verbose_name_plural = _("station owners")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_digest"],
                condition=~Q(id_number_digest=""),
                name="stationowner_unique_identity",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # The keyed hash must always match the stored number, or dedupe silently breaks.
        self.id_number_digest = crypto.blind_index(self.id_number)
        super().save(*args, **kwargs)

    def mask_identity(self, value: str) -> str:
        if self.kind == OwnerKind.COMPANY:
            return masking.mask_credit_code(value)
        return masking.mask_id_number(value)


class StationQuerySet(ScopedQuerySet):
    region_path = "region"
    owner_user_path = "owner__user"

    def active(self):
        return self.filter(status=StationStatus.ACTIVE)


class Station(models.Model):
    """A betting station (投注站 / 销售网点): a retail outlet selling welfare-lottery
    tickets under an agency contract with the center."""

    code = models.CharField(
        _("station code"), max_length=12, unique=True, validators=[station_code_validator]
    )
    name = models.CharField(_("station name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=StationKind.choices)
    station_class = models.CharField(_("class"), max_length=10, choices=StationClass.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="stations",
        limit_choices_to={"level": "county"},
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    premises_area = models.DecimalField(
        _("premises area (m²)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(1)],
    )
    owner = models.ForeignKey(
        StationOwner, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="stations"
    )
    contact_phone = EncryptedCharField(_("contact phone"), max_length=11, blank=True)
    contact_phone_masked = MaskedField(
        _("contact phone"), source="contact_phone", mask=masking.mask_phone
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=StationStatus.choices,
        default=StationStatus.PREPARING,
        db_index=True,
    )
    status_changed_on = models.DateField(_("status since"), null=True, blank=True)
    terminal_count = models.PositiveSmallIntegerField(_("terminals"), default=1)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=200, blank=True)
    # Shown to the public in the portal's station finder, e.g. "08:30–21:30".
    opening_hours = models.CharField(_("opening hours"), max_length=50, blank=True)
    # Judgements published by supervision (governance writes them back through
    # stations.services.station_judgement_publish): the latest published grade
    # (分类分级) and city stars (星级评定), and the year of a provincial star designation.
    grade = models.CharField(_("grade"), max_length=1, blank=True, editable=False)
    grade_year = models.PositiveSmallIntegerField(_("grade year"), null=True, editable=False)
    stars = models.PositiveSmallIntegerField(_("stars"), default=0, editable=False)
    stars_year = models.PositiveSmallIntegerField(_("star year"), null=True, editable=False)
    provincial_star_year = models.PositiveSmallIntegerField(
        _("provincial star station since"), null=True, editable=False
    )
    # Liability insurance cover, derived from the station's policies and read against
    # today's date (stations/cover.py): the period of cover running on the day it was
    # derived (else the next one), the start of the last period when cover lapses in
    # between, and the last day of cover on file.
    insurance_from = models.DateField(_("insured from"), null=True, editable=False)
    insurance_to = models.DateField(_("insured to"), null=True, editable=False)
    insurance_resumes_on = models.DateField(_("insurance resumes on"), null=True, editable=False)
    insurance_until = models.DateField(_("insured until"), null=True, editable=False)
    # Optimistic lock: an edit made on a stale copy is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StationQuerySet.as_manager()

    class Meta:
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        ordering = ["code"]
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("stations:detail", args=[self.code])


class StationStatusChange(models.Model):
    """One step of a station's lifecycle, with who decided it and why."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        _("from"), max_length=12, choices=StationStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=StationStatus.choices)
    effective_on = models.DateField(_("effective on"))
    reason = models.CharField(_("reason"), max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.station_id}: {self.from_status} → {self.to_status}"


class AgencyContract(models.Model):
    """The agency contract (代销合同) between the center and a station, with the deposit
    (保证金) held by the center, in fen. Renewals add a new contract."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="contracts")
    number = models.CharField(_("contract number"), max_length=40, unique=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    deposit_fen = models.BigIntegerField(_("deposit"), validators=[MinValueValidator(0)])
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("agency contract")
        verbose_name_plural = _("agency contracts")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="contract_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.number

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on <= self.ends_on


class InsurancePolicyQuerySet(ScopedQuerySet):
    region_path = "station__region"
    owner_user_path = "station__owner__user"


class InsurancePolicy(models.Model):
    """A liability insurance policy (责任险) covering a station, coverage in fen."""

    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="insurance_policies"
    )
    insurer = models.CharField(_("insurer"), max_length=100)
    policy_number = models.CharField(_("policy number"), max_length=50, unique=True)
    coverage_fen = models.BigIntegerField(_("coverage"), validators=[MinValueValidator(0)])
    premium_fen = models.BigIntegerField(_("premium"), default=0, validators=[MinValueValidator(0)])
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = InsurancePolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("liability insurance policy")
        verbose_name_plural = _("liability insurance policies")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="policy_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.policy_number

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on <= self.ends_on


audit.register_masked_fields(
    StationOwner,
    id_number=masking.mask_id_number,
    phone=masking.mask_phone,
)
audit.register_masked_fields(Station, contact_phone=masking.mask_phone)
audit.register_derived_fields(
    Station, "insurance_from", "insurance_to", "insurance_resumes_on", "insurance_until"
)
