"""Loading a whole library: articles, topics, glossary, synonyms and every problem found."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from tui.core.article import Article, Update
from tui.core.article_cache import ArticleCache
from tui.core.glossary import Glossary, load_glossary
from tui.core.library_files import markdown_names
from tui.core.paths import ENV_VAR
from tui.core.problems import Problem
from tui.core.sanitize import show_name, show_path
from tui.core.synonyms import Synonyms, load_synonyms
from tui.core.topics import TopicTree, load_topics


def empty_words(root: Path) -> str:
    """What a library with no article is said to be: which folder, and how to fill it
    or read another ("Try other words" sent a reader hunting for words, QA5 R2)."""
    return (
        f"This library ({show_path(root)}) has no articles. Put article files (*.md) in "
        f"that folder, or start Myelin with --library and another folder (or set {ENV_VAR})."
    )


@dataclass
class Library:
    root: Path
    articles: dict[str, Article] = field(default_factory=dict)
    topics: TopicTree = field(default_factory=TopicTree)
    glossary: Glossary = field(default_factory=Glossary)
    synonyms: Synonyms = field(default_factory=Synonyms)
    problems: list[Problem] = field(default_factory=list)
    #: What loading has to say that is not about the library's files (first-start data
    #: made beforehand was refused, tui/core/first_start.py): said once, not listed.
    notices: list[str] = field(default_factory=list)
    #: False for the first screen's snapshot (tui/core/catalog.py): articles without bodies.
    complete: bool = True

    def get(self, article_id: str) -> Article | None:
        return self.articles.get(article_id)

    def in_topic(self, topic: str) -> Sequence[Article]:
        """Articles tagged with `topic` (or an alias of it), newest research first."""
        name = self.topics.canonical(topic)
        found = [a for a in self.articles.values() if name in a.topics]
        return sorted(found, key=newest_research, reverse=True)

    def topic_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for article in self.articles.values():
            for topic in article.topics:
                counts[topic] = counts.get(topic, 0) + 1
        return counts

    def digests(self) -> dict[str, str | None]:
        """Each article's file digest (None if unknown): what the index is compared with."""
        return {i: a.stamp.sha256 if a.stamp else None for i, a in self.articles.items()}

    def saved_files_digest(self) -> str | None:
        """`index_files.files_digest` of `digests()` when it is at hand without them (a
        command's library saved it); None: compare the digests."""
        return None

    def newest(self) -> Sequence[Article]:
        """Newest research first: a 2002 study summarised last week is not new research."""
        return sorted(self.articles.values(), key=newest_research, reverse=True)

    def topic_groups(self) -> Mapping[tuple[str, ...], Sequence[str]]:
        """Article ids by their topics (the same tuple, in order): related articles by shared
        topics without making an article of each (a command's library keeps these)."""
        groups: dict[tuple[str, ...], list[str]] = {}
        for article in self.articles.values():
            groups.setdefault(article.topics, []).append(article.id)
        return groups

    def topics_of(self, article_id: str) -> tuple[str, ...]:
        """An article's topics, first the one it is mainly about (none if it is not here)."""
        article = self.articles.get(article_id)
        return article.topics if article is not None else ()

    def listed(self, article_id: str) -> Article | None:
        """The article as a list names it (title, id, date); a command's library may give
        one without its body."""
        return self.articles.get(article_id)


def newest_research(article: Article) -> tuple[bool, int, date, str]:
    """The order of "newest": research by its year (then when the summary was added), and
    explainers, which are not research, after it."""
    return (article.source is not None, article.year, article.date, article.id)


def file_status(article: Article) -> str:
    """Whether the article's file on disk is "same", "changed" or "missing" since loading."""
    try:
        info = os.stat(article.file)
    except OSError:
        return "missing"
    stamp = article.stamp
    if stamp is None or (info.st_size, info.st_mtime_ns) == (stamp.size, stamp.mtime_ns):
        return "same"
    return "changed"


def reload_article(library: Library, article_id: str) -> Article | list[Problem]:
    """Read one article's file again and, if it is good, put it in the library."""
    old = library.articles[article_id]
    result = read_article(old.path, library.root)
    if isinstance(result, Article):
        library.articles[article_id] = result
        _resolve_links(library)
        return library.articles[article_id]
    return result


