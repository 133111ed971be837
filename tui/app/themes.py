"""The themes a reader can choose: Textual's dark and light, and a high-contrast one."""

from __future__ import annotations

from textual.theme import Theme

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
    },
)

#: The order `T` cycles through.
THEMES = ("textual-dark", "textual-light", HIGH_CONTRAST.name)

#: What the reader is told (and the README calls them): not Textual's internal names.
THEME_NAMES = {
    "textual-dark": "dark",
    "textual-light": "light",
    HIGH_CONTRAST.name: "high contrast",
}


def theme_name(theme: str) -> str:
    return THEME_NAMES.get(theme, theme)
