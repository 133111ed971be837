"""Words to concepts: what each word typed stands for, and the variants to search for.

For each word (or known name of several words) of the parsed query, in this order:
1. a name the library's data knows: itself and its meanings (vocabulary.py);
2. a word of the library's text: itself and the other words of its stem family
   ("misdiagnosed" finds "misdiagnosis", "worse" finds "worsening");
3. a word still being typed: the words it begins;
4. a word in no article: the words it begins ("pregnan" -> pregnancy), else a confident
   correction ("ocrelizamab" -> ocrelizumab), else it is missing: no article mentions it.
Words in nearly every article ("MS") are marked near-stop: they only add to the score.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from whoosh import query as wq

from tui.core.index import PREFIX_MAX, PREFIX_MIN, TEXT_ANALYZER
from tui.core.search import tuning
from tui.core.search.query import MAX_WORDS, ParsedQuery, words_of
from tui.core.search.results import Understood
from tui.core.search.spelling import Speller, a_question_word
from tui.core.search.vocabulary import Meaning, Vocabulary, parts_of

if TYPE_CHECKING:  # Whoosh ships no types: this documents, mypy sees Any
    from whoosh.searching import Searcher

_FAMILY_SUFFIX = re.compile(r"(?:ation|ition|ment|ing|ion|en|ed)$")
_FAMILY_END = re.compile(r"[aeiouys]+$")
FAMILY_MAX = 6  # most other words of a family searched
#: Where a name comes from when it is a thing of its own (not a reader's word widened).
NAMES = frozenset(["glossary", "topic"])
WIDEN_MAX = 12  # most words an unfinished word is widened to


@dataclass(frozen=True, slots=True)
class Variant:
    """One way a concept can appear: stems in `content` (or a beginning in `prefix`)."""

    stems: tuple[str, ...]
    weight: float
    label: str
    field: str = "content"
    #: The words may stand apart (the phrase scores more): for the words as typed. A
    #: synonym's words apart ("MS attack" for "relapse") would find what it does not mean.
    apart: bool = True
    #: The phrase is found as one term per word pair in the index's `pairs` field (a known
    #: name), not by positions; `None`: a known name no article holds as a phrase.
    pairs: tuple[str, ...] | None = ()


@dataclass(frozen=True, slots=True)
class Concept:
    typed: str
    variants: tuple[Variant, ...]
    common: bool = False  # in many articles: costly, finds by title (see whoosh_query.py)
    near_stop: bool = False  # in nearly every article: adds to the score, finds nothing
    named: bool = False  # a glossary or topic name: a thing of its own (see whoosh_query._pair)


#: One name or word of a question: (typed, its words, meanings, being typed, word as typed).
_Step = tuple[str, tuple[str, ...], list[Meaning], bool, str]


@dataclass
class Understanding:
    concepts: list[Concept] = field(default_factory=list)
    understood: list[Understood] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)  # typed -> searched
    only_ignored: bool = False  # every word is one the library ignores: searched anyway
    left_out: list[str] = field(default_factory=list)  # the commonest words of a long question
    #: The first word is a question word mistyped ("wat causes ms"): a question, the word
    #: ignored rather than said to be in no article.
    asks: bool = False
    #: A name the glossary knows that no article mentions under any of its names, searched
    #: only as what synonyms.yaml sends it to: typed -> (as written, what was searched).
    stand_ins: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)

    @property
    def shown(self) -> tuple[str, ...]:
        """Words to highlight in an article opened from the results."""
        labels = (v.label for c in self.concepts for v in c.variants if v.field == "content")
        return tuple(dict.fromkeys(labels))


def stems_of(words: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(t.text for w in words for t in TEXT_ANALYZER(w))


def family_key(stem: str) -> str:
    """What the forms of a word share once stemmed: "worsen" and "wors" -> "wor"; a
    consonant doubled before an ending is one: "blurri" (blurry) and "blur" (blurred)."""
    key = _FAMILY_END.sub("", _FAMILY_SUFFIX.sub("", stem))
    if key != stem and len(key) >= 4 and key[-1] == key[-2] and key[-1] not in "aeiou":
        key = key[:-1]
    return key if len(key) >= 3 else stem


class Understander:
    """Turns a parsed query into concepts against one searcher's index."""

    def __init__(self, vocabulary: Vocabulary, searcher: Searcher, correct: bool = True) -> None:
        self.vocabulary = vocabulary
        self.searcher = searcher
        self.reader = searcher.reader()
        # Word counts (doc_frequency) include deleted articles until segments merge;
        # shares of the library are taken of the same total.
        self.count = max(1, self.reader.doc_count_all())
        self.correct = correct
        self._speller: Speller | None = None
        self._common = max(tuning.COMMON_SHARE * self.count, tuning.COMMON_MIN)

    @property
    def speller(self) -> Speller:
        if self._speller is None:
            self._speller = Speller(self.searcher, self.vocabulary.words)
        return self._speller

    def understand(self, parsed: ParsedQuery, text: str) -> Understanding:
        result = Understanding()
        units = [(part, word) for word in parsed.words for part in parts_of(word)]
        parts = [part for part, _ in units]
        self._split_compounds(parts, units, parsed.partial)
        if self.correct:
            self._complete_names(parts, units, result, text, parsed.partial)
        steps: list[_Step] = []
        position = 0
        while position < len(parts):
            size, meanings = self.vocabulary.match(parts, position)
            word = units[position][1]
            if not size:  # the rest of this word as typed: "hla-drb1" is one unit
                size = sum(1 for _, w in units[position:] if w == word) or 1
                if size > 1 and not self._written(parts[position : position + size]):
                    size = 1  # "anti-MOG" is in no article: its parts are searched apart
            words = tuple(parts[position : position + size])
            position += size
            partial = (
                parsed.partial is not None and word == parsed.partial and position == len(parts)
            )
            steps.append((" ".join(words), words, meanings, partial, word))
        # Words the library's data says to ignore are left out beside others; alone they
        # are searched as typed: "cause" on its own is in 86 articles, not in none.
        result.only_ignored = bool(steps) and all(s[0] in self.vocabulary.ignore for s in steps)
        kept = [s for s in steps if s[0] not in self.vocabulary.ignore] or steps
        left_out = self._commonest(kept)
        opening = words_of(text)[:1]
        for typed, words, meanings, partial, word in steps:
            if [word] == opening and not partial and self._asks(typed, words, meanings):
                result.asks = True
                result.understood.append(Understood(typed, (), "ignored"))
                continue
            if typed in self.vocabulary.ignore and not result.only_ignored:
                result.understood.append(Understood(typed, (), "ignored"))
                continue
            if typed in left_out:
                result.left_out.append(typed)
                result.understood.append(Understood(typed, (), "left out"))
                continue
            self._unit(result, typed, words, meanings, partial, _as_typed(text, word))
        return result

    def _asks(self, typed: str, words: tuple[str, ...], meanings: list[Meaning]) -> bool:
        """Whether a question's first word, in no article and no name, is a slip of a
        question word: "wat" and "waht" in "wat causes ms" ask what causes MS."""
        stems = stems_of(words)
        return (
            len(words) == 1
            and not meanings
            and not (stems and self._known(stems))
            and a_question_word(typed, slip=True)
        )

    def _commonest(self, steps: list[_Step]) -> set[str]:
        """The words of a long question beyond `MAX_WORDS`, the most common first: "I was
        diagnosed last year and my neurologist wants me to start Ocrevus but I am worried
        about infections and vaccines" keeps "vaccines" and leaves out "year" and "wants"."""
        if len(steps) <= MAX_WORDS:
            return set()

        def articles(step: _Step) -> int:
            _, words, _, partial, _ = step
            if partial:
                return -1  # being typed: kept
            counts = [self.reader.doc_frequency("content", s) for s in stems_of(words)]
            return min(counts, default=0)

        ranked = sorted(steps, key=articles)
        return {step[0] for step in ranked[MAX_WORDS:]}

    def _unit(
        self,
        result: Understanding,
        typed: str,
        words: tuple[str, ...],
        meanings: list[Meaning],
        partial: bool,
        written: str,
    ) -> None:
        stems = stems_of(words)
        if meanings:
            # A name of words that mean nothing or are in nearly every article is a way of
            # asking, searched only for what it means: "what else could it be if not ms"
            # ("else ms") and "something other than ms" ("other ms") ask for the conditions
            # that look like MS, not for articles saying "other" and "MS".
            if not self._a_way_of_asking(words, stems, meanings):
                meanings = [Meaning(words, 1.0, self._as_itself(stems, meanings)), *meanings]
            variants = self._variants(meanings)
            if variants:
                self._add(result, typed, variants, _how(meanings))
                if self._only_a_stand_in(meanings):
                    labels = tuple(v.label for v in variants)
                    result.stand_ins[typed] = (written, labels)
                return
        if not stems:
            return
        if _over_stemmed(words, stems):  # "als" is not "al" (of "et al." in nearly every
            result.missing.append(written)  # article): in no article
            result.understood.append(Understood(typed, (), "missing"))
            return
        if partial and not self._known(stems):  # a whole word ranks as in the CLI
            being_typed = self._partial(typed, stems)
            if not being_typed or any(self._frequency(v) for v in being_typed):
                self._add(result, typed, being_typed, "being typed")
                return
            # it begins no word of the library: a whole word to widen or correct, as in the CLI
        if self._known(stems):
            self._add(result, typed, self._family(stems, typed), "word")
            return
        family = self._family(stems, typed)
        if family:
            named = self._as_a_name(family)
            if named:  # "ocrevis": a form of the name "Ocrevus", searched as the name is
                meanings = [Meaning(named[0], 1.0, "itself"), *named[1]]
                self._add(result, typed, self._variants(meanings), f"family+{_how(named[1])}")
                return
            self._add(result, typed, family, "family")
            return
        widened = self._widened(typed) if len(typed) >= tuning.WIDEN_MIN else ()
        if widened:
            self._add(result, typed, widened, "widened")
            return
        fixed = self.speller.confident(typed, written) if self.correct and len(words) == 1 else None
        if fixed:
            corrected = self.vocabulary.meanings(fixed)
            if corrected:
                corrected = [Meaning((fixed,), 1.0, "itself"), *corrected]
            variants = self._variants(corrected) if corrected else []
            if not variants and self._known(stems_of([fixed])):
                variants = self._family(stems_of([fixed]), fixed)
            if variants:
                result.corrections[written] = fixed
                self._add(result, typed, variants, "corrected")
                return
        if written not in result.missing:  # "anti-XYZ" split: said once
            result.missing.append(written)
        result.understood.append(Understood(typed, (), "missing"))

    def _as_a_name(self, family: list[Variant]) -> tuple[tuple[str, ...], list[Meaning]] | None:
        """The name of one word the library's data knows among a word's family, with its
        meanings: "ocrevis" (in no article) is of the family of "Ocrevus", which one article
        names; searched as that word alone it found only that article, not ocrelizumab's."""
        for variant in family:
            name = self.vocabulary.name_of_stem(variant.stems)
            meanings = self.vocabulary.meanings(" ".join(name)) if name else []
            if name and meanings:
                return name, meanings
        return None

    def _only_a_stand_in(self, meanings: list[Meaning]) -> bool:
        """Whether a glossary name is in no article under any of its names and is found
        only through synonyms.yaml: "Vumerity" (diroximel fumarate) as dimethyl fumarate,
        the closest the library has, which the reader is told (QA4 Q4)."""
        own = [m for m in meanings if m.how in ("itself", "glossary")]
        return any(m.how == "glossary" for m in own) and not any(
            self._known(stems_of(m.words)) for m in own
        )

    def _as_itself(self, stems: tuple[str, ...], meanings: list[Meaning]) -> str:
        """How a name typed counts as itself: its words apart too ("itself"), or, for a
        reader's phrase that synonyms.yaml reads for its meaning, only as the phrase when a
        word of it is in many articles ("how long will I live": "long" and "live" apart
        are not what it asks; "pins and needles" apart still are)."""
        if len(stems) < 2 or not all(m.how == "synonym" for m in meanings):
            return "itself"
        few = tuning.SPECIFIC_SHARE * self.count
        common = any(self.reader.doc_frequency("content", s) > few for s in stems)
        return "phrase" if common else "itself"

    def _complete_names(
        self,
        parts: list[str],
        units: list[tuple[str, str]],
        result: Understanding,
        text: str,
        partial: str | None,
    ) -> None:
        """A word in no article that, corrected, completes a known name of several words
        is corrected first: "multiple sclerosos" is MS, not "multiple" and "sclerosis".
        Only beside a word of such a name, and never the word being typed (a spelling
        look-up is the costly step of a keystroke)."""
        in_names = self.vocabulary.name_words
        for i, part in enumerate(parts):
            beside = {parts[j] for j in (i - 1, i + 1) if 0 <= j < len(parts)}
            if len(part) < 4 or not part.isalpha() or not beside & in_names:
                continue
            if units[i][1] == partial or self._known(stems_of([part])):
                continue
            written = _as_typed(text, units[i][1])
            fixed = self.speller.confident(part, written)
            if not fixed:
                continue
            trial = [*parts[:i], fixed, *parts[i + 1 :]]
            if any(self.vocabulary.match(trial, j)[0] > i - j for j in (i - 1, i) if j >= 0):
                parts[i] = fixed
                result.corrections[written] = fixed

    def _split_compounds(
        self, parts: list[str], units: list[tuple[str, str]], partial: str | None
    ) -> None:
        """A compound typed without its hyphen or space, in no article, is searched as the
        articles write it: "covid19" as "covid-19", "bcell" as "b-cell", "epsteinbarr" as
        "Epstein-Barr" (the two words, next to each other in some article). The word being
        typed too once it begins no word of a title or takeaway: the app then ranks as
        the CLI does."""
        for i in range(len(parts) - 1, -1, -1):
            part, word = parts[i], units[i][1]
            if len(part) < 3 or self._known(stems_of([part])):
                continue
            if word == partial and self._begins_a_word(part):
                continue
            split = self._compound(part)
            if split:
                parts[i : i + 1] = split
                units[i : i + 1] = [(piece, word) for piece in split]

    def _begins_a_word(self, typed: str) -> bool:
        """Whether a title or takeaway word begins with `typed` (the `prefix` field)."""
        return bool(self.reader.doc_frequency("prefix", typed[:PREFIX_MAX]))

    def _compound(self, joined: str) -> list[str] | None:
        """The two words the articles write apart that make `joined`, the most used first."""
        best: tuple[int, list[str]] | None = None
        for cut in range(1, len(joined)):
            first, second = joined[:cut], joined[cut:]
            stems = stems_of([first, second])
            if len(stems) != 2 or not self._known(stems):
                continue
            used = min(self.reader.doc_frequency("content", s) for s in stems)
            phrase = wq.Phrase("content", list(stems))
            if (best is None or used > best[0]) and any(self.searcher.docs_for_query(phrase)):
                best = (used, [first, second])
        return best[1] if best else None

    def _a_way_of_asking(
        self, words: tuple[str, ...], stems: tuple[str, ...], meanings: list[Meaning]
    ) -> bool:
        if any(w in self.vocabulary.ignore for w in words):
            return True
        # A reader's phrase that synonyms.yaml reads for its meaning and no article holds
        # ("best treatment", "how long will I live"): its words apart ("best" anywhere,
        # "treatment" anywhere) are not what it asks.
        synonyms = len(words) > 1 and all(m.how == "synonym" for m in meanings)
        if synonyms and self._pairs(stems) is None:
            return True
        nearly_all = max(tuning.NEAR_STOP_SHARE * self.count, tuning.NEAR_STOP_MIN)
        return len(stems) > 1 and all(
            self.reader.doc_frequency("content", s) >= nearly_all for s in stems
        )

    def _add(self, result: Understanding, typed: str, variants: list[Variant], how: str) -> None:
        if not variants:  # one letter still being typed: nothing to search for yet
            result.understood.append(Understood(typed, (), how))
            return
        variants = self._one_rarity(variants)
        frequencies = [self._frequency(v) for v in variants]
        most = max(frequencies, default=0)
        near_stop = most >= max(tuning.NEAR_STOP_SHARE * self.count, tuning.NEAR_STOP_MIN)
        common = most >= self._common
        named = not NAMES.isdisjoint(how.split("+"))
        concept = Concept(typed, tuple(variants), common, near_stop, named)
        result.concepts.append(concept)
        labels = tuple(dict.fromkeys(v.label for v in variants))
        result.understood.append(Understood(typed, labels, "near-stop" if near_stop else how))

    def _one_rarity(self, variants: list[Variant]) -> list[Variant]:
        """Score every variant of a concept as rare as its most common one: the concept is
        what is asked about, and a rare synonym ("MS attack") would otherwise outscore the
        word typed ("relapse") by its rarity alone. A weight only ever goes down."""
        rarity = {}
        for variant in variants:
            if variant.field == "content" and len(variant.stems) == 1:
                rarity[variant] = self.searcher.idf("content", variant.stems[0])
            elif variant.pairs and not variant.apart:
                rarity[variant] = min(self.searcher.idf("pairs", p) for p in variant.pairs)
        if len(rarity) < 2:
            return list(variants)
        least = min(rarity.values())
        return [
            replace(v, weight=v.weight * least / rarity[v]) if rarity.get(v) else v
            for v in variants
        ]

    def _variants(self, meanings: list[Meaning]) -> list[Variant]:
        """Each meaning once, without those found in the library in no form."""
        variants: dict[tuple[str, ...], Variant] = {}
        for meaning in meanings:
            stems = stems_of(meaning.words)
            if stems and stems not in variants and self._known(stems):
                label, apart = " ".join(meaning.words), meaning.how == "itself"
                pairs = self._pairs(stems)
                if apart and pairs and self._frequency(Variant(stems, 1.0, label)) >= self._common:
                    # every word in many articles ("disease modifying therapy" at 10k): apart
                    # they say little and cost a read each; the name is found as itself
                    apart = False
                # A phrase scores the sum of its words (or of its word pairs): another name
                # of several words ("MS attack" for "relapse") is weighed per word, or it
                # would outscore the word the reader typed in the group's best variant. So
                # is the name typed where articles write it as one (its pairs are indexed):
                # found by its words and its pairs, "side effects" scored three times what
                # "DMTs" did in "side effects of DMTs", and trials whose titles say "side
                # effects" came first. A name no article writes whole keeps its words' sum.
                if apart:
                    parts = len(stems) + len(pairs) if pairs else 1
                else:
                    parts = max(1, len(pairs) if pairs else len(stems))
                weight = meaning.weight / parts
                if pairs is None and not apart:
                    continue  # a known name no article holds: nothing to find
                variants[stems] = Variant(stems, weight, label, apart=apart, pairs=pairs)
        return list(variants.values())

    def _pairs(self, stems: tuple[str, ...]) -> tuple[str, ...] | None:
        """The pair terms of a known name of several words: () when it is not known (or
        the index has no `pairs` field), None when no article holds one of its pairs."""
        pairs = tuple(itertools.pairwise(stems))
        known = self.vocabulary.pairs
        if not pairs or "pairs" not in self.reader.schema or not all(p in known for p in pairs):
            return ()
        terms = tuple(" ".join(p) for p in pairs)
        return terms if all(("pairs", t) in self.reader for t in terms) else None

    def _family(self, stems: tuple[str, ...], typed: str) -> list[Variant]:
        """The word itself, then other words of its stem family in the library."""
        own = [Variant(stems, 1.0, typed)] if self._known(stems) else []
        if len(stems) != 1 or len(stems[0]) < 5 or not stems[0].isalpha():
            return own
        if own and self._frequency(own[0]) >= self._common:
            return own  # in many articles already: its family adds little and costs a read
        key = family_key(stems[0])
        others = [
            term
            for term in self._expand(key)
            if term != stems[0] and family_key(term) == key and term.isalpha()
        ]
        others.sort(key=lambda t: -self.reader.doc_frequency("content", t))
        family = [Variant((t,), tuning.FAMILY_WEIGHT, t) for t in others[:FAMILY_MAX]]
        return own + family

    def _widened(self, typed: str) -> list[Variant]:
        """The library's words that `typed` begins, the most used first."""
        start = stems_of([typed])
        if len(start) != 1:
            return []
        found = [t for t in self._expand(typed) if t != start[0]]
        found.sort(key=lambda t: -self.reader.doc_frequency("content", t))
        return [Variant((t,), 1.0, t) for t in found[:WIDEN_MAX]]

    def _partial(self, typed: str, stems: tuple[str, ...]) -> list[Variant]:
        """A word still being typed: the whole word, or the start of a title or takeaway
        word (the `prefix` field: a walk of the whole word list would be slow at 10k)."""
        variants = [Variant(stems, 1.0, typed)] if self._known(stems) else []
        if len(typed) >= PREFIX_MIN:
            start = typed[:PREFIX_MAX]
            variants.append(Variant((start,), tuning.PREFIX_WEIGHT, typed, field="prefix"))
        return variants

    def _expand(self, start: str) -> list[str]:
        terms = []
        for raw in self.reader.expand_prefix("content", start):
            terms.append(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
            if len(terms) >= 200:
                break
        return terms

    def _written(self, words: list[str]) -> bool:
        """Whether some article holds these words in this order (a word typed with a hyphen)."""
        stems = stems_of(words)
        if len(stems) < 2 or not self._known(stems) or any(len(s) == 1 for s in stems):
            return self._known(stems)
        return any(True for _ in self.searcher.docs_for_query(wq.Phrase("content", list(stems))))

    def finds(self, word: str) -> bool:
        """Whether searching `word` finds some article, by itself or by what it means."""
        if self._known(stems_of([word])):
            return True
        return any(self._known(stems_of(m.words)) for m in self.vocabulary.meanings(word))

    def _known(self, stems: tuple[str, ...]) -> bool:
        return all(self.reader.doc_frequency("content", s) for s in stems)

    def _frequency(self, variant: Variant) -> int:
        """How many articles may hold the variant (a phrase: its rarest word)."""
        counts: list[int] = [self.reader.doc_frequency(variant.field, s) for s in variant.stems]
        return min(counts, default=0)  # a variant of only stop words ("can't") is in none


def _over_stemmed(words: tuple[str, ...], stems: tuple[str, ...]) -> bool:
    """Whether the stemmer cut a short word to two letters, another word: "als" -> "al",
    "ibs" -> "ib" (an abbreviation typed in lower case, read as a plural)."""
    return len(words) == 1 == len(stems) and len(stems[0]) <= 2 < len(words[0])


def _how(meanings: list[Meaning]) -> str:
    kinds = {m.how for m in meanings} - {"itself", "phrase"}
    return "+".join(sorted(kinds)) if kinds else "word"


def _as_typed(text: str, word: str) -> str:
    """The word as it was written (its capitals say whether it is an acronym)."""
    match = re.search(rf"(?i)(?<!\w){re.escape(word)}(?!\w)", text)
    return match.group() if match else word
