"""SearchEngine: runs the search pipeline, holds the index lock; one ranking for all.

The app, the CLI and the linear reader all call `SearchEngine.search`, so a question
ranks the same everywhere. The steps, one module each:

    query.py         text -> ParsedQuery (words, "phrases", -exclusions, filters)
    concepts.py      words -> concepts (variants with weights, corrections, widening)
    whoosh_query.py  concepts -> a Whoosh query
    scoring.py       the query -> scored articles (BM25F over Whoosh's matchers)
    topic_lead.py    by what articles are about: a topic's explainer first, other conditions after
    coverage.py      whether anything answers the whole question ("nothing on that")
    present.py       scored articles -> hits with snippets, search details
    related.py       related articles, apart
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from whoosh import query as wq

from tui.core.glossary import Glossary, Term
from tui.core.index import SearchIndex
from tui.core.library import Library, empty_words
from tui.core.search import coverage, literal, present, topic_lead, tuning, whoosh_query
from tui.core.search.concepts import Understander, Understanding
from tui.core.search.query import ALIASES, MAX_WORDS, SORTS, ParsedQuery, parse_query, words_of
from tui.core.search.related import related
from tui.core.search.results import Hit, Related, SearchResults, Understood
from tui.core.search.scoring import Matches, Scorer, coordinated
from tui.core.search.spelling import a_question_word, a_stop_word_mistyped
from tui.core.search.vocabulary import Vocabulary
from tui.core.search.whoosh_adapter import Tables

if TYPE_CHECKING:  # Whoosh ships no types: this documents, mypy sees Any
    from whoosh.searching import Searcher

log = logging.getLogger(__name__)
#: Said when a search fails twice: a bug in Myelin, never blamed on the words typed.
SEARCH_FAULT = (
    "That search failed because of a fault in Myelin, not in your words; it was written to the log."
)


class SearchEngine:
    def __init__(self, library: Library, index: SearchIndex) -> None:
        self.library = library
        self.index = index
        self.vocabulary = Vocabulary(library)
        self._tables: Tables | None = None
        self._firsts: topic_lead.FirstTopics | None = None

    def search(
        self,
        text: str,
        topic: str | Sequence[str] | None = None,
        sort: str = "relevance",
        limit: int | None = 20,
        as_you_type: bool = False,
        facets: bool = True,
        snippets: int = tuning.SNIPPETS,
        correct: bool = True,
    ) -> SearchResults:
        """Search the library; any input gives results or a message, never an exception.

        With `facets=False` only the first page is ranked (fast, for each keystroke);
        `add_facets` then counts every match and its topics. With `correct=False` a word
        in no article is searched as typed ("search instead for ...").
        """
        parsed = parse_query(text, as_you_type=as_you_type)
        results = SearchResults(text=text, messages=list(parsed.messages))
        given = (topic,) if isinstance(topic, str) else topic or ()
        wanted = tuple(name for name in given if name)
        if wanted:  # each topic narrows, as `topic:A topic:B` typed in the query
            parsed = ParsedQuery(**{**parsed.__dict__, "topics": (*parsed.topics, *wanted)})
        if not parsed.has_terms and not parsed.has_filters:
            if text.strip() and not parsed.excluded:
                results.messages.append("Type a few words about what you want to read.")
            return results
        if not self.library.articles:
            results.empty_library = empty_words(self.library.root)
            results.messages.append(results.empty_library)
            return results
        sort = ALIASES.get(sort, sort)
        order = sort if sort in SORTS else "relevance"
        for attempt in (1, 2):
            try:
                with self.index.lock:
                    self._run(parsed, order, limit, snippets, results, correct)
                    if facets:
                        self._count(results)
                break
            except Exception:  # the last line of defence: a message, not a traceback
                log.warning("search failed for %r", text, exc_info=True)
                results.hits, results.total = [], 0
                # The index may have been rebuilt by another process: reopen and try again;
                # failing again, read it whole: damage is repaired and said, not blamed on
                # the words typed.
                if attempt == 2 or not self.index.reopen():
                    repaired = self.index.repair(self.library)
                    if repaired is not None:
                        results.messages.append(repaired)
                        self._tables = None
                        self._retry(parsed, order, limit, snippets, results, correct, facets)
                    else:
                        results.messages.append(SEARCH_FAULT)
                    break
        if not results.total and parsed.topics:  # `topic:Nonexistent`: say which, not just "none"
            counts = self.library.topic_counts()
            for name in parsed.topics:
                problem = self.library.topics.not_found(name, counts)
                if problem is not None:
                    results.messages.append(problem)
        if not results.total and parsed.has_terms and self.index.files_damaged():
            message = self.index.repair(self.library, damaged=True)
            if message is not None:
                results.messages.append(message)
                self._tables = None
                self._retry(parsed, order, limit, snippets, results, correct, facets)
        return results

    def _retry(
        self,
        parsed: ParsedQuery,
        order: str,
        limit: int | None,
        snippets: int,
        results: SearchResults,
        correct: bool,
        facets: bool,
    ) -> None:
        """The search once more, on the repaired index."""
        try:
            with self.index.lock:
                self._run(parsed, order, limit, snippets, results, correct)
                if facets:
                    self._count(results)
        except Exception:
            log.warning("search failed on the repaired index", exc_info=True)
            results.hits, results.total = [], 0

    def add_facets(self, results: SearchResults) -> None:
        """Count every match and the topics among them (the second step, for the screen)."""
        if results.query is None or results.counted:
            return
        try:
            with self.index.lock:
                self._count(results)
        except Exception:
            log.warning("counting failed for %r", results.text, exc_info=True)

    def related(self, article_id: str, limit: int = 5) -> list[Related]:
        """Articles worth reading next, each with the reason it is related."""
        return related(self.library, self.index, self._tables_for, article_id, limit)

    def forget_postings(self) -> None:
        """Drop the postings kept from earlier searches (the benchmarks time searches cold)."""
        with self.index.lock:
            if self._tables is not None:
                self._tables.forget_postings()

    def _count(self, results: SearchResults) -> None:
        """Total and topics from the matches the ranking found (found again if the index
        changed since)."""
        if results.query is None:
            return
        tables = self._tables_for(self.index.searcher())
        held = results.matched
        if isinstance(held, Matches) and held.tables is tables:
            matched = held.docnums
        else:
            matched = Scorer(tables, tuning.TIME_LIMIT).scores(results.query).keys()
        found = set(matched)
        counts = {t: n for t, docs in tables.articles_by_topic.items() if (n := len(docs & found))}
        results.total = len(matched)
        results.facets = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        results.counted = True

    def _first_topics(self, tables: Tables) -> topic_lead.FirstTopics:
        if self._firsts is None or self._firsts.tables is not tables:
            self._firsts = topic_lead.FirstTopics(tables, self.library)
        return self._firsts

    def _tables_for(self, searcher: Searcher) -> Tables:
        if self._tables is None or self._tables.searcher is not searcher:
            self._tables = Tables(searcher, self.index.tables_path)
        return self._tables

    def _run(
        self,
        parsed: ParsedQuery,
        sort: str,
        limit: int | None,
        snippets: int,
        results: SearchResults,
        correct: bool,
    ) -> None:
        searcher = self.index.searcher()
        tables = self._tables_for(searcher)
        understander = Understander(self.vocabulary, searcher, correct=correct)
        understanding = understander.understand(parsed, results.text)
        unwanted = (Understood(word, (), "not wanted") for word in parsed.unwanted)
        results.understood = (*understanding.understood, *unwanted)
        results.defined = self._defined(understanding, results.text)
        if understanding.only_ignored:
            words = " ".join(u.typed for u in understanding.understood)
            results.messages.append(
                f"{words} says little on its own: add what you want to read about "
                "(for example, what causes MS)."
            )
        for written, searched in understanding.stand_ins.values():
            results.messages.append(
                f"No article is about {written} itself; showing articles on "
                f"{', '.join(searched)}, the closest the library has."
            )
        if understanding.left_out:
            results.messages.append(
                f"Only the {MAX_WORDS} least common words were searched; left out: "
                f"{', '.join(understanding.left_out)}."
            )
        results.missing = tuple(understanding.missing)
        if understanding.corrections:
            results.corrected = _replace(results.text, understanding.corrections)
        query, concepts = whoosh_query.build(parsed, understanding)
        filters = whoosh_query.filters(parsed, self.library)
        if filters is not None:
            query = filters if isinstance(query, wq.Every) else wq.And([query, filters])
            results.filters = tuple(str(part) for part in getattr(filters, "subqueries", ()))
        results.query = query
        scorer = Scorer(tables, tuning.TIME_LIMIT)
        scores = scorer.scores(query)
        if _only_ranking_words_left(understanding, parsed):
            scores = {}  # "is ms contagious": nothing on "contagious", not every MS article
        if sort == "relevance" and len(concepts) > 1:
            best = len(scores) if limit is None else max(tuning.COORDINATED, limit)
            scores = coordinated(scores, concepts, scorer, best)
        if sort == "relevance" and parsed.has_terms:
            scores, results.ranking = self._by_aboutness(scores, tables, understanding, results)
        if parsed.words and not results.missing and not scorer.timed_out:
            asked = coverage.asked(understanding.concepts)
            results.passing = coverage.in_passing(asked, tables, self.library)
            if not results.passing:
                results.apart = coverage.apart(scores, asked, concepts, scorer)
        if scorer.timed_out:
            results.messages.append("The search took too long; showing what was found so far.")
        results.matched = Matches(tables, scores.keys())
        results.total = len(scores)  # `counted` once the topics are counted too
        results.terms = understanding.shown + tuple(" ".join(p) for p in parsed.phrases)
        shown = query
        if parsed.partial and len(parsed.partial) >= 3:  # mark the words it begins too
            shown = wq.Or([query, wq.Prefix("content", parsed.partial.lower())])
        found = present.Found(searcher, shown, self._rank(scores, sort, parsed, limit, tables))
        marker, needles = present.highlighter(), present.needles(query)
        for rank, hit in enumerate(found):
            article = self.library.get(hit["id"])
            if article is None:
                continue  # the index is a little behind the files
            snippet = (
                present.snippet(marker, hit, article, needles)
                if rank < snippets
                else present.plain_snippet(article)
            )
            results.hits.append(Hit(article, float(hit.score), snippet))
        if results.missing_line:
            results.messages.append(results.missing_line)
            results.messages.extend(self._in_glossary(results.missing))
            results.suggestion = self._suggest(understander, results)

    def _by_aboutness(
        self,
        scores: dict[int, float],
        tables: Tables,
        understanding: Understanding,
        results: SearchResults,
    ) -> tuple[dict[int, float], tuple[str, ...]]:
        """Scores weighed by what the articles are about, and what that changed (said in
        the search details)."""
        notes = []
        if _is_question(results.text) or understanding.asks:
            scores = self._prefer_explainers(scores, tables)
            notes.append("a question: explainers first")
        firsts = self._first_topics(tables)
        topics = topic_lead.named_topics(understanding.concepts, self.library, tables)
        titled = (
            scores
            if topics
            else literal.prefer_titled(scores, understanding, self.library.glossary, tables)
        )
        if titled is not scores:  # a topic named: its explainer leads instead
            notes.append("a word as typed in a title: first")
            scores = titled
        # one name and a situation ("kesimpta while pregnant"): the situation's explainer
        lead = topics or topic_lead.the_situation(understanding, self.library)
        raised = topic_lead.prefer_topic_explainers(scores, firsts, lead)
        if raised is not scores:
            notes.append(f"names the topic {', '.join(sorted(lead))}: its explainer first")
        lowered = topic_lead.set_aside_other_conditions(raised, firsts, understanding.concepts)
        if lowered is not raised:
            notes.append("about MS: articles mainly about other conditions after")
        # "PML" is a topic: its own articles
        alone = not topics and _a_name_alone(understanding, self.library.glossary)
        general = topic_lead.set_aside_particular(lowered, firsts, alone)
        if general is not lowered:
            notes.append("a name alone: articles about a particular group or situation after")
        concept = (
            understanding.concepts[0]
            if alone
            else topic_lead.the_one_name(understanding, self.library)
        )
        named = topic_lead.prefer_named_for(general, tables, concept)
        if named is not general and concept is not None:
            notes.append(f"one name, {concept.typed}: the articles named for it first")
        overview, situation = topic_lead.the_overview(named, understanding, self.library, tables)
        if situation:
            notes.append(f"no article is titled by {situation} with the name: its overview first")
        return overview, tuple(notes)

    @staticmethod
    def _prefer_explainers(scores: dict[int, float], tables: Tables) -> dict[int, float]:
        boost, explainers = tuning.QUESTION_EXPLAINER_BOOST, tables.explainers
        return {d: s * boost if d in explainers else s for d, s in scores.items()}

    def _defined(self, understanding: Understanding, text: str) -> Term | None:
        """The term a question asks the meaning of: one name of the glossary, asked about
        ("what is myelin", "edss meaning"; QA4 Q15: only the linear reader's `define` gave
        the definition, and the search put a trial first)."""
        named = [u for u in understanding.understood if u.searched]
        if len(named) != 1 or not _is_question(text):
            return None
        glossary = self.library.glossary
        return next(filter(None, map(glossary.find, (named[0].typed, *named[0].searched))), None)

    def _in_glossary(self, missing: Sequence[str]) -> list[str]:
        """A word no article uses may still be explained in the glossary: said, with where."""
        said = []
        for word in missing:
            term = self.library.glossary.find(word)
            if term is not None:
                said.append(
                    f"{term.term} is explained in the glossary (press W in the app, or type "
                    f"define {word} in the linear reader)."
                )
        return said

    def _suggest(self, understander: Understander, results: SearchResults) -> str | None:
        """ "Did you mean": each missing word swapped for a close spelling that finds
        articles, if any."""
        changes = {}
        for word in results.missing:
            option = understander.speller.suggest(word.lower(), word, understander.finds)
            if option:
                changes[word] = option
        return _replace(results.text, changes) if changes else None

    def _rank(
        self,
        scores: dict[int, float],
        sort: str,
        parsed: ParsedQuery,
        limit: int | None,
        tables: Tables,
    ) -> list[tuple[float, int]]:
        """The best `limit` matches as (score, article number): by score, or newest or most
        credible first (then by score); equal ones in index order."""
        if sort == "relevance" and parsed.has_terms:

            def key(item: tuple[int, float]) -> tuple[object, ...]:
                return (item[1], -item[0])
        else:
            ids = tables.ids

            def key(item: tuple[int, float]) -> tuple[object, ...]:
                # The listed article is enough to sort by (the CLI reads a whole one per get).
                article = self.library.articles.get(ids.get(item[0], ""))
                if article is None:
                    value: object = (0, date.min)
                elif sort == "credibility":
                    value = (1, article.credibility or 0)
                elif sort == "added":
                    value = (1, article.date)
                else:  # newest research: the study's year, then when it was added; explainers last
                    value = (1, article.source is not None, article.year, article.date)
                return (value, item[1], -item[0])

        if limit is None:
            best = sorted(scores.items(), key=key, reverse=True)
        else:
            best = heapq.nlargest(limit, scores.items(), key=key)
        return [(score, docnum) for docnum, score in best]


def _only_ranking_words_left(understanding: Understanding, parsed: ParsedQuery) -> bool:
    """Whether a word no article has leaves only words in nearly every article ("MS"),
    which rank but find nothing: then nothing answers the question."""
    concepts = understanding.concepts
    return bool(
        any(not a_stop_word_mistyped(word.lower()) for word in understanding.missing)
        and concepts
        and all(c.near_stop for c in concepts)
        and not parsed.phrases
    )


def _a_name_alone(understanding: Understanding, glossary: Glossary) -> bool:
    """Whether the search is one name of the glossary and nothing else ("Tysabri"), or a
    misspelling of one ("ocrelizumb")."""
    named = [u for u in understanding.understood if u.searched]
    if len(understanding.concepts) != 1 or len(named) != 1:
        return False
    how = named[0].how.split("+")
    fixed = understanding.corrections.values()
    return "glossary" in how or (
        how == ["corrected"] and any(glossary.find(word) is not None for word in fixed)
    )


def _is_question(text: str) -> bool:
    """A question word first, a question mark last, or asking what something means
    anywhere ("mri lesions meaning"): each is best answered by an explainer."""
    words = text.strip().lower().split()
    if not words:
        return False
    asks_meaning = not tuning.MEANING_WORDS.isdisjoint(words_of(text))
    return asks_meaning or a_question_word(words[0]) or text.rstrip().endswith("?")


def _replace(text: str, changes: dict[str, str]) -> str:
    import re

    for typed, fixed in changes.items():
        text = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", fixed, text, count=1)
    return text.strip()
