"""What an article is mainly about (its first topic), weighed against what is asked.

- A search that only names a topic is best answered by the explainer on that topic.
  "relapse", "fatigue", "is ms hereditary": every word names a topic of the library
  (topics.yaml, by name or alias), and the article written to introduce that topic, the
  explainer whose first topic it is, should come first; by words alone a trial that says
  "relapses" as often ranks with it. A search with any other word in it ("pills for
  tiredness", "steroids for a relapse") asks something more specific, and is left alone.
- A name searched alone asks about the thing in general: an article mainly about a
  particular group or situation (a topic of a category marked `particular:`: children,
  pregnancy, side effects) comes after the others ("teriflunomide": TEMSO before TERIKIDS).
- A search about one name, alone or with other words ("tecfidera side effects"), puts the
  articles named for it (their file name begins with the name) before the others; with
  one word naming a particular situation ("kesimpta while pregnant"), that situation's
  explainer is raised as a topic's is.
- A search about one name and a situation no article is titled by together ("can i stop
  ocrevus": no article is about stopping ocrelizumab) is answered first by the explainers
  titled by the situation ("Stopping or switching an MS treatment"): an overview speaks for
  every medicine, and the drug's trials that say "stopped" once are not the answer.
- A search is about MS unless it names another condition: an article mainly about NMOSD
  or MOGAD (a topic of a category marked `other_conditions:`) comes after those about MS
  ("steroids for a relapse": a MOGAD relapse is not the answer).
"""

from __future__ import annotations

import functools

from tui.core.library import Library
from tui.core.search import tuning
from tui.core.search.concepts import Concept, Understanding, stems_of
from tui.core.search.literal import in_titles
from tui.core.search.whoosh_adapter import Tables
from tui.core.topics import Topic


def named_topics(concepts: list[Concept], library: Library, tables: Tables) -> set[str]:
    """The topics the search names, if its every word (but those in nearly every article,
    such as "MS") names one; else none."""
    reader = tables.reader
    nearly_all: float = max(tuning.NEAR_STOP_SHARE * reader.doc_count_all(), tuning.NEAR_STOP_MIN)

    def said_everywhere(concept: Concept) -> bool:
        # The word as typed, not its synonyms: "pills" is rare though "drugs" is not.
        typed = concept.variants[0] if concept.variants else None
        if typed is None or typed.field != "content":
            return concept.near_stop
        if concept.near_stop and len(typed.stems) > 1:
            return True  # a name of what nearly every article says: "multiple sclerosis"
        counts: list[int] = [reader.doc_frequency("content", s) for s in typed.stems]
        return not counts or min(counts) >= nearly_all  # only stop words: noise too

    asked = [c for c in concepts if not said_everywhere(c)] or concepts
    topics: set[str] = set()
    for concept in asked:
        found = _topics_named(concept.typed, library)
        if not found and len(asked) == 1:  # beside "overweight", the risk factor is asked
            found = _named_in_other_forms(concept, library)
        asking = set(concept.typed.split()) & library.synonyms.ignore  # "cause ms"
        if not found and not asking:  # an everyday word for a topic: "tired all the time"
            meant = (v.label for v in concept.variants if v.label != concept.typed)
            found = {topic for label in meant for topic in _topics_named(label, library)}
        if not found and not asking:  # another form of a topic's word: "diagnosed"
            by_stem = _by_stem(tuple(library.topics.topics))
            found = {by_stem[v.stems] for v in concept.variants if v.stems in by_stem}
        if not found:
            return set()
        topics.update(topic.name for topic in found if topic is not None)
    return topics


def _topics_named(word: str, library: Library) -> set[Topic]:
    # "relapsing remitting" typed apart is the alias "relapsing-remitting"
    names = (word, f"{word}s", word.removesuffix("s"), word.replace(" ", "-"))
    return {topic for name in names if (topic := library.topics.find(name)) is not None}


def _named_in_other_forms(concept: Concept, library: Library) -> set[Topic]:
    """The topic a name of several words names in other forms of its words: "cause ms"
    and "causing ms" are the alias "causes MS" (eval qa4b: "what cause ms")."""
    words = concept.typed.split()
    if len(words) < 2:
        return set()
    topic = _by_stems_of_names(tuple(library.topics.topics)).get(stems_of(words))
    return {topic} if topic is not None else set()


