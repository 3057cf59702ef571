"""`python -m secure_check`: the same as the `secure-check` command."""

from secure_check.cli import main

raise SystemExit(main())
