"""The search benchmark: a fixed query set, timed on Whoosh (Myelin) and on SQLite FTS5.

What is timed for each query (every figure is the median of up to `repeats`
runs, after one warm-up pass over the whole set; a figure stops being repeated
once one second has gone on it for that query):

- `engine`: `SearchEngine.search(text, limit=20, as_you_type=...)` with its
  defaults: the whole public call (first page, snippets, facets, suggestion);
  `engine_cpu`: the CPU time of the same runs (user + system of this process).
- `app`: what the search screen does on each keystroke before it shows the
  first results: `search(limit=50, as_you_type=True, facets=False)` (and its
  CPU time, `app_cpu`);
  `app_facets`: the `add_facets` that follows it (the count and topics).
- `results`: the first page with snippets, `search(limit=20, facets=False)`;
  `snippets`: its time minus the same call with `snippets=0`.
- `facets`: `add_facets` on a fresh first page (every match counted, topics).
- `suggest`: `SearchEngine._suggest` on its own for every query with words
  (the engine asks for one only when fewer than 3 articles are found).
- `fts5_results` / `fts5_facets`: the same queries on an FTS5 table built from
  the same articles in this run: bm25 with per-column weights, first 20
  rows with `snippet()` and the count; then a topic GROUP BY over every match.
  FTS5 does less: no synonyms, no proximity boost for neighbouring words.

The `suggest` column times understanding the words on its own (synonyms, stem
families, widening, corrections: `concepts.Understander`). The `synonyms` queries
carry synonym phrases ("side effect", "adverse event"): the slow tail at 10k.
"""

from __future__ import annotations

import inspect
import re
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from tui.core.index import PREFIX_MIN
from tui.core.library import Library
from tui.core.search import SearchEngine
from tui.core.search.concepts import Understander
from tui.core.search.query import ParsedQuery, parse_query

FIRST_PAGE = 20
APP_PAGE = 50


@dataclass(frozen=True)
class Query:
    kind: str
    text: str
    as_you_type: bool = False


def typed(word_by_word: str, start: int) -> list[Query]:
    """Every prefix a user types, letter by letter, from `start` characters on."""
    return [Query("prefix", word_by_word[:n], True) for n in range(start, len(word_by_word) + 1)]


QUERIES: list[Query] = [
    *(Query("word", w) for w in ("relapses", "fatigue", "ocrelizumab", "MRI", "EBV", "pregnancy")),
    *(
        Query("words", w)
        for w in (
            "vitamin D relapses",
            "B cell depletion",
            "stem cell transplant",
            "smoking risk genes",
            "gut bacteria diet",
            "progressive MS treatment trial",
        )
    ),
    *(
        Query("question", w)
        for w in (
            "does vitamin D reduce relapses?",
            "can I get vaccinated while on ocrelizumab?",
            "is it safe to get pregnant with MS?",
            "what helps with MS fatigue?",
            "does smoking make MS worse?",
            "what does Epstein-Barr virus have to do with MS?",
        )
    ),
    *(
        Query("phrase", w)
        for w in (
            '"blood-brain barrier"',
            '"neurofilament light chain"',
            'relapses "vitamin D"',
            '"stem cell" -rituximab',
        )
    ),
    *(
        Query("filter", w)
        for w in (
            "topic:EBV",
            'relapses topic:"Vitamin D"',
            "kind:explainer fatigue",
            "year:2020..2024 MRI lesions",
            "credibility:>=4 treatment",
            "kind:summary topic:Pregnancy",
        )
    ),
    *(
        Query("synonyms", w)  # names with synonym phrases: the slow tail (issue 13)
        for w in (
            "disease modifying therapy side effects",
            "flare-up after a covid vaccine",
            "MS attack treated with steroids",
            "flu jab while on anti-CD20",
            "pins and needles and brain fog",
            "spinal tap oligoclonal bands",
            "stem cell transplant for progressive MS",
            "relapse rate on extended interval dosing",
        )
    ),
    *(
        Query("misspelt", w)
        for w in ("ocrelizumob", "remyelinaton", "fatige", "vitamn D", "pregnancy relapsses")
    ),
    *typed("remyelination", 1)[:8],
    *typed("vitamin d relapses", 11)[:5],
    *typed("returning c", 9),
]

Timer = Callable[[], object]


#: Run before each timed call (untimed): puts the engine's kept postings in the state a
#: user's search would find them in (see `run_queries`).
BEFORE_EACH: list[Timer] = []


