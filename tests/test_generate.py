"""The benchmark's synthetic libraries search as the real one does: they carry the bundled
library's data files (topic aliases, glossary, synonyms), kept up to date."""

from __future__ import annotations

import sys

from conftest import ROOT

from tui.core.library import load_library
from tui.core.paths import bundled_library

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import DATA_FILES, ensure_library


def test_a_generated_library_has_the_bundled_data_files_and_keeps_them_current(tmp_path):
    folder = ensure_library(3, out=tmp_path / "lib")
    bundled = bundled_library()
    assert "synonyms.yaml" in DATA_FILES
    for name in DATA_FILES:
        assert (folder / name).read_bytes() == (bundled / name).read_bytes()
    assert load_library(folder).synonyms.means  # the expansions a real library has

    # A library generated before a data file existed or changed is brought up to date
    # without generating its articles again.
    (folder / "synonyms.yaml").unlink()
    (folder / "glossary.yaml").write_text("terms: []\n", encoding="utf-8")
    article = folder / "synthetic-00001.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nkept\n", encoding="utf-8")
    assert ensure_library(3, out=folder) == folder
    for name in DATA_FILES:
        assert (folder / name).read_bytes() == (bundled / name).read_bytes()
    assert article.read_text(encoding="utf-8").endswith("kept\n")
