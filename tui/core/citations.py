"""Citations built only from the source fields an article has: plain text, RIS and BibTeX.

A field the article does not have is left out, never guessed. Authors are
written as the library gives them ("Bjornevik K et al."); for RIS and BibTeX a
name of the form "Surname INITIALS" is turned round to "Surname, I." so that
reference managers do not read the initials as the surname. Any other name
(a consortium) is kept whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tui.core.article import Article, full_stop

FORMATS = ("text", "ris", "bibtex")
_ET_AL = re.compile(r",?\s+et al\.?$")
_PERSON = re.compile(r"(?P<surname>[^,]*[^,\s])\s+(?P<initials>[A-Z]{1,4})")


@dataclass(frozen=True)
class Name:
    """One author: a person (surname and initials) or a group kept whole."""

    surname: str
    initials: str = ""

    def inverted(self) -> str:
        """ "Bjornevik, K." or "Wijnands, J. M. A."; a group's name as written."""
        if not self.initials:
            return self.surname
        return f"{self.surname}, " + " ".join(f"{letter}." for letter in self.initials)


def authors(article: Article) -> tuple[list[Name], bool]:
    """The named authors and whether the list was cut short with "et al."."""
    written = (article.source.authors or "") if article.source else ""
    more = bool(_ET_AL.search(written))
    names = []
    for part in re.split(r";|\s+and\s+", _ET_AL.sub("", written)):
        pieces = part.split(",")
        people = [m for p in pieces if (m := _PERSON.fullmatch(p.strip()))]
        if len(people) == len(pieces):
            names += [Name(m["surname"], m["initials"]) for m in people]
        elif part.strip():
            names.append(Name(part.strip()))
    return names, more


def citable(articles: Iterable[Article]) -> list[Article]:
    """The articles that have a source; explainers written for Myelin have none."""
    return [a for a in articles if a.source is not None]


def text_citation(article: Article) -> str:
    """One line: authors. Title. Journal. Year. URL (explainers: the Myelin title)."""
    source = article.source
    if source is None:
        return f"{full_stop(article.title)} Myelin explainer, {article.date.year}."
    # As PubMed writes them: "doi: 10.x/y. PMID: 123." (the NLM style)
    found = [source.citation()]
    found += [f"doi: {source.doi}."] if source.doi else []
    found += [f"PMID: {source.pmid}."] if source.pmid else []
    found += [source.url] if source.url else []
    return " ".join(found)


def ris(articles: Iterable[Article]) -> str:
    """RIS records (journal articles), one per article with a source."""
    records = []
    for article in citable(articles):
        source = article.source
        if source is None:  # citable() left these out; says so to the type checker
            continue
        names, _ = authors(article)
        lines = ["TY  - JOUR"]
        lines += [f"AU  - {name.inverted()}" for name in names]
        if source.title:
            lines.append(f"TI  - {source.title}")
        lines.append(f"T2  - {source.journal}")
        lines.append(f"JO  - {source.journal}")
        lines.append(f"PY  - {source.year}")
        if source.doi:
            lines.append(f"DO  - {source.doi}")
        if source.pmid:
            lines.append(f"AN  - {source.pmid}")  # the accession number: PubMed's id
        if source.url:
            lines.append(f"UR  - {source.url}")
        lines.append(f"N1  - Plain-language summary in Myelin: {article.title}")
        lines += [f"N1  - Trial registration: {r}" for r in source.registrations]
        lines.append("ER  - ")
        records.append("\n".join(lines))
    return "\n\n".join(records) + ("\n" if records else "")


def bibtex(articles: Iterable[Article]) -> str:
    """BibTeX @article entries, one per article with a source."""
    entries = []
    for article in citable(articles):
        source = article.source
        if source is None:  # citable() left these out; says so to the type checker
            continue
        fields = []
        names, more = authors(article)
        if names:
            written = [
                _escape(n.inverted()) if n.initials else "{" + _escape(n.surname) + "}"
                for n in names
            ]
            fields.append(("author", " and ".join(written + ["others"] * more)))
        if source.title:
            fields.append(("title", "{" + _escape(source.title) + "}"))  # keep "MS", "EBV"
        fields.append(("journal", _escape(source.journal)))
        fields.append(("year", str(source.year)))
        if source.doi:
            fields.append(("doi", _url(source.doi)))  # read verbatim, like a URL
        if source.pmid:
            fields.append(("pmid", source.pmid))
        if source.url:
            fields.append(("url", _url(source.url)))
        note = f"Plain-language summary in Myelin: {article.title}"
        if source.registrations:
            stop = "" if note.endswith((".", "?", "!")) else "."  # not "activity?."
            note += f"{stop} Trial registration: " + ", ".join(source.registrations)
        fields.append(("note", _escape(note)))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@article{{{_bibtex_key(article)},\n{body}\n}}")
    return "\n\n".join(entries) + ("\n" if entries else "")


def _bibtex_key(article: Article) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "", article.id) or "myelin"


def _escape(value: str) -> str:
    """Braces always balance, and TeX's special characters print as themselves."""
    return re.sub(r"[{}&%$#_\\~^]", lambda m: _SPECIAL[m[0]], value)


def _url(url: str) -> str:
    """URLs are read verbatim (url package); only braces and backslashes are encoded."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


# BibTeX counts every brace, even after a backslash, so literal braces become commands.
_SPECIAL = {
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def cite(articles: list[Article], fmt: str) -> str:
    if fmt == "ris":
        return ris(articles)
    if fmt == "bibtex":
        return bibtex(articles)
    return "".join(text_citation(a) + "\n" for a in articles)


#: The file name each export format is written under (in the export folder).
EXPORT_NAMES = {"ris": "myelin-bookmarks.ris", "bibtex": "myelin-bookmarks.bib"}
NOTHING_TO_EXPORT = "Nothing to export: no bookmarked article has a source to cite."


@dataclass(frozen=True)
class Export:
    """Bookmarks' citations as one file: its text, its name, and what it holds in words."""

    text: str
    name: str
    what: str  # "2 citations (1 explainer without a source left out)"


def export_citations(articles: list[Article], fmt: str) -> Export | None:
    """The bookmarks' citations in `fmt` ("ris" or "bibtex"), for the app's `r`/`x` and
    the linear reader's `export`; None when none has a source to cite."""
    cited = citable(articles)
    if not cited:
        return None
    what = f"{len(cited)} citation{'s' * (len(cited) != 1)}"
    if left := len(articles) - len(cited):
        what += f" ({left} explainer{'s' * (left != 1)} without a source left out)"
    return Export(cite(cited, fmt), EXPORT_NAMES[fmt], what)