#: CPU seconds (this process's, user + system) of each `clock` call, in order: on a
#: shared machine they move much less than wall time with the other work running.
CPU_TIMES: list[float] = []


def clock(action: Timer) -> float:
    for before in BEFORE_EACH:
        before()
    cpu = time.process_time()
    started = time.perf_counter()
    action()
    took = time.perf_counter() - started
    CPU_TIMES.append(time.process_time() - cpu)
    return took


def cache_state(engine: SearchEngine, query: Query, previous: Query | None) -> Timer:
    """Before each timing: forget the postings kept from earlier searches, so a query is
    timed cold; a letter typed is timed after the keystroke before it (as when typing)."""
    forget = getattr(engine, "forget_postings", None)
    typing = bool(
        previous
        and query.as_you_type
        and previous.as_you_type
        and query.text.startswith(previous.text)
    )

    def before() -> None:
        if forget is not None:
            forget()
            if typing:
                engine.search(previous.text, limit=APP_PAGE, as_you_type=True, facets=False)

    return before


# -- Whoosh, through Myelin --------------------------------------------------------------------


def split_api(engine: SearchEngine) -> bool:
    """Whether this engine ranks the first page apart from counting (`facets=False`)."""
    return "facets" in inspect.signature(engine.search).parameters and hasattr(engine, "add_facets")


class ApiPieces:
    """The parts through the public API: `search(facets=False)`, then `add_facets()`."""

    def __init__(self, engine: SearchEngine) -> None:
        self.engine = engine
        self.snippet_option = "snippets" in inspect.signature(engine.search).parameters

    def first_page(self, query: Query, **options: object):
        return self.engine.search(
            query.text, limit=FIRST_PAGE, as_you_type=query.as_you_type, facets=False, **options
        )

    def results(self, query: Query) -> dict[str, float]:
        """The first page with snippets; `snippets` is the difference to one without any."""
        took = clock(lambda: self.first_page(query))
        if not self.snippet_option:
            return {"results": took, "snippets": 0.0}
        bare = clock(lambda: self.first_page(query, snippets=0))
        return {"results": took, "snippets": max(0.0, took - bare)}

    def facets(self, query: Query) -> tuple[float, int]:
        """`add_facets` on a fresh first page: (seconds, the exact number of matches)."""
        found = self.first_page(query)
        took = clock(lambda: self.engine.add_facets(found))
        return took, found.total


def understand_time(engine: SearchEngine, query: Query) -> float:
    """Understanding the words on its own: synonyms, stem families, widening, corrections."""
    parsed = parse_query(query.text, as_you_type=query.as_you_type)
    with engine.index.lock:  # the searcher is asked for inside: a search before may reopen it
        return clock(
            lambda: Understander(engine.vocabulary, engine.index.searcher()).understand(
                parsed, query.text
            )
        )


def whoosh_engine(engine: SearchEngine, query: Query, repeats: int, budget: float) -> dict:
    """The public calls, with what they returned (hit count, suggestion, messages)."""
    last: list = []

    def whole_call() -> None:
        last[:] = [engine.search(query.text, limit=FIRST_PAGE, as_you_type=query.as_you_type)]

    row: dict[str, object] = {"engine": repeat(whole_call, repeats, budget)}
    row["engine_cpu"] = statistics.median(CPU_TIMES)
    if split_api(engine):
        row["app"] = repeat(
            lambda: engine.search(query.text, limit=APP_PAGE, as_you_type=True, facets=False),
            repeats,
            budget,
        )
        row["app_cpu"] = statistics.median(CPU_TIMES)
        row["app_facets"] = repeat(
            lambda: ApiPieces(engine).facets(Query("app", query.text, True))[0],
            repeats,
            budget,
            timed=True,
        )
    else:
        row["app"] = repeat(
            lambda: engine.search(query.text, limit=APP_PAGE, as_you_type=True), repeats, budget
        )
    found = last[0]
    row |= {
        "hits": len(found.hits),
        "suggestion": found.suggestion,
        "messages": list(found.messages),
    }
    return row


