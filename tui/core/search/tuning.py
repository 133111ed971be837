"""Every tuning constant of search, with what chose it.

`make eval` (benchmarks/eval.py, graded questions) measures ranking quality and
`make bench` (benchmarks/search_bench.py) speed; change a value here, run both.
The ranking constants of the index itself (title and takeaway weights, BM25's K1)
live with the schema in tui/core/index.py.
"""

# -- which words count ---------------------------------------------------------------------

#: A word in at least this share of the articles, and in at least `COMMON_MIN` of them, is
#: common: it only adds to the score of the articles rarer words find, and finds articles
#: itself by their titles. Below a few thousand articles every word is scored alike: that is
#: cheap there. (Speed: `make bench` at 10k; `relapses` is in ~70% of articles.)
COMMON_SHARE, COMMON_MIN = 0.3, 1000

#: A word in at least this share of the articles (and `NEAR_STOP_MIN` of them) says almost
#: nothing about which to read ("MS" is in nearly all): when other words are typed it
#: neither finds articles nor counts towards the share of the question matched, and the
#: count shown is of the articles the other words find. (eval: "can ms be cured",
#: "will my daughter get ms too".)
NEAR_STOP_SHARE, NEAR_STOP_MIN = 0.6, 10

# -- how concepts widen --------------------------------------------------------------------

#: A synonym scores as this share of the word typed: a group scores as its best variant,
#: and an article using the reader's own word comes first. (eval: "relapse", "ocrevus".)
SYNONYM_WEIGHT = 0.9
#: A topic alias finds its topic's own words at this share: "PPMS" reaches "progressive MS"
#: but prefers articles that say "PPMS" or "primary progressive". (eval: "primary progressive".)
TOPIC_WEIGHT = 0.6
#: Other words of a stem family ("misdiagnosed" -> "misdiagnosis") at this share.
FAMILY_WEIGHT = 0.8
#: A word widened to the index words it begins ("pregnan" -> "pregnancy").
PREFIX_WEIGHT = 2.0  # the `prefix` field holds titles and takeaways only: a strong signal
#: Shortest unfinished word widened when it is in no article (shorter ones match too much).
WIDEN_MIN = 4

# -- confident spelling correction ---------------------------------------------------------

#: A word in no article is replaced by a close spelling when it is at most this many edits
#: away (1 for words up to `SHORT_WORD` letters), the spelling is in at least `CORRECT_MIN`
#: articles, and no other spelling as close is nearly as common (`CORRECT_LEAD` times).
CORRECT_EDITS, SHORT_WORD, CORRECT_MIN, CORRECT_LEAD = 2, 5, 1, 3.0

# -- scoring -------------------------------------------------------------------------------

