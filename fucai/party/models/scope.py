"""Who sees party records: the party-affairs office and leadership all of them (the
center has one party organization, not one per district); any other signed-in user only
the records about themselves, through the staff account linked to their member record."""

from django.db import models

from fucai.core.roles import VIEW_PARTY, has_permission


class PartyQuerySet(models.QuerySet):
    # The path from a row to the linked staff account of the member it is about; None:
    # the row is about no one member (a branch, an activity plan).
    member_user_path: str | None = "member__user"

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if has_permission(user, VIEW_PARTY):
            return self.all()
        if self.member_user_path is None:
            return self.none()
        return self.filter(**{self.member_user_path: user}).distinct()


class BranchQuerySet(PartyQuerySet):
    member_user_path = "members__user"


class MemberQuerySet(PartyQuerySet):
    member_user_path = "user"

    def current(self):
        from ..choices import MemberStatus

        return self.exclude(status=MemberStatus.TRANSFERRED_OUT)


class ActivityQuerySet(PartyQuerySet):
    member_user_path = "attendances__member__user"

    def held(self):
        from ..choices import ActivityStatus

        return self.filter(status=ActivityStatus.HELD)
