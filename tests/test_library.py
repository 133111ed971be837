"""Loading a whole library: topics, glossary, problems that never hide good files."""

from __future__ import annotations

from conftest import FIXTURE_LIBRARY, write_article

from tui.core.library import load_library
from tui.core.topics import OTHER_CATEGORY


def test_fixture_library_loads_cleanly():
    library = load_library(FIXTURE_LIBRARY)
    assert library.problems == []
    assert len(library.articles) == 5
    assert [c.name for c in library.topics.categories][:2] == ["Causes", "Treatments"]


def test_one_bad_file_is_skipped_and_the_rest_load(library_dir):
    (library_dir / "broken.md").write_text("---\ncredibility: high\n", encoding="utf-8")
    library = load_library(library_dir)
    assert len(library.articles) == 5
    assert [p.path.name for p in library.problems] == ["broken.md"]


def test_topics_missing_from_topics_yaml_go_to_other(library_dir):
    library = load_library(library_dir)
    other = next(c for c in library.topics.categories if c.name == OTHER_CATEGORY)
    assert "Fatigue" in [t.name for t in other.topics]
    assert library.topics.find("epstein-barr virus").name == "EBV"


def test_topic_aliases_in_articles_become_the_canonical_name(library_dir):
    write_article(library_dir, "alias-user", topics="[epstein-barr, anti-CD20]")
    library = load_library(library_dir)
    assert library.get("alias-user").topics == ("EBV", "B-cell therapies")
    assert len(library.in_topic("EBV")) == 2


def test_related_ids_that_lead_nowhere_are_problems_and_dropped(library_dir):
    write_article(library_dir, "linker", related="[ebv-risk, no-such-article]")
    library = load_library(library_dir)
    assert library.get("linker").related == ("ebv-risk",)
    assert any('"no-such-article" is not in the library' in str(p) for p in library.problems)


def test_duplicate_ids_in_subfolders(library_dir):
    write_article(library_dir / "more", "ebv-risk")
    library = load_library(library_dir)
    assert any('id "ebv-risk" is already used' in str(p) for p in library.problems)


def test_missing_and_empty_library_folders(tmp_path):
    missing = load_library(tmp_path / "nowhere")
    assert "library folder does not exist" in str(missing.problems[0])
    assert "--library DIR" in str(missing.problems[0])
    (tmp_path / "empty").mkdir()
    empty = load_library(tmp_path / "empty")
    assert "no articles found" in str(empty.problems[0])


def test_symlinked_folder_loop_does_not_hang(library_dir):
    (library_dir / "loop").symlink_to(library_dir)
    library = load_library(library_dir)
    assert len(library.articles) == 5


def test_bad_topics_and_glossary_files_are_problems(library_dir):
    (library_dir / "topics.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    (library_dir / "glossary.yaml").write_text(
        "terms:\n  - term: A\n    definition: x\n  - term: B\n    aliases: [a]\n"
        "    definition: y\n  - nonsense\n",
        encoding="utf-8",
    )
    library = load_library(library_dir)
    messages = [str(p) for p in library.problems]
    assert any("topics.yaml" in m and "found a list" in m for m in messages)
    assert any('"a" in term "B" is already used by "A"' in m for m in messages)
    assert any("entry 3 needs `term:` and `definition:`" in m for m in messages)
    assert len(library.articles) == 5  # articles still load
    assert [t.term for t in library.glossary.terms] == ["A"]


def test_glossary_finds_terms_with_aliases_and_word_boundaries():
    library = load_library(FIXTURE_LIBRARY)
    glossary = library.glossary
    found = [t.term for t in glossary.terms_in("Relapses and demyelination in multiple sclerosis")]
    assert found == ["Relapse", "Demyelination", "MS"]
    assert glossary.terms_in("terms like smsx or ms-word") == []  # MS is matched by case


def test_parsed_articles_are_cached_until_their_file_changes(library_dir, tmp_path, monkeypatch):
    from tui.core import library as library_module

    calls: list[str] = []
    real = library_module.read_article

    def counting(path, *rest):
        calls.append(path.name)
        return real(path, *rest)

    monkeypatch.setattr(library_module, "read_article", counting)
    cache = tmp_path / "cache"
    first = load_library(library_dir, cache=cache, use_cache=True)
    assert len(calls) == 5
    calls.clear()
    again = load_library(library_dir, cache=cache, use_cache=True)
    assert calls == [] and again.articles == first.articles  # nothing parsed again
    changed = library_dir / "ebv-risk.md"
    changed.write_text(changed.read_text().replace("Fixture - a virus", "Fixture - one virus"))
    (library_dir / "fatigue-explainer.md").unlink()
    third = load_library(library_dir, cache=cache, use_cache=True)
    assert calls == ["ebv-risk.md"]
    assert third.get("ebv-risk").title.startswith("Fixture - one virus")
    assert "fatigue-explainer" not in third.articles
    for part in cache.glob("articles/*/*.pickle"):
        part.write_bytes(b"garbage")  # a damaged cache is ignored
    calls.clear()
    assert len(load_library(library_dir, cache=cache, use_cache=True).articles) == 4
    assert len(calls) == 4


def test_glossary_prefers_the_longest_name_and_lists_where_terms_are_used():
    from tui.core.glossary import Glossary, Term

    glossary = Glossary(
        [
            Term("B cell", "A white blood cell."),
            Term("B-cell depletion", "Removing B cells.", aliases=("B cell depletion",)),
            Term("MS", "Multiple sclerosis."),
        ]
    )
    text = "B cell depletion lowers relapses; each B cell counts. ms is not MS. subcells"
    found = [(text[m.start : m.end], m.term.term) for m in glossary.mentions(text)]
    assert found == [("B cell depletion", "B-cell depletion"), ("B cell", "B cell"), ("MS", "MS")]
    library = load_library(FIXTURE_LIBRARY)
    uses = library.glossary.uses(library.newest())
    assert uses["Demyelination"] == ["ebv-risk"]
    assert uses["MS"][0] == library.newest()[0].id  # in the order given: newest first