def whoosh_pieces(pieces: ApiPieces, query: Query, repeats: int, budget: float) -> dict:
    """The parts, each the median of up to `repeats` runs."""
    runs: list[dict[str, float]] = []
    while len(runs) < repeats and sum(r["results"] for r in runs) <= budget:
        runs.append(pieces.results(query))
    counted = []
    while len(counted) < repeats and sum(c[0] for c in counted) <= budget:
        counted.append(pieces.facets(query))
    row: dict[str, object] = {
        "results": statistics.median(r["results"] for r in runs),
        "snippets": statistics.median(r["snippets"] for r in runs),
        "facets": statistics.median(c[0] for c in counted),
        "total": counted[0][1],
    }
    if parse_query(query.text, as_you_type=query.as_you_type).words:
        row["suggest"] = repeat(
            lambda: understand_time(pieces.engine, query), repeats, budget, timed=True
        )
    return row


def repeat(action: Callable[[], object], repeats: int, budget: float, timed: bool = False) -> float:
    """Median seconds of up to `repeats` runs, stopping early once `budget` seconds are spent.

    With `timed`, `action` returns its own duration (it leaves out taking the lock).
    """
    times: list[float] = []
    CPU_TIMES.clear()
    while len(times) < repeats and sum(times) <= budget:
        times.append(action() if timed else clock(action))  # type: ignore[arg-type]
    return statistics.median(times)


# -- SQLite FTS5, the anchor -------------------------------------------------------------------

#: Column weights for bm25: Myelin's per-field boosts when its index had one field per part.
FTS_WEIGHTS = {"title": 2.0, "takeaway": 1.5, "body": 1.0, "considerations": 0.5, "topic_text": 1.0}
FTS_COLUMNS = tuple(FTS_WEIGHTS)
FTS_SCHEMA = f"""
CREATE VIRTUAL TABLE docs USING fts5({", ".join(FTS_COLUMNS)},
    tokenize = 'porter unicode61', prefix = '2 3 4');
CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT, kind TEXT, year INT,
    credibility INT, date TEXT);
CREATE TABLE topics(rowid INT, topic TEXT);
CREATE INDEX topics_by_topic ON topics(topic, rowid);
CREATE INDEX topics_by_row ON topics(rowid);
"""
BM25_WEIGHTS = ", ".join(str(weight) for weight in FTS_WEIGHTS.values())


def fts5_build(library: Library) -> tuple[sqlite3.Connection, float]:
    """An in-memory FTS5 index of the same articles; returns it and the build time."""
    started = time.perf_counter()
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.executescript(FTS_SCHEMA)
    for rowid, article in enumerate(library.articles.values(), start=1):
        db.execute(
            "INSERT INTO docs(rowid, title, takeaway, body, considerations, topic_text) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                rowid,
                article.title,
                article.takeaway,
                article.body,
                article.considerations,
                " ".join(article.topics),
            ),
        )
        db.execute(
            "INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?)",
            (
                rowid,
                article.id,
                article.kind,
                article.year,
                article.credibility or 0,
                article.date.isoformat(),
            ),
        )
        db.executemany("INSERT INTO topics VALUES (?, ?)", [(rowid, t) for t in article.topics])
    db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    db.commit()
    return db, time.perf_counter() - started


def fts_phrase(words: tuple[str, ...], prefix: bool = False) -> str:
    text = " ".join(re.sub(r"[^\w\s-]", " ", w).replace("-", " ") for w in words).strip()
    if not text:
        return ""
    return f'"{text}"' + ("*" if prefix else "")


def fts5_match(parsed: ParsedQuery) -> str:
    """The FTS5 MATCH expression for a parsed query, as close to Myelin's as FTS5 allows."""
    concepts = [
        fts_phrase((w,), prefix=w == parsed.partial and len(w) >= PREFIX_MIN) for w in parsed.words
    ]
    concepts = [c for c in concepts if c]
    required = [p for p in (fts_phrase(ph) for ph in parsed.phrases) if p]
    if required:
        expression = " AND ".join(required)
    elif concepts:
        expression = " OR ".join(concepts)
    else:
        return ""
    excluded = [p for p in (fts_phrase(e) for e in parsed.excluded) if p]
    if excluded:
        expression = f"({expression}) NOT ({' OR '.join(excluded)})"
    return expression


def fts5_filters(parsed: ParsedQuery, library: Library) -> tuple[str, list[object]]:
    clauses: list[str] = []
    values: list[object] = []
    for topic in parsed.topics:
        clauses.append("meta.rowid IN (SELECT rowid FROM topics WHERE topic = ?)")
        values.append(library.topics.canonical(topic))
    if parsed.kind:
        clauses.append("meta.kind = ?")
        values.append(parsed.kind)
    if parsed.years:
        clauses.append("meta.year BETWEEN ? AND ?")
        values += list(parsed.years)
    if parsed.credibility:
        clauses.append("meta.credibility BETWEEN ? AND ?")
        values += list(parsed.credibility)
    return " AND ".join(clauses), values