@functools.lru_cache(maxsize=4)
def _by_stems_of_names(topics: tuple[Topic, ...]) -> dict[tuple[str, ...], Topic]:
    """The topics by the stems of their names and aliases of several words."""
    found: dict[tuple[str, ...], Topic] = {}
    for topic in topics:
        for name in (topic.name, *topic.aliases):
            stems = stems_of(name.split())
            if len(stems) > 1:
                found.setdefault(stems, topic)
    return found


@functools.lru_cache(maxsize=4)
def _by_stem(topics: tuple[Topic, ...]) -> dict[tuple[str, ...], Topic]:
    """The topics by the stems of their names and aliases of one word."""
    found: dict[tuple[str, ...], Topic] = {}
    for topic in topics:
        for name in (topic.name, *topic.aliases):
            stems = stems_of([name])
            if len(stems) == 1:
                found.setdefault(stems, topic)
    return found


class FirstTopics:
    """What articles are mainly about (their first topic), looked up per searcher: only
    for the articles asked about (explainers, or those with another condition's topic),
    each once, so a search at 10k reads no table of every article."""

    def __init__(self, tables: Tables, library: Library) -> None:
        self.tables = tables
        self.library = library
        self._first: dict[int, str | None] = {}
        self._other: frozenset[int] | None = None
        self._particular: frozenset[int] | None = None

    def of(self, docnum: int) -> str | None:
        if docnum not in self._first:
            topics = self.library.topics_of(self.tables.id_of(docnum) or "")
            self._first[docnum] = topics[0] if topics else None
        return self._first[docnum]

    @property
    def other_conditions(self) -> frozenset[int]:
        """The articles whose first topic is a condition other than MS."""
        if self._other is None:
            self._other = self._first_in("other_conditions")
        return self._other

    @property
    def particular(self) -> frozenset[int]:
        """The articles whose first topic is a particular group or situation."""
        if self._particular is None:
            self._particular = self._first_in("particular")
        return self._particular

    def _first_in(self, flag: str) -> frozenset[int]:
        """The articles whose first topic is in a category marked with `flag`."""
        tree, by_topic = self.library.topics, self.tables.articles_by_topic
        names = [t.name for c in tree.categories if getattr(c, flag) for t in c.topics]
        tagged = frozenset().union(*(by_topic.get(name, ()) for name in names))
        return frozenset(d for d in tagged if self.of(d) in names)


def prefer_topic_explainers(
    scores: dict[int, float], firsts: FirstTopics, topics: set[str]
) -> dict[int, float]:
    """Scores with the explainers whose first topic is named raised by `TOPIC_LEAD_BOOST`."""
    if not topics:
        return scores
    explainers = firsts.tables.explainers.intersection(scores)
    leads = {docnum for docnum in explainers if firsts.of(docnum) in topics}
    if not leads:
        return scores
    boost = tuning.TOPIC_LEAD_BOOST
    return {d: s * boost if d in leads else s for d, s in scores.items()}


def set_aside_other_conditions(
    scores: dict[int, float], firsts: FirstTopics, concepts: list[Concept]
) -> dict[int, float]:
    """Scores of the articles mainly about a condition other than MS lowered by
    `OTHER_CONDITION_SHARE`, unless the search names such a condition."""
    tree = firsts.library.topics
    if not any(c.other_conditions for c in tree.categories):
        return scores
    for concept in concepts:
        for name in (concept.typed, *(v.label for v in concept.variants)):
            if tree.other_condition(name):
                return scores
    return _lowered(scores, firsts.other_conditions, tuning.OTHER_CONDITION_SHARE)


def set_aside_particular(
    scores: dict[int, float], firsts: FirstTopics, name_alone: bool
) -> dict[int, float]:
    """For a search of a name alone ("teriflunomide", "Tysabri"), scores of the articles
    mainly about a particular group or situation (children, pregnancy, vaccines, stopping
    and side effects) lowered by `PARTICULAR_SHARE`: the drug's main trials first, its
    children's trial after; a search naming the group ("teriflunomide in children") is
    left alone."""
    if not name_alone:
        return scores
    return _lowered(scores, firsts.particular, tuning.PARTICULAR_SHARE)


def the_one_name(understanding: Understanding, library: Library) -> Concept | None:
    """The one glossary name of a search that names no topic, beside other words: the
    medicine of "tecfidera side effects" or "is aubagio making my hair thin" (typed as a
    glossary name, or corrected to one); None when there is none or more than one
    ("kesimpta vs ocrevus"). A reader's word widened to a glossary name is none: "tired"
    is not the name "fatigue"."""
    how = {u.typed: u.how.split("+") for u in understanding.understood}
    found = [
        concept
        for concept in understanding.concepts
        if not concept.near_stop
        and not _topics_named(concept.typed, library)
        and (
            "glossary" in how.get(concept.typed, ())
            or (
                how.get(concept.typed) == ["corrected"]
                and any(library.glossary.find(v.label) is not None for v in concept.variants)
            )
        )
    ]
    return found[0] if len(found) == 1 else None


