"""Grant programmes with online application (e.g. 助圆大学梦: 8,000 yuan to each of 300
freshmen from hard-up households): eligibility as data, review in steps, a ranked list
against the quota, public notice with an objection window, and payment through the
bank."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, crypto, masking
from fucai.core.choices import Role
from fucai.core.fields import EncryptedCharField, MaskedField
from fucai.core.models import Region
from fucai.core.roles import role_of
from fucai.core.scope import ScopedQuerySet
from fucai.welfare.models import WelfareProject

from ..choices import GrantApplicationState, HardshipKind, PaymentStatus, ProgrammeStatus


class GrantProgramme(models.Model):
    """A yearly programme of grants to people who apply online, paid from its project."""

    name = models.CharField(_("programme"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    project = models.ForeignKey(
        WelfareProject,
        on_delete=models.PROTECT,
        related_name="grant_programmes",
        verbose_name=_("project"),
    )
    description = models.TextField(_("description"), blank=True)
    quota = models.PositiveIntegerField(_("number of grants"))
    amount_fen = models.BigIntegerField(_("grant per person"), validators=[MinValueValidator(1)])
    opens_on = models.DateField(_("applications open"))
    closes_on = models.DateField(_("applications close"))
    # The ranked list is published for objections during this many days.
    objection_days = models.PositiveSmallIntegerField(_("objection window (days)"), default=7)
    notice_starts_on = models.DateField(_("public notice from"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("grant programme")
        verbose_name_plural = _("grant programmes")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "year"], name="programme_unique_year"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="programme_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class EligibilityRule(models.Model):
    """One condition an applicant must meet, as data: ``code`` names a check the
    services know (``admission_year``, ``household_region``, ``hardship``), ``params``
    its settings (e.g. ``{"year": 2019}``, ``{"region_prefix": "3303"}``,
    ``{"kinds": ["dibao", "tekun"]}``)."""

    programme = models.ForeignKey(GrantProgramme, on_delete=models.CASCADE, related_name="rules")
    code = models.CharField(_("check"), max_length=30)
    params = models.JSONField(_("settings"), default=dict, blank=True)
    label = models.CharField(_("condition"), max_length=200)

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["programme", "id"]

    def __str__(self) -> str:
        return self.label


class GrantApplicationQuerySet(ScopedQuerySet):
    region_path = "household_region"
    # An application not yet submitted is the applicant's alone.
    staff_hidden = Q(state=GrantApplicationState.DRAFT)

    def visible_to(self, user):
        if getattr(user, "is_authenticated", False) and role_of(user) == Role.APPLICANT:
            return self.filter(applicant=user) if user.is_active else self.none()
        return super().visible_to(user)


class GrantApplication(models.Model):
    """A person's application to a programme, filled in on the portal (same sign-in as
    recruitment) and followed with a tracking code. Identity and bank account are
    personal data: encrypted, hashed for the one-application-per-person check, masked."""

    programme = models.ForeignKey(
        GrantProgramme,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("programme"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="grant_applications",
        verbose_name=_("applicant account"),
    )
    tracking_code = models.CharField(_("tracking code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=50)
    id_number = EncryptedCharField(_("ID number"), max_length=18)
    id_number_digest = models.CharField(max_length=64, editable=False)
    id_number_masked = MaskedField(_("ID number"), source="id_number", mask=masking.mask_id_number)
    phone = EncryptedCharField(_("phone"), max_length=11)
    phone_masked = MaskedField(_("phone"), source="phone", mask=masking.mask_phone)
    school = models.CharField(_("university"), max_length=100, blank=True)
    admission_year = models.PositiveSmallIntegerField(_("year of admission"), null=True)
    household_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("household registration"),
        limit_choices_to={"level": "county"},
    )
    hardship = models.CharField(
        _("hardship certificate"), max_length=10, choices=HardshipKind.choices
    )
    situation = models.TextField(_("family situation"), blank=True)
    bank_account = EncryptedCharField(_("bank account"), max_length=30, blank=True)
    bank_account_masked = MaskedField(
        _("bank account"), source="bank_account", mask=masking.mask_bank_account
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=GrantApplicationState.choices,
        default=GrantApplicationState.DRAFT,
        db_index=True,
    )
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    beneficiary = models.ForeignKey(
        "charity.Beneficiary",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_applications",
        verbose_name=_("beneficiary"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = GrantApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant application")
        verbose_name_plural = _("grant applications")
        ordering = ["programme", "rank", "id"]
        constraints = [
            # One application per person and programme.
            models.UniqueConstraint(
                fields=["programme", "id_number_digest"], name="grantapplication_one_per_person"
            )
        ]

    def __str__(self) -> str:
        return self.tracking_code

    def save(self, *args, **kwargs):
        self.id_number_digest = crypto.blind_index(self.id_number)
        super().save(*args, **kwargs)


class GrantDocument(models.Model):
    """A document uploaded with an application (admission letter, hardship certificate,
    household register), type-checked by content."""

    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("document"), max_length=30)
    file = models.FileField(_("file"), upload_to="charity/grants/%Y/")
    content_type = models.CharField(max_length=50, editable=False)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.kind


class GrantEvent(models.Model):
    """One step of an application's review, with who moved it and why."""

    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="events"
    )
    from_state = models.CharField(max_length=12, choices=GrantApplicationState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=GrantApplicationState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comment = models.CharField(_("comment"), max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_state} → {self.to_state}"


class GrantObjection(models.Model):
    """An objection received during the public notice of a programme's list."""

    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.CASCADE, related_name="objections"
    )
    application = models.ForeignKey(
        GrantApplication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="objections",
    )
    text = models.TextField(_("objection"))
    contact = EncryptedCharField(_("contact"), max_length=50, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.received_at:%Y-%m-%d}"


class PaymentBatch(models.Model):
    """The approved grants of a programme sent to the bank in one file (the bank's
    column layout); the bank's return file marks each payment paid or failed."""

    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.PROTECT, related_name="payment_batches"
    )
    number = models.CharField(_("batch number"), max_length=20, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    exported_at = models.DateTimeField(_("sent to the bank at"), null=True, blank=True)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.number


class GrantPayment(models.Model):
    batch = models.ForeignKey(PaymentBatch, on_delete=models.PROTECT, related_name="payments")
    application = models.OneToOneField(
        GrantApplication, on_delete=models.PROTECT, related_name="payment"
    )
    amount_fen = models.BigIntegerField(_("amount"), validators=[MinValueValidator(1)])
    status = models.CharField(
        _("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    bank_reference = models.CharField(_("bank reference"), max_length=40, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    failure_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("grant payment")
        verbose_name_plural = _("grant payments")
        ordering = ["batch", "id"]

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.application_id}"


audit.register_masked_fields(
    GrantApplication,
    id_number=masking.mask_id_number,
    phone=masking.mask_phone,
    bank_account=masking.mask_bank_account,
)
