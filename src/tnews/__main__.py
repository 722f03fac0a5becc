"""Run tnews as `python -m tnews`."""

from tnews.cli.main import main

raise SystemExit(main())
