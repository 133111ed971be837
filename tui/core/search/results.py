"""What a search gives back: hits with snippets, counts, and how it was understood."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.core.article import Article
from tui.core.glossary import Term


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a snippet; `match` marks the words that matched the search."""

    text: str
    match: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    article: Article
    score: float
    snippet: tuple[Segment, ...] = ()


@dataclass(frozen=True, slots=True)
class Related:
    article: Article
    reason: str
    score: float


@dataclass(frozen=True, slots=True)
class Understood:
    """One thing the search understood from the words typed, for `--explain` and the
    reader's search details: "relapse" -> relapse, flare-up, ... (synonym)."""

    typed: str
    searched: tuple[str, ...]
    #: word, synonym, topic, corrected, widened, family, near-stop, ignored, left out,
    #: not wanted, missing
    how: str


@dataclass
class SearchResults:
    text: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, int] = field(default_factory=dict)
    suggestion: str | None = None
    messages: list[str] = field(default_factory=list)
    terms: tuple[str, ...] = ()  # the words to highlight in an article opened from here
    counted: bool = False  # the facets are filled in by `add_facets`
    #: The search was run with these spellings: "Showing results for `corrected`".
    corrected: str | None = None
    #: Words typed that no article mentions: the hits match only part of the search.
    missing: tuple[str, ...] = ()
    #: Words typed that no article mentions together ("cure", "diabetes").
    apart: tuple[str, ...] = ()
    #: Words typed that articles only mention in passing ("psoriasis").
    passing: tuple[str, ...] = ()
    understood: tuple[Understood, ...] = ()
    filters: tuple[str, ...] = ()
    #: What changed the order beyond the words: "a question: explainers first", ...
    ranking: tuple[str, ...] = ()
    #: Said when the library has no article at all (`library.empty_words`).
    empty_library: str = ""
    #: The glossary's term when the search asks what one name is ("what is myelin").
    defined: Term | None = None
    query: object = field(default=None, repr=False, compare=False)
    matched: object = field(default=None, repr=False, compare=False)  # for `add_facets`

    @property
    def definition(self) -> str | None:
        """Said before the results: what the name asked about means."""
        if self.defined is None:
            return None
        return f"{self.defined.term} (from the glossary): {self.defined.definition}"

    @property
    def nothing_found(self) -> bool:
        """Nothing answers the whole search (the hits, if any, match only part of it)."""
        return bool(self.missing or self.apart or self.passing) or not self.hits

    @property
    def partial(self) -> bool:
        return bool(self.missing or self.apart or self.passing) and bool(self.hits)

    @property
    def missing_line(self) -> str | None:
        """Said first when nothing answers the whole search: "No article mentions
        naltrexone", "No article mentions cure and diabetes together"."""
        if self.empty_library:  # no word of the search is to blame
            return self.empty_library
        rest = "; these match only part of the search." if self.hits else "."
        if self.missing:
            return f"No article mentions {', '.join(self.missing)}{rest}"
        if self.passing:
            rest = "; these only mention it in passing." if self.hits else "."
            return f"No article is about {_and(self.passing)}{rest}"
        if self.apart:
            return f"No article mentions {_and(self.apart)} together{rest}"
        return None


def _and(words: tuple[str, ...]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