def read_article(path: Path, root: Path | None = None) -> Article | list[Problem]:
    """`parser.read_article`, the parser (and its link and size checks) imported when a
    file is first read: the first screen comes from the snapshot and reads none."""
    from tui.core import parser

    return parser.read_article(path, root)


def article_files(root: Path) -> list[Path]:
    """Every `*.md` under `root`, without following directory links or hidden folders."""
    return [Path(name) for name in markdown_names(root)[0]]


def load_library(
    root: Path,
    cache: Path | None = None,
    use_cache: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Library:
    """Load everything; bad files become problems and the rest still load.

    With `use_cache`, files unchanged since the last load come from the parsed-article
    cache in `cache` (default: the user cache dir) instead of being parsed again.
    `progress` is told what is going on, now and then (`myelin check` on a terminal).
    """
    library = Library(root=root)
    if not root.is_dir():
        what = "is a file, not a folder" if root.exists() else "folder does not exist"
        library.problems.append(
            Problem(root, None, f"library {what}; pass --library DIR or set {ENV_VAR}")
        )
        return library
    parsed = ArticleCache(root, cache) if use_cache else None
    load_yaml = parsed.load_yaml if parsed else lambda path, loader: loader(path)
    library.topics, problems = load_yaml(root / "topics.yaml", load_topics)
    library.problems += problems
    library.glossary, problems = load_yaml(root / "glossary.yaml", load_glossary)
    library.problems += problems
    library.synonyms, problems = load_yaml(root / "synonyms.yaml", load_synonyms)
    library.problems += problems

    def walked(folders: int, files: int) -> None:
        if progress:
            progress(f"Looking for articles: {folders:,} folders, {files:,} files")

    names, problems = markdown_names(root, walked)
    library.problems += problems
    for done, name in enumerate(names):
        if progress and done % 256 == 0:
            progress(f"Reading articles: {done:,} of {len(names):,}")
        result = _read_cached(name, parsed, root) if parsed else read_article(Path(name), root)
        if isinstance(result, list):
            library.problems += result
        elif result.id in library.articles:
            first = library.articles[result.id].path
            library.problems.append(
                Problem(
                    Path(name),
                    None,
                    f'id "{result.id}" is already used by {show_name(first)}; rename one file',
                )
            )
        else:
            library.articles[result.id] = result
    if not library.articles and not library.problems:
        library.problems.append(
            Problem(root, None, "no articles found: the library has no *.md files")
        )
    if parsed:
        parsed.save()
        library.notices += parsed.notices()
    _resolve_links(library)
    return library


def _read_cached(name: str, parsed: ArticleCache, root: Path) -> Article | list[Problem]:
    try:
        info = os.stat(name)
    except OSError:
        return read_article(Path(name), root)  # reports the problem in words
    cached = parsed.get(name, info) or parsed.from_package(name, info)
    if cached is not None:
        return cached
    article = read_article(Path(name), root)
    if isinstance(article, Article):
        parsed.put(name, info, article)
    return article


def _resolve_links(library: Library) -> None:
    """Put every topic in the tree and drop related ids that lead nowhere."""
    for article_id, article in list(library.articles.items()):
        resolved = resolve_article(library, article)
        if resolved is not article:
            library.articles[article_id] = resolved


def resolve_article(library: Library, article: Article) -> Article:
    """`article` with its topics in the tree and only the links that lead somewhere;
    what was dropped is a problem of the library."""
    topics = tuple(dict.fromkeys(library.topics.ensure(t) for t in article.topics))
    related: list[str] = []
    for other in article.related:
        if other == article.id:
            why = f'lists itself ("{other}") as a related article; remove it'
        elif other in library.articles:
            related.append(other)
            continue
        else:
            why = f'related article "{other}" is not in the library; fix or remove it'
        library.problems.append(Problem(article.path, None, why))
    updates = tuple(_resolve_update(library, article, u) for u in article.updates)
    if topics != article.topics or tuple(related) != article.related or updates != article.updates:
        return replace(article, topics=topics, related=tuple(related), updates=updates)
    return article


def _resolve_update(library: Library, article: Article, update: Update) -> Update:
    """An update may only point readers at an article they can open."""
    if update.superseded_by is None or update.superseded_by in library.articles:
        return update
    library.problems.append(
        Problem(
            article.path,
            None,
            f'update of {update.date}: superseded_by "{update.superseded_by}" is not in the '
            "library; fix the id or remove it",
        )
    )
    return replace(update, superseded_by=None)
