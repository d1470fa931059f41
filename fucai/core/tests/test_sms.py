"""SMS through the one notification service: the console by default; Alibaba Cloud and
Tencent Cloud SMS as signed HTTP requests (checked here against a local fake gateway
and, for Alibaba Cloud, the signature example of its documentation); every SMS logged
(masked number, provider, message id, never a one-time code); a limit per number."""

import datetime
import hashlib
import hmac
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import override_settings

from fucai.core import notifications, sms
from fucai.core.choices import NotificationStatus
from fucai.core.models import Notification

pytestmark = pytest.mark.django_db

PHONE = "13812345678"


class FakeGateway(BaseHTTPRequestHandler):
    received: list = []
    answer: dict = {}

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        FakeGateway.received.append((self.command, self.path, headers, body))
        payload = json.dumps(FakeGateway.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _handle

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    FakeGateway.received = []
    server = HTTPServer(("127.0.0.1", 0), FakeGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_the_alibaba_signature_matches_the_documented_example():
    params = {
        "AccessKeyId": "testId",
        "Action": "SendSms",
        "Format": "XML",
        "OutId": "123",
        "PhoneNumbers": "15300000001",
        "RegionId": "cn-hangzhou",
        "SignName": "阿里云短信测试专用",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
        "SignatureVersion": "1.0",
        "TemplateCode": "SMS_71390007",
        "TemplateParam": '{"customer":"test"}',
        "Timestamp": "2017-07-12T02:42:19Z",
        "Version": "2017-05-25",
    }
    assert sms.aliyun_signature(params, "testSecret") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


def test_the_console_is_the_default_and_the_log_keeps_no_code(cast, monkeypatch):
    printed = []
    monkeypatch.setattr(
        "fucai.core.notifications.LoggingBackend.send_sms",
        lambda self, phone, body: printed.append((phone, body)),
    )
    row = notifications.send_sms(PHONE, "验证码 123456", template="otp", params={"code": "1"})
    assert printed == [(PHONE, "验证码 123456")]
    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT and row.provider == "console"
    assert row.recipient is None and row.phone_masked == "138****5678"
    assert "123456" not in row.body and PHONE not in str(row.__dict__)


def test_alibaba_cloud_gets_a_signed_template_request(cast, gateway, settings):
    settings.SMS_PROVIDER = "aliyun"
    settings.SMS_ACCESS_KEY_ID = "LTAIkey"
    settings.SMS_ACCESS_KEY_SECRET = "secret"
    settings.SMS_SIGN_NAME = "温州福彩"
    settings.SMS_TEMPLATES = {"otp": "SMS_100001"}
    settings.SMS_ENDPOINT = gateway
    FakeGateway.answer = {"Code": "OK", "Message": "OK", "BizId": "9006^0", "RequestId": "r"}
    row = notifications.send_sms(PHONE, "验证码 654321", template="otp", params={"code": "654321"})
    assert row.status == NotificationStatus.SENT and row.provider_ref == "9006^0"
    ((method, path, _headers, _body),) = FakeGateway.received
    assert method == "GET"
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query))
    signature = query.pop("Signature")
    assert signature == sms.aliyun_signature(query, "secret")
    assert query["TemplateCode"] == "SMS_100001" and query["PhoneNumbers"] == PHONE
    assert json.loads(query["TemplateParam"]) == {"code": "654321"}
    assert query["SignName"] == "温州福彩" and query["AccessKeyId"] == "LTAIkey"


