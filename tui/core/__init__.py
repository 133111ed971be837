"""The domain layer: articles, library, index, search and reading state.

Nothing in this package may import Textual; the CLI, the app and the tests
all stand on it (tests/test_layers.py checks).
"""
