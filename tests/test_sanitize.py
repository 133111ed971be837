import unicodedata

from conftest import finishes
from hypothesis import given
from hypothesis import strategies as st

from tui.core.sanitize import clean_scalar, is_safe, sanitize

HOSTILE = [
    "\x1b[2J\x1b[H",  # clear screen, cursor home
    "\x1b]52;c;aGVsbG8=\x07",  # OSC 52 clipboard write
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1bc",  # full terminal reset
    "\x9b31m",  # C1 CSI
    "\u202eevil\u202c",  # bidi override
    "\u2066isolate\u2069",
    "nul\x00byte",
    "del\x7fchar",
]


def test_hostile_samples_lose_every_control_character():
    for sample in HOSTILE:
        cleaned = sanitize(sample)
        assert is_safe(cleaned), repr(cleaned)
        assert "\x1b" not in cleaned and "\x9b" not in cleaned and "\u202e" not in cleaned


def test_placeholders_are_visible():
    assert sanitize("a\x1bb") == "a\u241bb"  # ␛
    assert sanitize("\x00") == "\u2400"
    assert sanitize("x\x7f") == "x\u2421"
    assert sanitize("\u202e") == "\ufffd"


def test_newlines_and_tabs_survive_and_crlf_is_normalised():
    assert sanitize("one\r\ntwo\tthree\n") == "one\ntwo\tthree\n"
    assert sanitize("bare\rreturn") == "bare\u240dreturn"


def test_ordinary_text_is_unchanged():
    text = "Épstein–Barr virus: “B cells” — 10 µg, naïve, 日本語"
    assert sanitize(text) == text


def test_clean_scalar_flattens_and_refuses_non_text():
    assert clean_scalar("  two\n words ") == "two words"
    assert clean_scalar(5) == "5"
    assert clean_scalar(True) is None
    assert clean_scalar(["list"]) is None


@given(st.text() | st.text(st.characters(max_codepoint=0x20AF), min_size=1000, max_size=20_000))
def test_output_never_holds_control_characters(text):
    cleaned = finishes(sanitize, text)
    for char in cleaned:
        if unicodedata.category(char) == "Cc":
            assert char in "\n\t"
    assert is_safe(cleaned)


def test_a_whole_file_of_controls_is_cleaned_quickly():
    text = "".join(HOSTILE) * 20_000  # about 1.4 MB, more than an article may be
    cleaned = finishes(sanitize, text)
    assert is_safe(cleaned)


#: Characters Rich measures as zero columns and terminals draw one or two wide (or the
#: other way round): a title holding them spilled into the neighbouring pane.
WIDTH_TRAPS = {
    "\u3164": " ",  # Hangul filler
    "\uffa0": " ",  # halfwidth Hangul filler
    "\u115f": " ",  # Hangul choseong filler
    "\u1160": " ",  # Hangul jungseong filler
    "\u2028": " ",  # line separator
    "\u2029": " ",  # paragraph separator
    "\u200b": "",  # zero width space
    "\u200c": "",  # zero width non-joiner
    "\u200d": "",  # zero width joiner
    "\u2060": "",  # word joiner
    "\u2062": "",  # invisible times
    "\ufeff": "",  # zero width no-break space
    "\u00ad": "",  # soft hyphen
    "\u034f": "",  # combining grapheme joiner
    "\u180e": "",  # Mongolian vowel separator
    "\ufe0f": "",  # variation selector 16
    "\U000e0041": "",  # tag letter
    "\U0001d173": "",  # musical symbol begin beam
}


def test_characters_of_disputed_width_are_removed_or_made_a_space():
    from rich.cells import cell_len

    for char, replacement in WIDTH_TRAPS.items():
        cleaned = sanitize(f"[STRONG{char}EVIDENCE]")
        assert cleaned == f"[STRONG{replacement}EVIDENCE]", hex(ord(char))
        assert cell_len(cleaned) == len(cleaned)  # every column counted as one
        assert not is_safe(char)


def test_every_format_character_is_handled():
    """The whole class, not the samples: every Unicode format (Cf) character."""
    import sys

    formats = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert len(formats) > 150
    assert [hex(ord(c)) for c in formats if is_safe(c)] == []


def test_lone_surrogates_from_names_that_are_not_utf8_are_replaced():
    assert sanitize("bad\udc9bname") == "bad\ufffdname"
    assert sanitize("bad\udc9bname").encode("utf-8")


def test_names_are_shown_on_one_line_with_escapes():
    from tui.core.sanitize import show_name

    assert show_name("a\nb\tc") == "a\\nb\\tc"
    assert show_name("bad\udc9bname") == "bad\\x9bname"  # the byte the file system holds
    assert show_name("x\x1b]0;t\x07\u202e") == "x\\x1b]0;t\\x07\\u202e"
    assert show_name("Épstein–Barr 日本") == "Épstein–Barr 日本"
