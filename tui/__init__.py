"""Myelin: an offline terminal reader for plain-language MS research summaries."""

import logging

__version__ = "0.1.0"

# Log records are for developers: without a handler, Python prints warnings (and their
# tracebacks) to stderr, over the app's screen and into a user's terminal.
logging.getLogger(__name__).addHandler(logging.NullHandler())
