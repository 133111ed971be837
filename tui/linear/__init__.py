"""The linear reader's parts (`myelin read --plain`, put together in `tui/plain_reader.py`):
what a list says and how it pages, then the app's features in words, a module each."""
