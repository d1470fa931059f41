import posixpath
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, masking
from fucai.core.choices import Role
from fucai.core.fields import EncryptedCharField, MaskedField
from fucai.core.models import Region
from fucai.core.roles import role_of
from fucai.core.scope import ScopedQuerySet

from .. import constants as c
from ..choices import ApplicationStatus, DocumentKind, Education, IntendedClass, Sex, Tenure
from .calls import RecruitmentCall


def new_tracking_code() -> str:
    return "".join(secrets.choice(c.TRACKING_CODE_ALPHABET) for _ in range(c.TRACKING_CODE_LENGTH))


class ApplicationQuerySet(ScopedQuerySet):
    region_path = "region"
    # An application the applicant has not submitted yet is theirs alone: staff see it
    # in no list, detail, count or figure until it is submitted.
    staff_hidden = Q(status=ApplicationStatus.DRAFT)

    def visible_to(self, user):
        # Applicants see their own applications, whatever the district.
        if getattr(user, "is_authenticated", False) and role_of(user) == Role.APPLICANT:
            return self.of_applicant(user)
        return super().visible_to(user)

    def of_applicant(self, user):
        """``user``'s own applications (the portal's and the API's "my applications"),
        drafts included; nothing for anyone else."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(applicant=user)


class Application(models.Model):
    """An application to run a new station under a recruitment call (征召申请), filled
    in and followed online by the applicant; staff move it through the review steps.
    The ID number and phone are personal data: encrypted, with a keyed hash for
    duplicate checks, and masked everywhere they are shown."""

    call = models.ForeignKey(
        RecruitmentCall,
        verbose_name=_("recruitment call"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="recruitment_applications",
    )
    tracking_code = models.CharField(
        _("tracking code"), max_length=16, unique=True, default=new_tracking_code, editable=False
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    # Identity
    name = models.CharField(_("name"), max_length=50)
    id_number = EncryptedCharField(_("ID number"), max_length=18)
    id_number_digest = models.CharField(max_length=64, db_index=True, editable=False)
    birth_date = models.DateField(_("date of birth"), editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, editable=False)
    phone = EncryptedCharField(_("contact phone"), max_length=11)
    # Masks kept beside the ciphertexts so lists never decrypt.
    id_number_masked = MaskedField(_("ID number"), source="id_number", mask=masking.mask_id_number)
    phone_masked = MaskedField(_("contact phone"), source="phone", mask=masking.mask_phone)
    email = models.EmailField(_("email"), blank=True)
    education = models.CharField(_("education"), max_length=12, choices=Education.choices)
    # Proposed premises
    address = models.CharField(_("premises address"), max_length=200)
    region = models.ForeignKey(
        Region,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "county"},
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    area = models.DecimalField(
        _("premises area (m²)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(1)],
    )
    tenure = models.CharField(_("tenure"), max_length=10, choices=Tenure.choices)
    lease_ends_on = models.DateField(_("lease ends on"), null=True, blank=True)
    intended_class = models.CharField(
        _("intended class"), max_length=10, choices=IntendedClass.choices
    )
    experience = models.TextField(_("experience"), blank=True)
    resides_in_region = models.BooleanField(_("resides in the district"), default=False)
    # Completeness check
    return_reasons = models.TextField(_("reasons for correction"), blank=True)
    # Site survey
    surveyor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("surveyor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    survey_findings = models.TextField(_("survey findings"), blank=True)
    survey_check = models.JSONField(_("survey check"), default=dict, blank=True)
    surveyed_at = models.DateTimeField(_("surveyed at"), null=True, blank=True)
    # Decisions
    review_comment = models.TextField(_("review comment"), blank=True)
    notice_starts_on = models.DateField(_("notice starts on"), null=True, blank=True)
    notice_ends_on = models.DateField(_("notice ends on"), null=True, blank=True)
    draw = models.ForeignKey(
        "recruitment.Draw",
        verbose_name=_("draw"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    draw_rank = models.PositiveIntegerField(_("rank in the draw"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    contract_appointment_at = models.DateTimeField(_("signing appointment"), null=True, blank=True)
    contract_place = models.CharField(_("signing place"), max_length=200, blank=True)
    contract_signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    station = models.OneToOneField(
        "stations.Station",
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
    )
    # Timestamps
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status since"), default=timezone.now)
    due_on = models.DateField(_("next step due"), null=True, blank=True, db_index=True)

    # Notifications about it live in core (the generic target); filter them with
    # ``Notification.objects.filter(application=...)``.
    notifications = GenericRelation(
        "core.Notification",
        content_type_field="target_type",
        object_id_field="target_id",
        related_query_name="application",
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["call", "region", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(tenure="leased") | Q(lease_ends_on__isnull=False),
                name="application_lease_has_end",
            )
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def name_masked(self) -> str:
        return masking.mask_name(self.name)


def document_upload_to(instance: "ApplicationDocument", filename: str) -> str:
    # ``filename`` is already random with the detected extension (see uploads.py); the
    # user's own file name is kept only in original_name, never on disk.
    return posixpath.join(c.UPLOAD_DIR, str(instance.application_id), filename)


class ApplicationDocument(models.Model):
    """A document attached to an application (ID card, proof of premises, lease,
    photos), checked by content type and stored under a random name."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=255)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["application", "kind", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.get_kind_display()} {self.original_name}"


audit.register_masked_fields(
    Application,
    id_number=masking.mask_id_number,
    phone=masking.mask_phone,
)