def fts5_sql(query: Query, library: Library) -> tuple[str, str, list[object]] | None:
    """(match expression, extra WHERE, its values), or None when there is nothing to run."""
    parsed = parse_query(query.text, as_you_type=query.as_you_type)
    match = fts5_match(parsed)
    where, values = fts5_filters(parsed, library)
    if not match and not where:
        return None
    return match, where, values


def fts5_results(db: sqlite3.Connection, sql: tuple[str, str, list[object]]) -> int:
    """First page with snippets plus the total count; returns the count."""
    match, where, values = sql
    if not match:
        condition = where
        db.execute(
            f"SELECT id FROM meta WHERE {condition} ORDER BY date DESC LIMIT {FIRST_PAGE}", values
        ).fetchall()
        return db.execute(f"SELECT count(*) FROM meta WHERE {condition}", values).fetchone()[0]
    extra = f" AND {where}" if where else ""
    db.execute(
        f"SELECT meta.id, snippet(docs, -1, '[', ']', '…', 24), bm25(docs, {BM25_WEIGHTS}) AS s "
        f"FROM docs JOIN meta ON meta.rowid = docs.rowid WHERE docs MATCH ?{extra} "
        f"ORDER BY s LIMIT {FIRST_PAGE}",
        [match, *values],
    ).fetchall()
    count = "SELECT count(*) FROM docs JOIN meta ON meta.rowid = docs.rowid WHERE docs MATCH ?"
    return db.execute(count + extra, [match, *values]).fetchone()[0]


def fts5_facets(db: sqlite3.Connection, sql: tuple[str, str, list[object]]) -> None:
    match, where, values = sql
    if match:
        extra = f" AND {where}" if where else ""
        rows = (
            f"SELECT meta.rowid FROM docs JOIN meta ON meta.rowid = docs.rowid "
            f"WHERE docs MATCH ?{extra}"
        )
        params = [match, *values]
    else:
        rows, params = f"SELECT rowid FROM meta WHERE {where}", values
    db.execute(
        f"SELECT topic, count(*) FROM topics WHERE rowid IN ({rows}) GROUP BY topic", params
    ).fetchall()


def fts5_once(db: sqlite3.Connection, library: Library, query: Query) -> dict[str, float]:
    sql = fts5_sql(query, library)
    if sql is None:
        return {"fts5_results": 0.0, "fts5_facets": 0.0, "fts5_total": 0}
    started = time.perf_counter()
    total = fts5_results(db, sql)
    middle = time.perf_counter()
    fts5_facets(db, sql)
    finished = time.perf_counter()
    return {"fts5_results": middle - started, "fts5_facets": finished - middle, "fts5_total": total}


def fts5_row(db: sqlite3.Connection, library: Library, query: Query, repeats: int) -> dict:
    runs = [fts5_once(db, library, query) for _ in range(repeats)]
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


# -- the whole set -----------------------------------------------------------------------------


def warm_up(pieces: ApiPieces, db: sqlite3.Connection, library: Library) -> None:
    """One pass of the cheap parts over every query: searcher, caches and pages are warm."""
    for query in QUERIES:
        pieces.results(query)
        pieces.facets(query)
        fts5_once(db, library, query)


def run_queries(
    engine: SearchEngine,
    db: sqlite3.Connection,
    repeats: int,
    budget: float = 1.0,
    progress: Callable[[str], None] | None = None,
) -> list[dict[str, object]]:
    """One row per query: the median of each timing over up to `repeats` runs.

    A timing stops being repeated for a query once `budget` seconds have gone
    on it, so a query that takes seconds is run once rather than `repeats` times.
    """
    pieces = ApiPieces(engine)
    warm_up(pieces, db, engine.library)
    rows = []
    for previous, query in zip([None, *QUERIES], QUERIES, strict=False):
        if progress:
            progress(query.text)
        BEFORE_EACH[:] = [cache_state(engine, query, previous)]
        row: dict[str, object] = {"kind": query.kind, "text": query.text}
        row |= whoosh_pieces(pieces, query, repeats, budget)
        row |= fts5_row(db, engine.library, query, repeats)
        row |= whoosh_engine(engine, query, repeats, budget)
        rows.append(row)
    BEFORE_EACH.clear()
    return rows
