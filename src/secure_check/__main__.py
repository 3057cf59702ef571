"""`python -m secure_check`: the same as the `secure-check` command."""

from secure_check.cli.main import main

# NOTE: the guard matters where workers are spawned (macOS, Windows): they re-import this module.
if __name__ == "__main__":
    raise SystemExit(main())
