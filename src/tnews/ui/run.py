"""Starting the reader from the command line."""

from __future__ import annotations

import sys

from tnews.cli.context import Context

# Terminals with a bidi engine of their own (ECMA-48 BDSM) would reverse our already
# ordered rows again; "explicit" mode tells them not to.
BDSM_EXPLICIT = "\x1b[8l"
BDSM_IMPLICIT = "\x1b[8h"


def run_reader(ctx: Context) -> int:
    """Open the reader on the store (works offline: it shows what is stored)."""
    from tnews.ui.app import TnewsApp
    from tnews.ui.processes import start_process_helpers

    app = TnewsApp(ctx.paths, ctx.config, ctx.store, ctx.bidi_mode)
    # Started now, before the screen is drawn, the first refresh does not pay for them.
    start_process_helpers()
    switch = ctx.bidi_mode == "app" and sys.stdout.isatty()
    if switch:
        sys.stdout.write(BDSM_EXPLICIT)
        sys.stdout.flush()
    try:
        app.run()
    finally:
        if switch:
            sys.stdout.write(BDSM_IMPLICIT)
            sys.stdout.flush()
    return app.return_code or 0
