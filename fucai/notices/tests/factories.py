import factory
from factory.django import DjangoModelFactory

from fucai.core.tests.factories import UserFactory
from fucai.notices.choices import Audience, RecipientKind
from fucai.notices.models import Notice, NoticeRecipient


class NoticeFactory(DjangoModelFactory):
    class Meta:
        model = Notice

    title = factory.Sequence(lambda n: f"关于做好第{n}期销售工作的通知")
    body = "请各投注站认真落实。"
    audience = Audience.STATIONS
    sent_by = factory.SubFactory(UserFactory)


class NoticeRecipientFactory(DjangoModelFactory):
    class Meta:
        model = NoticeRecipient

    notice = factory.SubFactory(NoticeFactory)
    user = factory.SubFactory(UserFactory)
    kind = RecipientKind.OWNER
