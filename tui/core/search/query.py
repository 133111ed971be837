"""The search box language: plain words, "phrases", -exclusions, filters, OR and AND.

Untrusted text goes in; a `ParsedQuery` comes out, never an exception. Only
words, phrases and the four filters are understood, so nothing a user types
can become a wildcard, a range over terms or a nested expression that runs
for seconds. Anything odd is dropped with a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypedDict

from tui.core.sanitize import sanitize

MAX_QUERY_CHARS = 200
#: Words searched at most (`concepts.py` keeps the least common of a longer question), of
#: at most `MAX_TYPED` read from it.
MAX_WORDS, MAX_TYPED = 12, 24
MAX_PHRASES = 4
MAX_PHRASE_WORDS = 8

# Words that carry no meaning in a question ("does vitamin D reduce relapses?").
STOP_WORDS = frozenset(
    """
    a about after all also am an and any are as at be been before being but by can could did
    do does doing done for from had has have having how i if in into is it its just me might
    more most much my no not of on or our should so than that the their them then there these
    they this those to too us very was we were what when where which while who whom why will
    with would you your yours get got tell know anything something there's what's i'm
    make makes made making please really he him his himself she her hers herself myself
    yourself
    """.split()  # noqa: SIM905 - easier to read as prose
)
#: A word after one of these is what the reader does not want ("tablets not injections",
#: "anything except steroids", "instead of injections"): it is left out of the search (an
#: article naming it may still be the answer: the comparison of tablets and injections).
NEGATIONS = frozenset(["not", "except", "excluding", "instead", "rather"])
FILTERS = ("topic", "kind", "year", "credibility")
SORTS = ("relevance", "newest", "added", "credibility")
#: "evidence" is what the app, the rows and the article call the rating: as a filter
#: (`evidence:4`) and an order (`--sort evidence`) it is the same as `credibility`.
ALIASES = {"evidence": "credibility"}
#: How each order is named to a reader: "newest" is about the research, not the summary.
SORT_NAMES = {
    "newest": "newest research",
    "added": "recently added",
    "credibility": "evidence",  # what the rows and the article call the rating
}
_TOKEN = re.compile(
    r'(?P<neg>-)?(?:(?P<field>[A-Za-z]+):(?P<value>"[^"]*"?|\S+)|"(?P<phrase>[^"]*)"?|(?P<word>\S+))'
)
_WORD_CHARS = re.compile(r"[\w'*/.+-]*\w")
#: Initials written with full stops ("M.S.", "U.K."): the word without them.
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]\.?")


@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[tuple[str, ...], ...] = ()
    topics: tuple[str, ...] = ()
    kind: str | None = None
    years: tuple[int, int] | None = None
    credibility: tuple[int, int] | None = None
    partial: str | None = None
    unwanted: tuple[str, ...] = ()  # words after "not", "except", "instead of"
    #: "OR" or "AND" typed in capitals between words (as other search boxes take them):
    #: articles with any of the words, or only those with every one. "", as usual: the
    #: rarer words find the articles and the common ones rank them.
    joined: str = ""
    messages: tuple[str, ...] = field(default=())

    @property
    def has_terms(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def has_filters(self) -> bool:
        return bool(self.topics or self.kind or self.years or self.credibility)


def words_of(text: str) -> list[str]:
    """Lower-case words with inner hyphens and the like kept ("epstein-barr")."""
    text = text.replace("\u2019", "'")  # a typographic apostrophe: "Gilenya’s"
    return [_word(m.group()) for m in _WORD_CHARS.finditer(text)]


def _word(token: str) -> str:
    """One word as searched: lower case, and initials without their full stops ("M.S."
    is "ms": as typed it found 4 articles, "ms" 171, QA4 Q15)."""
    token = token.lower().strip("'")
    return token.replace(".", "") if _INITIALS.fullmatch(token) else token


def parse_query(text: str, as_you_type: bool = False) -> ParsedQuery:
    """Parse what the user typed. With `as_you_type`, the last word may be unfinished."""
    messages: list[str] = []
    text = sanitize(text or "")
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        messages.append(f"Only the first {MAX_QUERY_CHARS} characters of the search were used.")
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    excluded: list[tuple[str, ...]] = []
    found: _Filters = {"topics": []}
    operators = set(re.findall(r"(?<=\S)\s+(OR|AND)\s+(?=\S)", text))
    joined = "or" if "OR" in operators else "and" if operators else ""
    if len(operators) > 1:
        messages.append("OR and AND together: searched for articles with any of the words.")
    for match in _TOKEN.finditer(text):
        negative = bool(match.group("neg"))
        field = (match.group("field") or "").lower()
        if ALIASES.get(field, field) in FILTERS:
            _filter(field, match.group("value").strip('"'), found, messages)
        elif match.group("field"):  # "word:thing" that is not a filter: just words
            words += words_of(match.group(0))
        elif match.group("phrase") is not None:
            phrase = tuple(words_of(match.group("phrase")))[:MAX_PHRASE_WORDS]
            if phrase:
                (excluded if negative else phrases).append(phrase)
        else:
            token = words_of(match.group("word"))
            if negative and token:
                excluded.append(tuple(token))
            else:
                words += token
    partial = None
    if as_you_type and words and text[-1:].isalnum() and not text.rstrip().endswith('"'):
        partial = words[-1]
    kept, unwanted = _wanted(_ages(words, partial), partial)
    if len(kept) > MAX_TYPED:
        messages.append(f"Only the first {MAX_TYPED} words of the search were used.")
        kept = kept[:MAX_TYPED]
        partial = partial if partial in kept else None
    if len(phrases) > MAX_PHRASES:
        messages.append(f"Only the first {MAX_PHRASES} phrases were used.")
    return ParsedQuery(
        words=tuple(dict.fromkeys(kept)),
        phrases=tuple(phrases[:MAX_PHRASES]),
        excluded=tuple(excluded[:MAX_WORDS]),
        topics=tuple(found["topics"]),
        kind=found.get("kind"),
        years=found.get("years"),
        credibility=found.get("credibility"),
        partial=partial,
        unwanted=tuple(dict.fromkeys(unwanted)),
        joined=joined,
        messages=tuple(messages),
    )


def _wanted(words: list[str], partial: str | None) -> tuple[list[str], list[str]]:
    """The words to search (without stop words), and those the reader does not want."""
    kept: list[str] = []
    unwanted: list[str] = []
    negated = False
    for word in words:
        if word == partial:
            kept.append(word)
        elif word in NEGATIONS:
            negated = True
        elif word not in STOP_WORDS:
            (unwanted if negated else kept).append(word)
            negated = False
    return kept, unwanted


#: "after 60", "over 55", "aged 70": a number after one of these words, from `AGE_FROM` to
#: `AGE_TO` and not before a unit (`NOT_AGES`), is an age. eval qa4: "stopping dmt after 60"
#: found the life expectancy explainer ("60 years") first.
AGE_WORDS = frozenset(["over", "after", "past", "above", "aged", "beyond", "at"])
AGE_FROM, AGE_TO = 45, 110
NOT_AGES = frozenset(
    ["days", "day", "weeks", "week", "months", "month", "mg", "minutes", "hours", "percent"]
)
#: What an age typed as a number is also searched as.
OLDER = "older"


def _ages(words: list[str], partial: str | None) -> list[str]:
    """An age typed as a number is being older: "stopping dmt after 60" and "ms treatment
    over 50" ask about older people, not about articles that print 60 or 50 ("60 years in
    Norway"). Only after a word that introduces an age, not before a unit ("after 60 days"),
    and not while the number may still be typed."""
    found = list(words)
    for i in range(len(found) - 2, -1, -1):
        word, number = found[i], found[i + 1]
        after = found[i + 2] if i + 2 < len(found) else ""
        if word not in AGE_WORDS or not number.isdecimal() or number == partial:
            continue
        if after not in NOT_AGES and AGE_FROM <= int(number) <= AGE_TO:
            found[i : i + 1] = [OLDER]  # the number stays: "over 55" is in a title
    return found


class _Filters(TypedDict, total=False):
    """The filters a search gives (`topic:`, `kind:`, `year:`, `credibility:`)."""

    topics: list[str]
    kind: str
    years: tuple[int, int]
    credibility: tuple[int, int]


def _filter(name: str, value: str, found: _Filters, messages: list[str]) -> None:
    value = value.strip()
    if name == "topic":
        if value:
            found["topics"].append(value.replace("_", " "))
    elif name == "kind":
        if value.lower() in ("summary", "explainer"):
            found["kind"] = value.lower()
        else:
            messages.append(f"kind:{value} was ignored; use kind:summary or kind:explainer.")
    elif name == "year":
        span = _span(value, 1800, 2100)
        if span:
            found["years"] = span
        else:
            messages.append(f"year:{value} was ignored; use year:2022 or year:2020..2024.")
    else:  # credibility, or evidence: said back by the name typed
        span = _span(value, 1, 5)
        if span:
            found["credibility"] = span
        else:
            messages.append(f"{name}:{value} was ignored; use {name}:4 or {name}:>=4.")


def _span(value: str, low: int, high: int) -> tuple[int, int] | None:
    """Read `N`, `>=N`, `>N`, `<=N`, `<N` or `A..B` into an inclusive range within bounds."""
    match = re.fullmatch(r"(>=|<=|>|<)?(\d{1,4})(?:\.\.(\d{1,4}))?", value)
    if not match:
        return None
    op, first, second = match.group(1), int(match.group(2)), match.group(3)
    if second is not None:
        if op:
            return None
        start, end = first, int(second)
    elif op == ">=":
        start, end = first, high
    elif op == ">":
        start, end = first + 1, high
    elif op == "<=":
        start, end = low, first
    elif op == "<":
        start, end = low, first - 1
    else:
        start, end = first, first
    start, end = max(start, low), min(end, high)
    return (start, end) if start <= end else None
