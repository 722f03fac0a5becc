"""No verdict depends on the calendar: the date-bearing tests again on other days and zones.

The suite runs at one pinned moment (tests/conftest.py). Here the tests that store, keep,
list, draw and export dates run once more in a child pytest for each calendar below, all at
once, so a test that holds only on the day it was written fails that day, not a week later.
Any calendar can be tried on the whole suite by hand:
TNEWS_TEST_NOW=2027-12-31T23:30:00+00:00 TNEWS_TEST_TZ=America/Los_Angeles python -m pytest
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Where dates are parsed, stored, kept or dropped, listed, drawn and exported.
DATE_BEARING = [
    "tests/core",
    "tests/cli",
    "tests/hostile/test_bidi.py",
    "tests/feeds/test_fields.py",
    "tests/net/test_fetch_basic.py",
    "tests/net/test_decode.py",
    "tests/ui/test_list_dates.py",
    "tests/ui/test_snapshots.py",
    "tests/ui/test_first_seen.py",
    "tests/ui/test_timer_and_queries.py",
]
CALENDARS = {
    # A year after the pinned moment, where the local date (UTC+3) is already the next year.
    "last night of a year, Riyadh": ("2027-12-31T23:30:00+00:00", "Asia/Riyadh"),
    # Before the built-in guide's articles were written: they lie in the future.
    "before the guide, Los Angeles": ("2026-11-01T10:00:00+00:00", "America/Los_Angeles"),
    # A week after the pinned moment, a month later in a new year.
    "a week and a month later, UTC": ("2027-01-08T10:00:00+00:00", "UTC"),
}


@pytest.mark.slow
def test_date_bearing_tests_hold_on_other_days(tmp_path: Path) -> None:
    runs = {}
    for index, (calendar, (now, zone)) in enumerate(CALENDARS.items()):
        env = {**os.environ, "TNEWS_TEST_NOW": now, "TNEWS_TEST_TZ": zone}
        argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        argv += ["-m", "not slow", "--basetemp", str(tmp_path / f"run{index}"), *DATE_BEARING]
        runs[calendar] = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
    report, failed = [], []
    for calendar, run in runs.items():
        out, _ = run.communicate(timeout=1200)
        lines = out.strip().splitlines()
        report.append(f"{calendar}: {lines[-1] if lines else 'no output'}")
        if run.returncode != 0:
            failed += [f"{calendar}: {line}" for line in lines if line.startswith("FAILED")]
            failed += [] if failed else [f"{calendar}:", *lines[-30:]]
    print("\n".join(report))
    assert not failed, "\n".join(report + failed)
