import datetime
import logging
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fucai.core import crypto
from fucai.core.choices import Role
from fucai.recruitment import otp
from fucai.recruitment.models import ApplicantProfile, PhoneVerification

pytestmark = pytest.mark.django_db

PHONE = "13812345678"


@pytest.fixture
def sms(caplog):
    """The console backend logs the SMS; read the code back from the log."""
    caplog.set_level(logging.WARNING, logger="fucai.recruitment.notify")

    def last_code() -> str:
        return re.findall(r"\b(\d{6})\b", caplog.text)[-1]

    return last_code


def _age(seconds: int) -> None:
    """Pretend every code was requested ``seconds`` earlier."""
    for row in PhoneVerification.objects.all():
        row.created_at -= datetime.timedelta(seconds=seconds)
        row.save(update_fields=["created_at"])


def test_a_code_verifies_once(sms):
    otp.otp_request(PHONE)
    code = sms()
    assert PHONE not in str(list(PhoneVerification.objects.values()))
    assert otp.otp_verify("+86 138-1234-5678", code)
    assert not otp.otp_verify(PHONE, code)


def test_the_log_masks_the_phone(sms, caplog):
    otp.otp_request(PHONE)
    assert PHONE not in caplog.text and "138****5678" in caplog.text


def test_a_code_expires_after_ten_minutes(sms):
    otp.otp_request(PHONE)
    code = sms()
    _age(10 * 60 + 1)
    assert not otp.otp_verify(PHONE, code)


def test_five_wrong_guesses_burn_the_code(sms):
    otp.otp_request(PHONE)
    code = sms()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert not otp.otp_verify(PHONE, wrong)
    assert not otp.otp_verify(PHONE, code)
    assert PhoneVerification.objects.get().attempts == 5


def test_one_request_per_minute_and_five_per_hour_per_phone():
    otp.otp_request(PHONE)
    with pytest.raises(ValidationError) as error:
        otp.otp_request(PHONE)
    assert error.value.code == "rate_limited"
    for _ in range(4):
        _age(61)
        otp.otp_request(PHONE)
    _age(61)
    with pytest.raises(ValidationError):
        otp.otp_request(PHONE)
    _age(3600)
    otp.otp_request(PHONE)


def test_twenty_requests_per_hour_per_ip():
    for n in range(20):
        otp.otp_request(f"1390000{n:04d}", ip="10.0.0.1")
    with pytest.raises(ValidationError) as error:
        otp.otp_request("13911112222", ip="10.0.0.1")
    assert error.value.code == "rate_limited"
    otp.otp_request("13911112222", ip="10.0.0.2")


def test_it_refuses_a_non_mobile_number():
    with pytest.raises(ValidationError):
        otp.otp_request("0577-88888888")


def test_sign_up_creates_an_applicant_without_the_phone_in_the_username(sms):
    otp.otp_request(PHONE)
    user = otp.applicant_sign_up(phone=PHONE, code=sms(), password="Fucai#2019x", name="陈明")
    assert user.role == Role.APPLICANT and user.check_password("Fucai#2019x")
    assert PHONE not in user.username and "5678" not in user.username
    assert user.username.startswith("m")
    profile = ApplicantProfile.objects.get(user=user)
    assert profile.phone == PHONE and profile.phone_digest == crypto.blind_index(PHONE)


def test_sign_up_refuses_a_wrong_code_and_counts_the_guess(sms):
    otp.otp_request(PHONE)
    with pytest.raises(ValidationError) as error:
        otp.applicant_sign_up(phone=PHONE, code="bad", password="Fucai#2019x", name="陈明")
    assert error.value.code == "invalid_code"
    assert PhoneVerification.objects.get().attempts == 1


def test_one_account_per_phone(sms):
    otp.otp_request(PHONE)
    otp.applicant_sign_up(phone=PHONE, code=sms(), password="Fucai#2019x", name="陈明")
    _age(61)
    otp.otp_request(PHONE)
    with pytest.raises(ValidationError) as error:
        otp.applicant_sign_up(phone=PHONE, code=sms(), password="Fucai#2019y", name="陈明")
    assert error.value.code == "phone_taken"


def test_a_weak_password_is_refused_before_the_code_is_spent(sms):
    otp.otp_request(PHONE)
    with pytest.raises(ValidationError):
        otp.applicant_sign_up(phone=PHONE, code=sms(), password="123", name="陈明")
    assert PhoneVerification.objects.get().consumed_at is None
    assert timezone.now()
