"""Run tnews as `python -m tnews`."""

from tnews.cli.main import main

# The guard matters: parse workers start by re-importing the main module.
if __name__ == "__main__":
    raise SystemExit(main())
