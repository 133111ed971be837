"""Links: which addresses an article gives, and which of them may ever be opened."""

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.article import Article, Source
from tui.core.links import LOOKALIKES, article_links, check_link, text_links

# (address, why it must not open): each reads as one site and opens another, or hides.
HOSTILE = [
    ("https://www.nih.gov\u2215health\u2215ms@evil.example/", "division slash, user name"),
    ("https://www.nih.gov\u2044health.evil.example/", "fraction slash in the host"),
    ("https://www.nih.gov\uff0fhealth.evil.example/", "fullwidth solidus"),
    ("https://www.nih.gov\u2571x.evil.example/", "box-drawing diagonal"),
    ("https://www.nih\u3002gov.evil.example/", "ideographic full stop"),
    ("https://www.nih\uff0egov.evil.example/", "fullwidth full stop"),
    ("https://www.nih\u2024gov.evil.example/", "one dot leader"),
    ("https://www.nih.gov\uff20evil.example/", "fullwidth commercial at"),
    ("https://www.nih.gov\ufe6bevil.example/", "small commercial at"),
    ("https://www.nih.gov\u2236443.evil.example/", "ratio sign for a colon"),
    ("https://www.nih.gov@evil.example/", "user name"),
    ("https://user:secret@evil.example/", "user name and password"),
    ("https://@evil.example/", "empty user name"),
    ("https://evil.example\\@www.nih.gov/", "backslash, read as a slash"),
    ("https://www.nih.gov\\.evil.example/", "backslash in the host"),
    ("https://evil\u200b.example/", "zero-width space"),
    ("https://evil.example/\u200d", "zero-width joiner in the path"),
    ("https://evil.example/\u00ad", "soft hyphen"),
    ("https://\u202eelpmaxe.live/", "bidi override"),
    ("https://evil.example/\u2066x\u2069", "bidi isolate"),
    ("https://evil.example/\ufeff", "byte order mark"),
    ("https://evil.example/\U000e0041", "tag character"),
    ("https://evil.example/\u3164", "Hangul filler"),
    ("https://evil.example/a\u00a0b", "no-break space"),
    ("https://evil.example/a b", "space"),
    ("https://evil.example/\x1b]52;c;x\x07", "escape sequence"),
    ("https://evil.example/\x9b", "C1 control"),
    ("https://\uff45\uff56\uff49\uff4c.example/", "fullwidth letters, mapped before encoding"),
    ("https://fa\u00df.example/", "sharp s: browsers and IDNA 2003 disagree"),
    ("https://%65vil.example/", "percent-encoded host"),
    ("https://xn--zz.example/", "xn-- label that is not punycode"),
    ("http://127.0.0.1/", "an IP address, not a site name"),
    ("http://2130706433/", "a number for a host"),
    ("http://[::1]/", "IPv6 loopback"),
    ("https://localhost/", "no dot: a local name"),
    ("https://example.org:99999/", "port out of range"),
    ("https:///etc/passwd", "no host"),
    ("file:///etc/passwd", "file"),
    ("javascript:alert(1)", "javascript"),
    ("gopher://old.example/x", "unknown scheme"),
    ("https:evil.example", "no //"),
    ("ftp://example.org/", "ftp"),
]


@pytest.mark.parametrize(("url", "why"), HOSTILE)
def test_hostile_addresses_are_refused_with_a_reason(url, why):
    check = check_link(url)
    assert not check.allowed, why
    assert check.host is None
    assert check.problem and check.problem.endswith(".")


# Every character that may not appear anywhere in an address a reader is asked to trust.
HIDDEN = st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Co"]).filter(lambda c: c != " ")
SLASH_LIKE = st.sampled_from(
    [*sorted(LOOKALIKES), "\uff0f", "\uff20", "\uff0e", "\ufe6b", "\u2024"]
)