def the_situation(understanding: Understanding, library: Library) -> set[str]:
    """The particular situation a search of one name and one more word asks about: the
    topic that word names in a category marked `particular:` ("kesimpta while pregnant":
    Pregnancy; "tecfidera side effects": Treatment safety). Its explainer answers for every
    medicine, when no article is about this one in that situation."""
    name = the_one_name(understanding, library)
    others = [c for c in understanding.concepts if c is not name and not c.near_stop]
    if name is None or len(others) != 1:
        return set()
    tree, other = library.topics, others[0]
    particular = {t.name for c in tree.categories if c.particular for t in c.topics}
    labels = (other.typed, *(v.label for v in other.variants))
    return {t.name for label in labels for t in _topics_named(label, library)} & particular


def prefer_named_for(
    scores: dict[int, float], tables: Tables, concept: Concept | None
) -> dict[int, float]:
    """For a search about one name, scores of the articles named for it (their name in the
    library, the file name, begins with it: "teriflunomide-temso") raised by
    `NAMED_FOR_BOOST`: the drug's own trial before another drug's trial that compares
    against it ("teriflunomide": TEMSO before OPTIMUM, ponesimod against teriflunomide),
    and its main trials before its children's trial for its side effects."""
    if concept is None:
        return scores
    named = _named_for(concept, tables).intersection(scores)
    if not named:
        return scores
    boost = tuning.NAMED_FOR_BOOST
    return {d: s * boost if d in named else s for d, s in scores.items()}


def _named_for(concept: Concept, tables: Tables) -> set[int]:
    """The articles whose id begins with one of the concept's names, its stems joined as
    ids are ("teriflunomid" begins "teriflunomide-temso"): a look-up of the index's `id`
    words, not a read of every matched article's id (thousands at 10k)."""
    reader, found = tables.reader, set[int]()
    for variant in concept.variants:
        if variant.field != "content":
            continue
        for raw in reader.expand_prefix("id", "-".join(variant.stems)):
            term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            found.update(reader.postings("id", term).all_ids())
    return found


def _lowered(scores: dict[int, float], lower: frozenset[int], share: float) -> dict[int, float]:
    """Scores of the articles in `lower` times `share`; `scores` itself when none is."""
    if lower.isdisjoint(scores):
        return scores
    return {d: s * share if d in lower else s for d, s in scores.items()}


def the_overview(
    scores: dict[int, float], understanding: Understanding, library: Library, tables: Tables
) -> tuple[dict[int, float], str]:
    """For a search of one name and other words (QA5 R7: "can i stop ocrevus" put the
    drug's trials that say "stop" once first, the stopping explainer 10th), the explainers
    whose title holds every other word lead, when no article's title holds the name and
    those words together ("coming off gilenya": the fingolimod rebound study is about
    exactly that, and stays first). Returns the scores and the words the overview is
    titled by ("" when nothing changed). Only words of the library's own text count, with
    their forms ("stop", "stopping"): a reader's word widened ("kids": children) may be
    another sense of it ("Can I have children if I have MS?" for "gilenya for kids")."""
    name = the_one_name(understanding, library)
    others = [c for c in understanding.concepts if c is not name and not c.near_stop]
    how = {u.typed: u.how for u in understanding.understood}
    if name is None or not others or any(how.get(c.typed) != "word" for c in others):
        return scores, ""
    situation = set(scores)
    for concept in others:
        situation &= _titled_by(concept, tables)
    if not situation or situation & _titled_by(name, tables):
        return scores, ""
    overviews = situation & tables.explainers
    if not overviews:
        return scores, ""
    top = max(scores.values())
    said = " ".join(c.typed for c in others)
    return {d: s + top if d in overviews else s for d, s in scores.items()}, said


def _titled_by(concept: Concept, tables: Tables) -> set[int]:
    """The articles whose title holds one of the concept's variants (each of its words)."""
    reader, found = tables.reader, set[int]()
    for variant in concept.variants:
        if variant.field != "content":
            continue
        ids: set[int] | None = None
        for stem in variant.stems:
            has = in_titles(reader, stem)
            ids = has if ids is None else ids & has
        found |= ids or set()
    return found
