"""Links: what a reader is shown is what would open (issue 12, item 13)."""

from __future__ import annotations

import pytest
from app_helpers import make_app, press, settle, show_article
from conftest import write_article

from tui.app.screens.dialogs import LinkDialog
from tui.core.links import URL, check_link

REFUSED = {
    "https://www.nih.gov\u2215health\u2215x@evil.example/": "before “@” hides the real address",
    "https://user:pw@www.nih.gov/": "before “@” hides the real address",
    "https://www.nih.gov\u2215evil": "look-alike characters (U+2215)",
    "https://nih.gov\uff0eevil.example/": "look-alike characters (U+FF0E)",
    "https://nih.gov\u2044x/": "look-alike characters (U+2044)",
    "https://www.nih\u200b.gov/": "invisible or control characters",
    "https://www.nih.gov/\u202eevil": "invisible or control characters",
    "javascript:alert(1)": "only opens web",
    "file:///etc/passwd": "only opens web",
    "https://evil.example:99999/": "not a valid web address",
}


@pytest.mark.parametrize("url", REFUSED)
def test_look_alike_and_hidden_addresses_are_refused_with_the_reason(url):
    check = check_link(url)
    assert not check.allowed and REFUSED[url] in check.reason


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.nih.gov/health/ms", "www.nih.gov"),
        ("https://b\u00fccher.example/x", "xn--bcher-kva.example"),
        ("https://\u0430pple.com/", "xn--pple-43d.com"),  # a Cyrillic а: shown encoded
    ],
)
def test_the_real_host_is_given_idna_encoded(url, host):
    check = check_link(url)
    assert check.allowed and check.host == host


def test_an_address_in_the_text_is_found_whole_not_cut_to_a_harmless_part():
    text = "See https://www.nih.gov\u2215health\u2215x@evil.example/ for more."
    assert URL.findall(text) == ["https://www.nih.gov\u2215health\u2215x@evil.example/"]


async def test_the_dialog_shows_the_host_that_opens_and_refuses_the_look_alike(
    tmp_path, isolated_dirs, monkeypatch
):
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    body = (
        "\n## Key takeaway\nSee https://www.nih.gov\u2215health\u2215x@evil.example/ and "
        "https://\u0430pple.com/info.\n\n## Important considerations\nNone.\n"
    )
    write_article(tmp_path / "lib", "links", body=body)
    opened: list[str] = []
    app = make_app(tmp_path / "lib", isolated_dirs)
    monkeypatch.setattr(app, "open_link", lambda url: opened.append(url) or True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await show_article(app, pilot, "links")
        await press(app, pilot, "o", "enter")
        assert isinstance(app.screen, LinkDialog) and not app.screen.allowed
        shown = str(app.screen.message())
        assert "hides the real address, evil.example" in shown
        await press(app, pilot, "y", "o", "j", "enter")  # y on a refused link only closes
        assert isinstance(app.screen, LinkDialog) and app.screen.allowed
        assert "The site that opens: xn--pple-43d.com" in str(app.screen.message())
    assert opened == []