@given(
    url=st.sampled_from(["https://example.org/a/b?q=1#top", "http://www.nih.gov/health/"]),
    char=st.one_of(HIDDEN, SLASH_LIKE, st.just(" "), st.just("\\")),
    at=st.integers(min_value=0),
)
def test_one_hidden_or_look_alike_character_anywhere_is_refused(url, char, at):
    at %= len(url) + 1
    check = check_link(url[:at] + char + url[at:])
    assert not check.allowed and check.host is None, unicodedata.name(char, hex(ord(char)))


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://example.org/a", "example.org"),
        ("HTTPS://Www.Example.ORG/Path?q=1#top", "www.example.org"),
        ("http://example.org:8080/", "example.org"),
        ("https://doi.org/10.1000/a_b%7B1%7D", "doi.org"),
        ("https://pubmed.ncbi.nlm.nih.gov/12345678/", "pubmed.ncbi.nlm.nih.gov"),
        ("https://fr.wikipedia.org/wiki/Scl\u00e9rose_en_plaques", "fr.wikipedia.org"),
        ("https://b\u00fccher.example/", "xn--bcher-kva.example"),  # the name the browser asks for
        ("https://xn--bcher-kva.example/", "xn--bcher-kva.example"),
        ("https://\u0440\u0430\u0443\u0440\u0430l.com/", "xn--l-7sba6dbr.com"),  # Cyrillic "paypal"
    ],
)
def test_web_addresses_open_and_name_the_host_idna_encoded(url, host):
    check = check_link(url)
    assert check.allowed and check.problem is None
    assert check.host == host
    assert check.international == host.startswith("xn--")


def test_links_in_text_end_where_the_prose_takes_over():
    text = (
        "See https://example.org/a. Or <https://example.org/b>, [here](https://example.org/c) "
        "and (https://example.org/d); https://example.org/e\u241b]52 also "
        "https://www.nih.gov\u2215health@evil.example/ whole."
    )
    assert text_links(text) == [
        "https://example.org/a",
        "https://example.org/b",
        "https://example.org/c",
        "https://example.org/d",
        "https://example.org/e",  # a sanitiser placeholder ends it
        "https://www.nih.gov\u2215health@evil.example/",  # listed whole, so it is refused whole
    ]


def test_an_article_lists_its_identifiers_then_its_text_links_once_each():
    source = Source(
        journal="J",
        year=2020,
        url="https://example.org/paper",
        doi="10.1000/x",
        pmid="12345678",
        registrations=("NCT01234567", "ISRCTN1"),
    )
    article = Article(
        id="a",
        file="a.md",
        title="A",
        date=date(2020, 1, 1),
        kind="study",
        topics=(),
        takeaway="More at https://example.org/more.",
        considerations="",
        sections=(),
        intro="The paper: https://example.org/paper and https://doi.org/10.1000/x",
        source=source,
    )
    assert article_links(article) == [
        "https://example.org/paper",
        "https://doi.org/10.1000/x",
        "https://pubmed.ncbi.nlm.nih.gov/12345678/",
        "https://clinicaltrials.gov/study/NCT01234567",
        "https://example.org/more",
    ]


async def test_the_dialog_shows_the_site_that_would_open(isolated_dirs, tmp_path, monkeypatch):
    from app_helpers import make_app, press, screen_text, settle, show_article
    from conftest import write_article

    from tui.app.screens.dialogs import LinkDialog

    write_article(
        tmp_path,
        "links",
        body="## Key takeaway\nx\n## Links\nhttps://www.nih.gov\u2215health\u2215ms@evil.example/ "
        "and https://b\u00fccher.example/a\n## Important considerations\ny\n",
    )
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    opened: list[str] = []
    app = make_app(tmp_path, isolated_dirs)
    monkeypatch.setattr(app, "open_link", lambda url: opened.append(url) or True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "links")
        await press(app, pilot, "o", "enter")  # the look-alike: refused, and why
        assert isinstance(app.screen, LinkDialog) and not app.screen.allowed
        text = screen_text(app)
        assert "characters that only look like" in text and "Site:" not in text
        await press(app, pilot, "y")
        assert opened == []
        await press(app, pilot, "o", "j", "enter")  # an international name: its real host
        text = screen_text(app)
        assert "https://b\u00fccher.example/a" in text
        assert "Site: xn--bcher-kva.example" in text
        await press(app, pilot, "y")
        assert opened == ["https://b\u00fccher.example/a"]


def test_check_reports_a_source_address_that_would_not_open(tmp_path):
    from conftest import write_article

    from tui.core.parser import read_article

    path = write_article(
        tmp_path,
        "a",
        source="\n  journal: J\n  year: 2020\n  url: https://www.nih.gov\u2215x@evil.example/",
    )
    problems = read_article(path)
    assert isinstance(problems, list)
    assert "source.url would not be opened: The address holds characters that only look" in str(
        problems[0]
    )
