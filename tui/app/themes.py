"""The themes a reader can choose: dark, light and high contrast.

Dark and light start from Textual's own, changed where text fell under WCAG AA's 4.5:1
contrast (QA H25: in Textual's light theme the "Key takeaway" and "Important
considerations" titles were 1.4-1.7:1, the list titles 1.4:1); `tests/test_contrast.py`
measures every letter on the main screens in each theme.
"""

from __future__ import annotations

from dataclasses import replace

from textual.theme import BUILTIN_THEMES, Theme

#: List and pane titles ("All articles", "Related articles") are drawn in the colour of
#: their border, `$panel-lighten-2`, which was 1.9-2.0:1 in the dark themes.
TITLES = "#8a96a3"

#: The cursor row: dark enough that its dimmed second line (the facts) still reads.
CURSOR = "#003459"

MYELIN_DARK = replace(
    BUILTIN_THEMES["textual-dark"],
    name="myelin-dark",
    secondary="#58a6e0",  # section headings: Textual's #004578 was 1.9:1 on black
    variables={
        **BUILTIN_THEMES["textual-dark"].variables,
        "block-cursor-background": CURSOR,  # white on Textual's #0178d4 was 3.8:1
        "panel-lighten-2": TITLES,
    },
)

MYELIN_LIGHT = replace(
    BUILTIN_THEMES["textual-light"],
    name="myelin-light",
    foreground="#000000",  # dimmed text (each row's facts) is drawn from it: 4.4:1 before
    secondary="#005a9e",
    success="#155c2b",
    warning="#6f3f00",
    accent="#6f3f00",
    variables={
        **BUILTIN_THEMES["textual-light"].variables,
        "block-cursor-background": CURSOR,
        "footer-key-foreground": "#004578",
        "block-cursor-blurred-background": "#c5d5e2",
        "panel-lighten-2": "#4a525b",
    },
)

HIGH_CONTRAST = Theme(
    name="myelin-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    warning="#ff8700",
    error="#ff5f5f",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1c1c1c",
    boost="#262626",
    dark=True,
    variables={
        "block-cursor-background": "#ffff00",
        "block-cursor-foreground": "#000000",
        # the cursor row is marked by more than its colour: underlined, as in NO_COLOR
        "block-cursor-text-style": "bold underline",
        "block-cursor-blurred-text-style": "underline",
        "footer-key-foreground": "#ffff00",
        "input-selection-background": "#ffff00 60%",
        "panel-lighten-2": "#b0b0b0",  # list titles: the border's colour
    },
)

#: The order `T` cycles through.
THEMES = (MYELIN_DARK.name, MYELIN_LIGHT.name, HIGH_CONTRAST.name)
#: Every theme Myelin registers.
REGISTERED = (MYELIN_DARK, MYELIN_LIGHT, HIGH_CONTRAST)
#: A theme saved by an earlier version, by the name it had then.
RENAMED = {"textual-dark": MYELIN_DARK.name, "textual-light": MYELIN_LIGHT.name}

#: What the reader is told (and the README calls them): not Textual's internal names.
THEME_NAMES = {
    MYELIN_DARK.name: "dark",
    MYELIN_LIGHT.name: "light",
    HIGH_CONTRAST.name: "high contrast",
}


def theme_name(theme: str) -> str:
    return THEME_NAMES.get(theme, theme)
