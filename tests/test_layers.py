"""The domain layer stays UI-free: the CLI and tests use it without Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import tui.core


@pytest.mark.slow
def test_no_core_module_imports_textual():
    modules = [f"tui.core.{m.name}" for m in pkgutil.iter_modules(tui.core.__path__)]
    assert "tui.core.search" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "import tui.cli\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
