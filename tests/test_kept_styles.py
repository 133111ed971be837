"""The CSS parsed at one start is taken back at the next, for the same colours only, and a
kept file that cannot be read is parsed again (issue 17: parsing took a twentieth of a
start)."""

from __future__ import annotations

from app_helpers import make_app, press, screen_text, settle
from conftest import FIXTURE_LIBRARY
from textual.css import stylesheet as textual_stylesheet
from textual.css.model import RuleSet

from tui.app.app import MyelinApp


def count_parsing(monkeypatch) -> list[str]:
    """The sources Textual's parser is given from now on (their places)."""
    parsed: list[str] = []
    real = textual_stylesheet.parse

    def parse(scope, css, read_from, *args, **kwargs):
        parsed.append(str(read_from))
        return real(scope, css, read_from, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", parse)
    return parsed


def written(rules: list[RuleSet]) -> list[tuple[object, ...]]:
    """Each rule in words (a layout is an object of its own in each copy of a rule, and a
    set's order is not part of it)."""
    return [
        (
            rule.selectors,
            rule.is_default_rules,
            rule.tie_breaker,
            sorted(rule.pseudo_classes),
            sorted(rule.styles.important),
            sorted((name, repr(value)) for name, value in rule.styles.get_rules().items()),
        )
        for rule in rules
    ]


async def first_screen(app: MyelinApp) -> tuple[list[tuple[object, ...]], str]:
    """The rules the app's first screen was styled with, and what it showed."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        return written(app.stylesheet.rules), screen_text(app)


async def test_a_second_start_parses_none_of_the_css_and_styles_the_same(
    isolated_dirs, monkeypatch
):
    parsed = count_parsing(monkeypatch)
    rules, shown = await first_screen(make_app(FIXTURE_LIBRARY, isolated_dirs))
    assert any("myelin.tcss" in place for place in parsed)  # nothing kept yet
    parsed.clear()
    again = make_app(FIXTURE_LIBRARY, isolated_dirs)
    assert await first_screen(again) == (rules, shown)
    assert parsed == []


async def test_other_colours_are_parsed_for_themselves(isolated_dirs, monkeypatch):
    parsed = count_parsing(monkeypatch)
    first = make_app(FIXTURE_LIBRARY, isolated_dirs)
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(first, pilot)
        dark = written(first.stylesheet.rules)
        await press(first, pilot, "T")  # light, saved for the next start
        await settle(first, pilot)
    parsed.clear()
    light, _ = await first_screen(make_app(FIXTURE_LIBRARY, isolated_dirs))
    assert light != dark  # the light theme's colours, not the dark ones kept before
    assert any("myelin.tcss" in place for place in parsed)


async def test_a_damaged_kept_file_is_parsed_again(isolated_dirs, monkeypatch):
    rules, shown = await first_screen(make_app(FIXTURE_LIBRARY, isolated_dirs))
    kept = list((isolated_dirs / "cache" / "styles").glob("*.pickle"))
    assert len(kept) == 1
    kept[0].write_bytes(b"not a pickle")
    parsed = count_parsing(monkeypatch)
    assert await first_screen(make_app(FIXTURE_LIBRARY, isolated_dirs)) == (rules, shown)
    assert any("myelin.tcss" in place for place in parsed)


async def test_css_whose_rules_do_not_pickle_is_parsed_each_time(isolated_dirs, monkeypatch):
    """Ending the app never fails for want of a kept file: the rest is kept."""
    import pickle
    from types import SimpleNamespace

    from tui.app import kept_styles

    def dumps(rules, *args, **kwargs):
        if any(rule.selectors == "#title-bar" for rule in rules):  # myelin.tcss
            raise pickle.PicklingError("not this one")
        return pickle.dumps(rules, *args, **kwargs)

    only_here = SimpleNamespace(
        dumps=dumps, dump=pickle.dump, loads=pickle.loads, HIGHEST_PROTOCOL=pickle.HIGHEST_PROTOCOL
    )
    monkeypatch.setattr(kept_styles, "pickle", only_here)
    rules, shown = await first_screen(make_app(FIXTURE_LIBRARY, isolated_dirs))
    monkeypatch.setattr(kept_styles, "pickle", pickle)
    parsed = count_parsing(monkeypatch)
    assert await first_screen(make_app(FIXTURE_LIBRARY, isolated_dirs)) == (rules, shown)
    assert parsed and all("myelin.tcss" in place for place in parsed)
