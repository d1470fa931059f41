"""A user finds their API tokens in the account menu and revokes one."""

import pytest
from playwright.sync_api import expect

from fucai.core import tokens
from fucai.core.models import ApiToken
from fucai.core.tests.factories import PASSWORD

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_user_revokes_a_token_from_the_account_menu(page, cast):
    first, _ = tokens.token_issue(acting_user=cast["leader"])
    second, _ = tokens.token_issue(acting_user=cast["leader"])
    tokens.token_issue(acting_user=cast["finance"])
    login(page, "leader", PASSWORD)
    page.click("[data-testid=user-menu]")
    page.get_by_role("link", name="API令牌").click()
    rows = page.locator("[data-testid=token-row]")
    expect(rows).to_have_count(2)
    expect(page.locator("[data-testid=token-table]")).to_contain_text(first.prefix)
    rows.filter(has_text=first.prefix).get_by_role("button", name="吊销").click()
    expect(page.locator("[data-testid=token-row]")).to_have_count(1)
    expect(page.locator("[data-testid=token-table]")).to_contain_text(second.prefix)
    assert list(ApiToken.objects.filter(user=cast["leader"])) == [second]
