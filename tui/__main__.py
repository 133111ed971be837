"""`python -m tui` does what the `myelin` command does."""

from tui.cli import main

raise SystemExit(main())
