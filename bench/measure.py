"""Running a command and measuring it: wall time, CPU time, peak memory of it and its workers."""

from __future__ import annotations

import ctypes
import json
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36


@dataclass(frozen=True, slots=True)
class Run:
    """One measured run of a command."""

    wall: float  # seconds
    cpu: float  # user + system seconds of the process and every child it waited for
    maxrss_mb: float  # the largest single process (ru_maxrss from wait4)
    tree_mb: float  # peak proportional set size of the whole process tree, sampled
    status: int
    output: str


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return found


def _pss_kb(pid: int) -> int:
    """Proportional set size: shared pages are split between the processes that map them."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


class TreeSampler(threading.Thread):
    """Samples the summed PSS of a process and its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_kb = 0
        self._done = threading.Event()

    def run(self) -> None:
        """Walk the tree every interval; parse workers come and go, so sample often."""
        while not self._done.is_set():
            # The wrapper itself is not part of what is measured: start from its children.
            todo, total = _children(self.pid), 0
            while todo:
                pid = todo.pop()
                total += _pss_kb(pid)
                todo += _children(pid)
            self.peak_kb = max(self.peak_kb, total)
            self._done.wait(self.interval)

    def stop(self) -> int:
        """Stop sampling; the peak in kB."""
        self._done.set()
        self.join()
        return self.peak_kb


def _reap_all(pid: int, timeout: float) -> tuple[int, float]:
    """Wait for pid, then for every orphan re-parented to us; its exit status and wall time."""
    start = time.perf_counter()
    _, status, _ = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    signal.alarm(int(timeout))  # a descendant that never exits must not hang the benchmark
    try:
        while True:
            os.wait()
    except ChildProcessError:
        pass
    finally:
        signal.alarm(0)
    return os.waitstatus_to_exitcode(status), wall


def _wrapper(result: Path, cmd: list[str]) -> None:
    """Run cmd as a child subreaper, so CPU time of every descendant is counted.

    tnews parses in worker processes started by multiprocessing's fork server; they are not
    tnews's own children, so wait4 on tnews alone would miss their CPU time.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
    status, wall = _reap_all(proc.pid, timeout=60)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    result.write_text(
        json.dumps(
            {
                "wall": wall,
                "cpu": usage.ru_utime + usage.ru_stime,
                "maxrss_kb": usage.ru_maxrss,
                "status": status,
            }
        )
    )


def run_measured(
    cmd: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 1800.0,
) -> Run:
    """Run cmd to its end under the reaping wrapper; also sample its tree's memory."""
    with tempfile.NamedTemporaryFile(suffix=".json") as result:
        wrapper = [sys.executable, os.fspath(Path(__file__).resolve()), result.name, "--"]
        proc = subprocess.Popen(
            [*wrapper, *cmd],
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        sampler = TreeSampler(proc.pid)
        sampler.start()
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
        peak = sampler.stop()
        try:
            figures = json.loads(Path(result.name).read_text() or "{}")
        except ValueError:
            figures = {}
    return Run(
        wall=figures.get("wall", float("nan")),
        cpu=figures.get("cpu", float("nan")),
        maxrss_mb=figures.get("maxrss_kb", 0) / 1024,
        tree_mb=peak / 1024,
        status=figures.get("status", proc.returncode or -1),
        output=output.decode("utf-8", "replace"),
    )


def spread(values: Sequence[float], unit: str = "", digits: int = 2) -> str:
    """Median with min-max, e.g. '1.23 s (1.20-1.30)'."""
    if not values:
        return "-"
    med = statistics.median(values)
    return f"{med:.{digits}f}{unit} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def machine() -> str:
    """Cores, memory, CPU model and Python version of this machine, for the figures' record."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores, {memory:.0f} GiB, {model or platform.processor()}, "
        f"Python {platform.python_version()}"
    )


if __name__ == "__main__":
    # The wrapper: measure.py RESULT -- CMD ...
    _wrapper(Path(sys.argv[1]), sys.argv[3:])
