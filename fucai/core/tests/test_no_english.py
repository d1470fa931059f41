"""Every page a user meets speaks Chinese: no leftover English word and no raw code in
the visible text of any staff page or portal page.

Every GET route of the permission matrix is rendered (with its world) as the first role
that may open it — leadership first — and its visible text (text nodes, titles and
placeholders; not scripts, styles or ``<code>``) is searched for Latin words. Codes are
allowed: upper-case tokens (game codes SSQ, tracking codes, ID letters) and a short,
explicit list of names people use as they are. A new page, a new template or a new
choice that reaches the screen untranslated fails here."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from fucai.core.tests.test_permission_matrix import URL_SPECS, _call, _make_world

# Words shown as they are, on purpose.
ALLOWED = {"API", "Excel", "CSV", "ECharts", "ID", "IP", "PDF", "PNG", "JPEG", "WebP", "Python"}
# Who renders a page: the first of these the matrix lets in.
VIEWERS = ("leader", "admin", "stations", "lucheng", "inspector", "owner", "applicant")
# A word, not part of a file name, a dotted name (random.Random) or a path.
LATIN_WORD = re.compile(r"(?<![\w.@/-])[A-Za-z][A-Za-z'’]+(?![\w@/]|\.\w)")
# Words of the matrix's fixtures that stand for user data (a draw seed typed by staff,
# an import error stored as the importer wrote it), per page.
FIXTURE_WORDS = {
    "portal:draw_detail": {"matrix"},
    "sales:import_detail": {"unknown", "station"},
}
SKIPPED_TAGS = {"script", "style", "code", "pre", "template", "noscript", "svg"}
VISIBLE_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping.append(tag)
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value and not self.skipping:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def english_words(html: str) -> set[str]:
    parser = _VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    return {
        word
        for word in LATIN_WORD.findall(text)
        # Upper case (SSQ) or capitals inside (a token prefix, eJKpstFk): a code.
        if word not in ALLOWED and not word.isupper() and not _has_inner_capital(word)
    }


def _has_inner_capital(word: str) -> bool:
    return any(letter.isupper() for letter in word[1:])


def test_the_detector_finds_english_and_spares_codes():
    html = (
        "<title>投注站 · Fucai</title><p>学历：college 站点 SSQ 33030001 PICC0001</p>"
        "<script>var x = 'hello'</script><code>POST /api/token</code>"
        '<input placeholder="Search"><a href="/x">Excel</a> 令牌 eJKpstFk'
    )
    assert english_words(html) == {"Fucai", "college", "Search"}


def _viewer(spec) -> str | None:
    if spec.method != "get":
        return None
    for role in (*VIEWERS, "anonymous"):
        if spec.expected[role] == "ok":
            return role
    return None


def _name_the_cast(cast):
    """Users have Chinese names in the center (the usernames are login IDs)."""
    for number, user in enumerate(cast.values()):
        user.display_name = "用户{}".format("甲乙丙丁戊己庚辛壬癸子丑寅卯"[number])
        user.save(update_fields=["display_name"])


@pytest.mark.django_db
def test_no_page_shows_english(client, cast):
    _name_the_cast(cast)
    world = _make_world(cast)
    leaks, rendered = {}, 0
    for name, spec in URL_SPECS.items():
        viewer = _viewer(spec)
        if " " in name or viewer is None or name == "admin:index":
            continue  # the JSON API; write-only routes; Django's admin has its own test
        client.logout()
        if viewer != "anonymous":
            client.force_login(cast[viewer])
        response = _call(client, name, spec, world)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        rendered += 1
        words = english_words(response.content.decode()) - FIXTURE_WORDS.get(name, set())
        if words:
            leaks[f"{name} ({viewer})"] = sorted(words)
    assert rendered > 40  # the sweep really rendered the site
    assert leaks == {}, "\n".join(f"{page}: {' '.join(w)}" for page, w in leaks.items())


@pytest.mark.django_db
def test_error_pages_and_the_admin_index_are_chinese(client, cast):
    _name_the_cast(cast)
    client.force_login(cast["party"])  # has the staff site, not the station registry
    forbidden = client.get(reverse("stations:list"))
    assert forbidden.status_code == 403 and not english_words(forbidden.content.decode())
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and not english_words(missing.content.decode())
    cast["admin"].is_staff = cast["admin"].is_superuser = True
    cast["admin"].save()
    client.force_login(cast["admin"])
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    # Django's own admin chrome has a few words its Chinese catalog lacks
    # (visually hidden table headers); the names and titles must all be Chinese.
    assert english_words(index.content.decode()) <= {"Django"}
