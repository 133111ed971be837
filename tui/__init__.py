"""Myelin: an offline terminal reader for plain-language MS research summaries."""

__version__ = "0.1.0"
