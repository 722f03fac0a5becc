"""The fork server starts while the fetches go out, when there will be feeds to parse, and
not for a refresh that only hears 304s. Each check runs in a fresh process: the fork server
is one per process, and a test run has usually started it long before."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.feedserver import FeedServer
from tnews.paths import get_paths

# The child processes of this process whose command line names the fork server.
FORK_SERVERS = """
import os
def fork_servers():
    found = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                command = cmdline.read()
        except OSError:
            continue
        found += parent == os.getpid() and b"forkserver" in command
    return found
"""


def _run(code: str, env: dict[str, str] | None = None) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", FORK_SERVERS + code],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


WARM_UP = """
import time
from tnews.feeds.pool import ParsePool, available_cores, current_pid
pool = ParsePool(workers=1)
before = fork_servers()
pool.warm_up()
deadline = time.monotonic() + 30
while not fork_servers() and time.monotonic() < deadline and available_cores() > 1:
    time.sleep(0.01)
started = fork_servers()
with pool:
    worker = pool.run_sync(current_pid, timeout=30)
print(before, started, available_cores() > 1, worker != os.getpid())
"""


def test_warming_up_starts_the_fork_server_before_any_parse() -> None:
    before, started, spare_core, in_worker = _run(WARM_UP)
    assert before == "0"
    # With a core to spare it starts at once; on one core it waits for the first parse.
    assert started == ("1" if spare_core == "True" else "0")
    assert in_worker == "True"


def test_on_one_core_warming_up_waits_for_the_first_parse() -> None:
    one_core = f"os.sched_setaffinity(0, {{min(os.sched_getaffinity(0))}})\n{WARM_UP}"
    before, started, spare_core, in_worker = _run(one_core)
    assert (before, started, spare_core, in_worker) == ("0", "0", "False", "True")


REFRESH = """
from tnews.cli.main import main
code = main(["fetch", "--no-index"])
print(code, fork_servers())
"""


def test_a_refresh_of_304s_starts_no_parse_workers(
    feed_server: FeedServer, tnews_home: Path
) -> None:
    urls = [feed_server.serve_fixture(name) for name in ("arabic_rss2.xml", "mixed_atom.xml")]
    get_paths().ensure().config_file.write_text(
        "".join(f'[[feeds]]\nurl = "{url}"\n' for url in urls), encoding="utf-8"
    )
    env = {**os.environ, "TNEWS_HOME": str(tnews_home), "NO_COLOR": "1"}
    # The first fetch has no validators yet: everything comes whole and is parsed.
    first = _run(REFRESH, env)
    assert first[-2:] == ["0", "1"]
    # The second hears only 304s: nothing to parse, and no fork server started for it.
    second = _run(REFRESH, env)
    assert second[-2:] == ["0", "0"]
    assert all(feed_server.hits(path) == 2 for path in ("/arabic_rss2.xml", "/mixed_atom.xml"))
