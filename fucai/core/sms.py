"""SMS gateways behind ``settings.SMS_PROVIDER``: the console (default: the notification
backend's ``send_sms`` writes the message to the log), Alibaba Cloud SMS (阿里云短信,
``SendSms`` of dysmsapi, RPC signature: HMAC-SHA1 over the canonicalized query) and
Tencent Cloud SMS (腾讯云短信, ``SendSms`` 2021-01-11, signature TC3-HMAC-SHA256).

Providers send *templates*: a message is a template id registered with the provider
and its parameters. ``settings.SMS_TEMPLATES`` maps our template names (``otp``,
``invite``, ``notice``) to the provider's ids; the console prints the rendered body.
Requests are built by pure functions (``aliyun_request``, ``tencent_request``) so tests
check the signed request without a network; ``transport`` posts it (urllib, a timeout).
No vendor SDK: two signed HTTPS calls do not justify one.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field

from django.conf import settings

CONSOLE, ALIYUN, TENCENT = "console", "aliyun", "tencent"
TIMEOUT_SECONDS = 10


class SmsError(Exception):
    """The provider refused or could not be reached; the message says why."""


@dataclass(frozen=True)
class HttpRequest:
    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def _setting(name: str, default=""):
    return getattr(settings, name, default)


def template_id(name: str) -> str:
    templates = _setting("SMS_TEMPLATES", {}) or {}
    if not templates.get(name):
        raise SmsError(f"no SMS template configured for {name!r} (settings.SMS_TEMPLATES)")
    return templates[name]


# Alibaba Cloud ------------------------------------------------------------------


def _pe(value: str) -> str:
    """Alibaba Cloud's percent-encoding: RFC 3986 unreserved characters kept, space as
    %20, ``*`` as %2A, ``~`` kept."""
    return urllib.parse.quote(str(value), safe="~")


def aliyun_signature(params: dict[str, str], secret: str, method: str = "GET") -> str:
    canonical = "&".join(f"{_pe(k)}={_pe(v)}" for k, v in sorted(params.items()))
    string_to_sign = f"{method}&{_pe('/')}&{_pe(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def aliyun_request(
    *,
    phone: str,
    template: str,
    params: dict,
    access_key_id: str,
    access_key_secret: str,
    sign_name: str,
    endpoint: str = "https://dysmsapi.aliyuncs.com/",
    now: datetime.datetime | None = None,
    nonce: str | None = None,
) -> HttpRequest:
    now = now or datetime.datetime.now(datetime.UTC)
    query = {
        "AccessKeyId": access_key_id,
        "Action": "SendSms",
        "Format": "JSON",
        "PhoneNumbers": phone,
        "RegionId": "cn-hangzhou",
        "SignName": sign_name,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": nonce or uuid.uuid4().hex,
        "SignatureVersion": "1.0",
        "TemplateCode": template,
        "TemplateParam": json.dumps(params, ensure_ascii=False, separators=(",", ":")),
        "Timestamp": now.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Version": "2017-05-25",
    }
    signature = aliyun_signature(query, access_key_secret)
    encoded = "&".join(f"{_pe(k)}={_pe(v)}" for k, v in sorted(query.items()))
    return HttpRequest("GET", f"{endpoint}?Signature={_pe(signature)}&{encoded}")


def aliyun_result(status: int, body: bytes) -> str:
    try:
        data = json.loads(body or b"{}")
    except ValueError as error:
        raise SmsError(f"Alibaba Cloud SMS answered HTTP {status}, not JSON") from error
    if data.get("Code") != "OK":
        raise SmsError(f"Alibaba Cloud SMS: {data.get('Code')}: {data.get('Message')}")
    return str(data.get("BizId") or data.get("RequestId") or "")


# Tencent Cloud ------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hmac256(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def tencent_request(
    *,
    phone: str,
    template: str,
    params: dict,
    secret_id: str,
    secret_key: str,
    sdk_app_id: str,
    sign_name: str,
    region: str = "ap-guangzhou",
    host: str = "sms.tencentcloudapi.com",
    endpoint: str | None = None,
    now: datetime.datetime | None = None,
) -> HttpRequest:
    """Template parameters go in the template's order: ``params`` keeps its own."""
    now = now or datetime.datetime.now(datetime.UTC)
    timestamp = int(now.timestamp())
    date = datetime.datetime.fromtimestamp(timestamp, datetime.UTC).strftime("%Y-%m-%d")
    service, action, version = "sms", "SendSms", "2021-01-11"
    number = phone if phone.startswith("+") else f"+86{phone}"
    payload = json.dumps(
        {
            "PhoneNumberSet": [number],
            "SmsSdkAppId": sdk_app_id,
            "SignName": sign_name,
            "TemplateId": template,
            "TemplateParamSet": [str(v) for v in params.values()],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    content_type = "application/json; charset=utf-8"
    canonical_headers = f"content-type:{content_type}\nhost:{host}\nx-tc-action:{action.lower()}\n"
    signed_headers = "content-type;host;x-tc-action"
    canonical_request = "\n".join(
        ["POST", "/", "", canonical_headers, signed_headers, _sha256(payload)]
    )
    scope = f"{date}/{service}/tc3_request"
    string_to_sign = "\n".join(
        ["TC3-HMAC-SHA256", str(timestamp), scope, _sha256(canonical_request.encode())]
    )
    key = _hmac256(f"TC3{secret_key}".encode(), date)
    key = _hmac256(key, service)
    key = _hmac256(key, "tc3_request")
    signature = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    headers = {
        "Authorization": (
            f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, "
            f"SignedHeaders={signed_headers}, Signature={signature}"
        ),
        "Content-Type": content_type,
        "Host": host,
        "X-TC-Action": action,
        "X-TC-Timestamp": str(timestamp),
        "X-TC-Version": version,
        "X-TC-Region": region,
    }
    return HttpRequest("POST", endpoint or f"https://{host}/", headers, payload)


def tencent_result(status: int, body: bytes) -> str:
    try:
        data = json.loads(body or b"{}").get("Response", {})
    except (ValueError, AttributeError) as error:
        raise SmsError(f"Tencent Cloud SMS answered HTTP {status}, not JSON") from error
    if "Error" in data:
        error = data["Error"]
        raise SmsError(f"Tencent Cloud SMS: {error.get('Code')}: {error.get('Message')}")
    statuses = data.get("SendStatusSet") or [{}]
    if statuses[0].get("Code") != "Ok":
        raise SmsError(
            f"Tencent Cloud SMS: {statuses[0].get('Code')}: {statuses[0].get('Message')}"
        )
    return str(statuses[0].get("SerialNo") or data.get("RequestId") or "")


# Sending ------------------------------------------------------------------------


def transport(request: HttpRequest) -> tuple[int, bytes]:
    """Send ``request``; (status, body). An HTTP error status is returned, not raised:
    the providers explain refusals in the body."""
    prepared = urllib.request.Request(  # noqa: S310 -- https endpoints from settings
        request.url, data=request.body or None, headers=request.headers, method=request.method
    )
    try:
        with urllib.request.urlopen(prepared, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status, response.read(65536)
    except urllib.error.HTTPError as error:
        return error.code, error.read(65536)
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise SmsError(f"SMS gateway unreachable: {error}") from error


def provider() -> str:
    return _setting("SMS_PROVIDER", CONSOLE) or CONSOLE


def send_templated(phone: str, template: str, params: dict) -> str:
    """Send through the configured cloud provider; returns its message id. Raises
    :class:`SmsError` when the provider refuses or cannot be reached."""
    name = provider()
    if name == ALIYUN:
        request = aliyun_request(
            phone=phone,
            template=template_id(template),
            params=params,
            access_key_id=_setting("SMS_ACCESS_KEY_ID"),
            access_key_secret=_setting("SMS_ACCESS_KEY_SECRET"),
            sign_name=_setting("SMS_SIGN_NAME"),
            endpoint=_setting("SMS_ENDPOINT") or "https://dysmsapi.aliyuncs.com/",
        )
        return aliyun_result(*transport(request))
    if name == TENCENT:
        request = tencent_request(
            phone=phone,
            template=template_id(template),
            params=params,
            secret_id=_setting("SMS_ACCESS_KEY_ID"),
            secret_key=_setting("SMS_ACCESS_KEY_SECRET"),
            sdk_app_id=_setting("SMS_SDK_APP_ID"),
            sign_name=_setting("SMS_SIGN_NAME"),
            region=_setting("SMS_REGION") or "ap-guangzhou",
            endpoint=_setting("SMS_ENDPOINT") or None,
        )
        return tencent_result(*transport(request))
    raise SmsError(f"unknown SMS_PROVIDER {name!r}")
