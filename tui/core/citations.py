"""Citations built only from the source fields an article has: plain text, RIS and BibTeX.

A field the article does not have is left out, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tui.core.article import Article

FORMATS = ("text", "ris", "bibtex")


def _authors(article: Article) -> list[str]:
    """Authors as written ("Bjornevik K et al." stays one name, with "et al." dropped for RIS)."""
    if not article.source or not article.source.authors:
        return []
    names = [n.strip() for n in re.split(r";|, and | and ", article.source.authors) if n.strip()]
    return names


def text_citation(article: Article) -> str:
    """One line: authors. Title. Journal. Year. URL. (Summary: Myelin title.)"""
    source = article.source
    if source is None:
        return f"{article.title}. Myelin explainer, {article.date.year}."
    return source.citation() + (f" {source.url}" if source.url else "")


def ris(articles: Iterable[Article]) -> str:
    """RIS records (journal articles), one per article with a source."""
    records = []
    for article in articles:
        source = article.source
        if source is None:
            continue
        lines = ["TY  - JOUR"]
        lines += [f"AU  - {_ris_author(name)}" for name in _authors(article)]
        if source.title:
            lines.append(f"TI  - {source.title}")
        lines.append(f"JO  - {source.journal}")
        lines.append(f"PY  - {source.year}")
        if source.url:
            lines.append(f"UR  - {source.url}")
        lines.append(f"N1  - Plain-language summary in Myelin: {article.title}")
        lines.append("ER  - ")
        records.append("\n".join(lines))
    return "\n\n".join(records) + ("\n" if records else "")


def _ris_author(name: str) -> str:
    return re.sub(r"\s+et al\.?$", "", name).strip()


def bibtex(articles: Iterable[Article]) -> str:
    """BibTeX @article entries, one per article with a source."""
    entries = []
    for article in articles:
        source = article.source
        if source is None:
            continue
        fields = []
        authors = [_ris_author(n) for n in _authors(article)]
        if authors:
            others = " and others" if "et al" in (source.authors or "") else ""
            fields.append(("author", " and ".join(authors) + others))
        if source.title:
            fields.append(("title", source.title))
        fields.append(("journal", source.journal))
        fields.append(("year", str(source.year)))
        if source.url:
            fields.append(("url", source.url))
        fields.append(("note", f"Plain-language summary in Myelin: {article.title}"))
        body = ",\n".join(f"  {name} = {{{_bibtex_escape(value)}}}" for name, value in fields)
        entries.append(f"@article{{{_bibtex_key(article)},\n{body}\n}}")
    return "\n\n".join(entries) + ("\n" if entries else "")


def _bibtex_key(article: Article) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "", article.id) or "myelin"


def _bibtex_escape(value: str) -> str:
    """Braces balance and the BibTeX special characters are escaped."""
    value = value.replace("\\", r"\textbackslash{}")
    value = re.sub(r"([{}&%$#_])", r"\\\1", value)
    return value.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


def cite(articles: list[Article], fmt: str) -> str:
    if fmt == "ris":
        return ris(articles)
    if fmt == "bibtex":
        return bibtex(articles)
    return "".join(text_citation(a) + "\n" for a in articles)
