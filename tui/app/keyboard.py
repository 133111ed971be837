"""Bytes from the keyboard that are not UTF-8 never end the app.

A terminal set to Latin-1 sends one byte for "é", and a paste can hold any byte. Textual's
input thread decodes strictly, so one such byte raised UnicodeDecodeError in that thread
and the app ended, losing the question being typed (QA H34). Its decoder is made to put
U+FFFD in place of what cannot be read, as every terminal program should.
"""

from __future__ import annotations

import codecs
from functools import partial


def _replacing(encoding: str):
    return partial(codecs.getincrementaldecoder(encoding), errors="replace")


def tolerate_undecodable_input() -> None:
    """Before the app runs: Textual's Linux driver looks up its decoder when input starts."""
    try:
        from textual.drivers import linux_driver
    except ImportError:  # not POSIX: another driver
        return
    linux_driver.getincrementaldecoder = _replacing