def test_topics_yaml_mistakes_are_problems_at_their_own_lines(library_dir):
    (library_dir / "topics.yaml").write_text(
        "categories:\n"  # 1
        "  - name: Causes\n"  # 2
        "    topics:\n"  # 3
        "      - name: EBV\n"  # 4
        "        aliase: [Epstein-Barr]\n"  # 5
        "      - name: Vitamin D\n"  # 6
        "        description: [not, text]\n"  # 7
        "        aliases: [sunlight, [nested]]\n"  # 8
        "      - name: Sunshine\n"  # 9
        "        aliases: [ebv, daylight]\n"  # 10
        "      - description: no name\n"  # 11
        "  - name: Treatments\n"  # 12
        "    topics: B-cell therapies\n"  # 13
        "colour: blue\n",  # 14
        encoding="utf-8",
    )
    library = load_library(library_dir)
    found = {(p.line, p.message) for p in library.problems if p.path.name == "topics.yaml"}
    assert found == {
        (5, 'topic "EBV": unknown field "aliase"; the fields are: name, description, aliases'),
        (7, 'topic "Vitamin D": `description:` must be text, got a list'),
        (
            8,
            'topic "Vitamin D": `aliases:` must be a list of words or phrases like [a, b]; '
            "leave out empty entries and nested lists",
        ),
        (
            9,
            '"ebv" in topic "Sunshine" is already used by topic "EBV"; '
            "keep each name and alias in one place",
        ),
        (
            11,
            'category "Causes": each topic needs `name:` as text '
            "(and optionally `description:` and `aliases:`)",
        ),
        (13, 'category "Treatments": `topics:` must be a list of `- name: ...` entries'),
        (14, 'topics.yaml: unknown field "colour"; the fields are: categories'),
    }
    topics = library.topics
    assert topics.find("vitamin d").aliases == ("sunlight",)  # the usable part is kept
    assert topics.find("daylight").name == "Sunshine" and topics.find("ebv").name == "EBV"
    assert len(library.articles) == 5


def test_a_category_can_hold_conditions_other_than_ms(library_dir):
    """And a particular group or situation (`particular:`, search: a name alone)."""
    (library_dir / "topics.yaml").write_text(
        "categories:\n"  # 1
        "  - name: Related conditions\n"  # 2
        "    other_conditions: true\n"  # 3
        "    topics: [NMOSD]\n"  # 4
        "  - name: Causes\n"  # 5
        "    other_conditions: sometimes\n"  # 6
        "    particular: often\n"  # 7
        "    topics: [EBV]\n"  # 8
        "  - name: Living with MS\n"  # 9
        "    particular: true\n"  # 10
        "    topics: [Pregnancy]\n",  # 11
        encoding="utf-8",
    )
    library = load_library(library_dir)
    found = {(p.line, p.message) for p in library.problems if p.path.name == "topics.yaml"}
    assert found == {
        (6, 'category "Causes": `other_conditions:` must be true or false'),
        (7, 'category "Causes": `particular:` must be true or false'),
    }
    assert library.topics.other_condition("nmosd") and not library.topics.other_condition("EBV")
    flags = {c.name: c.particular for c in library.topics.categories}
    assert flags["Living with MS"] and not flags["Causes"] and not flags["Related conditions"]
    assert not library.topics.other_condition("no such topic")


def test_glossary_yaml_mistakes_are_problems_at_their_own_lines(library_dir):
    (library_dir / "glossary.yaml").write_text(
        "terms:\n"  # 1
        "  - term: MS\n"  # 2
        "    definition: Multiple sclerosis.\n"  # 3
        "    why_it_matters: [oops]\n"  # 4
        "  - term: Relapse\n"  # 5
        "    definiton: A new symptom.\n"  # 6
        "  - term: EDSS\n"  # 7
        "    definition: A score.\n"  # 8
        "    see_also: Relapse\n",  # 9
        encoding="utf-8",
    )
    library = load_library(library_dir)
    found = sorted((p.line, p.message) for p in library.problems)
    assert [line for line, _ in found] == [4, 5, 6, 9]
    assert found[0][1] == 'term "MS": `why_it_matters:` must be text, got a list'
    assert found[1][1].startswith("entry 2 needs `term:` and `definition:`")
    assert found[2][1].startswith('term "Relapse": unknown field "definiton"; the fields are:')
    assert found[3][1].startswith('term "EDSS": unknown field "see_also"')
    assert [t.term for t in library.glossary.terms] == ["MS", "EDSS"]
    assert library.glossary.find("MS").why_it_matters == ""


def test_one_changed_file_rewrites_one_part_of_the_cache(library_dir, tmp_path):
    """The cache is kept in parts: saving after one change does not rewrite the rest."""
    from tui.core.article_cache import SHARDS

    cache = tmp_path / "cache"
    load_library(library_dir, cache=cache, use_cache=True)
    parts = {p: p.stat().st_mtime_ns for p in cache.glob("articles/*/*.pickle")}
    assert 1 < len(parts) <= SHARDS
    changed = library_dir / "ebv-risk.md"
    changed.write_text(changed.read_text().replace("Fixture - a virus", "Fixture - one virus"))
    again = load_library(library_dir, cache=cache, use_cache=True)
    assert again.get("ebv-risk").title.startswith("Fixture - one virus")
    rewritten = [p for p, t in parts.items() if p.stat().st_mtime_ns != t]
    assert len(rewritten) == 1
