"""Motion turned off means no frame in between: a scroll with animation off lands at once.

Textual runs an animation the app's level turns off as one of one step, on the animator's
next tick: the frame drawn before that tick (the focus moved to a list, a border
recoloured) is sent, then every line again, scrolled. Here such an animation takes its
final value when asked for, so both go in one frame.
"""

from __future__ import annotations

from typing import Any

from textual._animator import Animator
from textual.types import CallbackType


class CalmAnimator(Animator):
    def _animate(
        self,
        obj: object,
        attribute: str,
        value: Any,
        *,
        final_value: object = ...,
        on_complete: CallbackType | None = None,
        level: str = "full",
        **timing: Any,
    ) -> None:
        allowed = self.app.animation_level
        off = allowed == "none" or (allowed == "basic" and level == "full")
        if not off or hasattr(obj, "__textual_animation__"):  # a style's own transition
            super()._animate(
                obj,
                attribute,
                value,
                final_value=final_value,
                on_complete=on_complete,
                level=level,  # type: ignore[arg-type]
                **timing,
            )
            return
        key = (id(obj), attribute)
        self._scheduled.pop(key, None)
        running = self._animations.pop(key, None)
        if running is not None and running.on_complete is not None:
            self.app.call_later(running.on_complete)
        setattr(obj, attribute, value if final_value is ... else final_value)
        if on_complete is not None:
            self.app.call_later(on_complete)