#: A question in plain words ("what is a relapse?") is best answered by an explainer, written
#: for it: explainers' scores are multiplied by this for questions. (eval: "what is a
#: relapse", "why am i always so tired"; 1.0-1.5 tried on the tuning part.)
QUESTION_EXPLAINER_BOOST = 1.2
QUESTION_WORDS = frozenset(
    [
        "what",
        "why",
        "how",
        "can",
        "is",
        "are",
        "does",
        "do",
        "will",
        "should",
        "could",
        "which",
        "when",
    ]
)
#: Words that ask what something means, anywhere in a search: it is a question too ("mri
#: lesions meaning"). eval 2026-12-02 (rank6): qa4 0.841 -> 0.854, fresh5 0.825 -> 0.831
#: ("mri lesions meaning" 0.63 -> 0.98), other parts unchanged.
MEANING_WORDS = frozenset(["mean", "means", "meaning"])
#: A search whose every word names a topic ("relapse", "fatigue", "is ms hereditary") puts
#: the explainer whose first topic it is first: its score is multiplied by this (topic_lead.py).
#: eval 2026-12-02: tuning 0.874 -> 0.879, fresh 0.846 -> 0.862, held-out 0.958 unchanged
#: ("relapse" 0.35 -> 0.68, "fatigue" 0.74 -> 0.95); 1.15-1.5 measured the same, 2.0 lower.
#: Boosting every article whose first topic is named (not only explainers) lifted drug
#: trials over answers ("ms vs nmosd" 0.86 -> 0.69), and boosting for searches with other
#: words too cost held-out ("pills for ms tiredness" 0.99 -> 0.84): neither kept.
TOPIC_LEAD_BOOST = 1.3
#: An article mainly about a condition other than MS (its first topic in a category marked
#: `other_conditions:` in topics.yaml: NMOSD, MOGAD) scores this share, unless the search
#: names such a condition (topic_lead.py). eval 2026-12-02: tuning 0.889 -> 0.896, fresh
#: 0.929 -> 0.935, held-out 0.958 unchanged ("steroids for a relapse" 0.55 -> 0.83, "how
#: are the ms drugs different" 0.60 -> 0.87); 0.5 and 0.8 measured within 0.002 of 0.7.
OTHER_CONDITION_SHARE = 0.7
#: A search of a name alone (one glossary name, no topic: "teriflunomide", "Tysabri"): an
#: article mainly about a particular group or situation (its first topic in a category marked
#: `particular:` in topics.yaml: children, pregnancy, vaccines, side effects, stopping) scores
#: this share (topic_lead.py). eval 2026-12-02 (QA4 Q4): qa4b 0.666 -> 0.758, fresh3 0.858 ->
#: 0.877, tuning 0.909 -> 0.913, others unchanged; 0.7 measured 0.001 lower on qa4b and fresh2.
#: Marking "Diagnosis and monitoring" too (the RIS trials) cost "CIS" and "oligoclonal bands".
PARTICULAR_SHARE = 0.8
#: A search about one glossary name (alone, or with other words: "tecfidera side effects"):
#: an article named for it (its file name begins with the name, "teriflunomide-temso") scores
#: this much more (topic_lead.py). eval 2026-12-02 (rank6), a name alone: qa4b 0.820 -> 0.860
#: ("teriflunomide", "aubagio" 0.62 -> 0.90), fresh2 0.867 -> 0.874, fresh3 0.906 -> 0.917,
#: fresh5 0.842 -> 0.852, others unchanged; 1.1 and 1.35 measured the same. Titles that begin
#: with the name gained less (qa4b 0.838): the RIS trial's title begins "Teriflunomide" too.
#: With other words too: tuning 0.920 -> 0.922, fresh 0.937 -> 0.938, fresh2 -> 0.876,
#: fresh4 0.895 -> 0.896, qa4 0.854 -> 0.861, fresh5 -> 0.855 ("tecfidera side effects").
NAMED_FOR_BOOST = 1.2
#: An article whose title holds a word as typed that was widened to other names (synonyms,
#: glossary, topic) scores this much more: "wheelchair" before "disability" (literal.py).
LITERAL_TITLE_BOOST = 1.5
COORDINATED = 200  # how many of the best matches `coordinated` looks at

# -- saying "nothing on that" (coverage.py) -----------------------------------------------

#: A question of 2 to this many concepts ("cure for diabetes") whose specific ones (in at
#: most `SPECIFIC_SHARE` of the articles) no article matches together is said to match
#: only in part. Longer questions are rarely matched whole.
TOGETHER_MAX, SPECIFIC_SHARE = 3, 0.1
#: A concept no article gives this much weight (a title word 6, a takeaway word 3, each
#: time in the body 1) is only mentioned in passing ("psoriasis": once, in one article).
PASSING_WEIGHT = 2.0
#: A glossary phrase found as a phrase scores this much more than its words apart.
PHRASE_BOOST = 1.0
TIME_LIMIT = 0.5  # seconds of scoring before showing what was found so far
POSTINGS_KEPT = 1_000_000  # decoded postings kept between searches: 12 MB

# -- presenting ----------------------------------------------------------------------------

SNIPPETS = 12  # snippets cost a re-read of the text: only for the rows a screen shows
