"""The reader's own themes: every colour of its styles comes from one of these."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.theme import Theme

from tnews.config import DEFAULT_THEME
from tnews.text.clean import clean_line

__all__ = ["CONTRAST", "DARK", "DEFAULT_THEME", "LIGHT", "THEMES", "install_themes"]

# The look tnews always had (Textual's dark palette), under its own name.
DARK = Theme(
    name="tnews-dark",
    primary="#0178D4",
    secondary="#004578",
    accent="#ffa62b",
    warning="#ffa62b",
    error="#ba3c5b",
    success="#4EBF71",
    foreground="#e0e0e0",
)

# Dark text on a light page; every colour keeps at least 4.5:1 against the background.
LIGHT = Theme(
    name="tnews-light",
    primary="#00509e",
    secondary="#2f6f9f",
    accent="#8a4b00",
    warning="#8a4b00",
    error="#b00020",
    success="#1b6e31",
    foreground="#1c1c1c",
    background="#f7f7f4",
    surface="#ffffff",
    panel="#e6e6e1",
    dark=False,
    variables={
        "text-muted": "#555555",
        "footer-key-foreground": "#00509e",
        "block-cursor-foreground": "#ffffff",
        "block-cursor-blurred-background": "#d4d4cc",
    },
)

# White on black, bright and saturated colours, muted text still light: for low vision and glare.
CONTRAST = Theme(
    name="tnews-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#00ffff",
    warning="#ffff00",
    error="#ff6060",
    success="#00ff7f",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#202020",
    text_alpha=1.0,
    variables={
        "text-muted": "#d0d0d0",
        "block-cursor-background": "#ffff00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#505050",
        "block-cursor-blurred-foreground": "#ffffff",
        "footer-key-foreground": "#ffff00",
        "border": "#ffffff",
        "border-blurred": "#a0a0a0",
    },
)

THEMES: tuple[Theme, ...] = (DARK, LIGHT, CONTRAST)


def install_themes(app: App[Any], name: str) -> tuple[str, str | None]:
    """Register the reader's themes; the theme to start on, and why it is not `name` when it
    is not one."""
    for theme in THEMES:
        app.register_theme(theme)
    if name in app.available_themes:
        return name, None
    ours = ", ".join(theme.name for theme in THEMES)
    return (
        DEFAULT_THEME,
        f'theme "{clean_line(name)}" is not known ({ours}, or see Theme in the palette)',
    )