def test_a_refusal_is_logged_as_failed_not_raised(cast, gateway, settings):
    settings.SMS_PROVIDER = "aliyun"
    settings.SMS_ACCESS_KEY_ID = "k"
    settings.SMS_ACCESS_KEY_SECRET = "s"
    settings.SMS_TEMPLATES = {"otp": "SMS_1"}
    settings.SMS_ENDPOINT = gateway
    FakeGateway.answer = {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发流控"}
    row = notifications.send_sms(PHONE, "x", template="otp", params={"code": "1"})
    assert row.status == NotificationStatus.FAILED
    assert "BUSINESS_LIMIT_CONTROL" in row.error


def test_tencent_cloud_gets_a_tc3_signed_request(cast, gateway, settings):
    settings.SMS_PROVIDER = "tencent"
    settings.SMS_ACCESS_KEY_ID = "AKIDtest"
    settings.SMS_ACCESS_KEY_SECRET = "tencentsecret"
    settings.SMS_SDK_APP_ID = "1400000001"
    settings.SMS_SIGN_NAME = "温州福彩"
    settings.SMS_TEMPLATES = {"notice": "2000001"}
    settings.SMS_ENDPOINT = gateway
    FakeGateway.answer = {
        "Response": {"SendStatusSet": [{"Code": "Ok", "SerialNo": "2019:123"}], "RequestId": "x"}
    }
    row = notifications.notify(
        recipient=cast["owner"],
        subject="通知",
        body="请阅读通知",
        channel="sms",
        phone=PHONE,
        template="notice",
        params={"title": "国庆安排"},
    )
    assert row.status == NotificationStatus.SENT and row.provider_ref == "2019:123"
    assert row.recipient == cast["owner"] and row.body == "请阅读通知"
    ((method, _path, headers, body),) = FakeGateway.received
    assert method == "POST"
    payload = json.loads(body)
    assert payload["PhoneNumberSet"] == ["+86" + PHONE]
    assert payload["TemplateId"] == "2000001" and payload["TemplateParamSet"] == ["国庆安排"]
    assert payload["SmsSdkAppId"] == "1400000001"
    # The signature, derived again step by step as the TC3-HMAC-SHA256 documentation says.
    timestamp = headers["x-tc-timestamp"]
    date = datetime.datetime.fromtimestamp(int(timestamp), datetime.UTC).strftime("%Y-%m-%d")
    canonical = (
        "POST\n/\n\ncontent-type:application/json; charset=utf-8\n"
        "host:sms.tencentcloudapi.com\nx-tc-action:sendsms\n\n"
        "content-type;host;x-tc-action\n" + hashlib.sha256(body).hexdigest()
    )
    to_sign = (
        f"TC3-HMAC-SHA256\n{timestamp}\n{date}/sms/tc3_request\n"
        + hashlib.sha256(canonical.encode()).hexdigest()
    )

    def sign(key, msg):
        return hmac.new(key, msg.encode(), hashlib.sha256).digest()

    key = sign(sign(sign(b"TC3tencentsecret", date), "sms"), "tc3_request")
    expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    assert headers["authorization"] == (
        f"TC3-HMAC-SHA256 Credential=AKIDtest/{date}/sms/tc3_request, "
        f"SignedHeaders=content-type;host;x-tc-action, Signature={expected}"
    )
    assert headers["x-tc-action"] == "SendSms" and headers["x-tc-version"] == "2021-01-11"


@override_settings(NOTIFY_RATE_LIMITS={"sms": (2, 3600)})
def test_sms_to_a_number_is_limited_per_number(cast, monkeypatch):
    monkeypatch.setattr(
        "fucai.core.notifications.LoggingBackend.send_sms", lambda self, phone, body: None
    )
    rows = [notifications.send_sms(PHONE, "x") for _ in range(3)]
    assert [r.status for r in rows] == ["sent", "sent", "limited"]
    assert notifications.send_sms("13900000000", "x").status == "sent"
    assert Notification.objects.filter(phone_masked="138****5678").count() == 3


def test_the_sign_up_code_goes_through_the_service(monkeypatch):
    from fucai.recruitment import otp

    printed = []
    monkeypatch.setattr(
        "fucai.core.notifications.LoggingBackend.send_sms",
        lambda self, phone, body: printed.append(body),
    )
    code = otp.otp_request(PHONE)
    assert code in printed[0]
    row = Notification.objects.get(phone_masked="138****5678")
    assert row.template == "otp" and code not in row.body and row.status == "sent"
