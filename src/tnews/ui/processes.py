"""Letting parse workers start from inside the app.

Textual replaces sys.stdout and sys.stderr with objects that have no usable file
descriptor, and multiprocessing hands sys.stderr's descriptor to the helper processes it
starts first (the resource tracker, the fork server), which then fails. Starting those
helpers once, with the real streams in place, lets every later worker start normally.
"""

from __future__ import annotations

import sys
from multiprocessing import forkserver, resource_tracker

from tnews.feeds.pool import start_method


def start_process_helpers() -> None:
    """Start multiprocessing's helper processes with the real standard streams."""
    saved = sys.stdout, sys.stderr
    if sys.__stdout__ is not None and sys.__stderr__ is not None:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    try:
        resource_tracker.ensure_running()
        if start_method() == "forkserver":
            forkserver.ensure_running()
    finally:
        sys.stdout, sys.stderr = saved
