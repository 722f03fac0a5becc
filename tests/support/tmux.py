"""A real terminal for tests: tmux running a command, keys sent in, the screen read back."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import time
from pathlib import Path

_counter = itertools.count()


class Tmux:
    """One tmux server (its own socket) with one session running one command."""

    def __init__(
        self, command: list[str], *, env: dict[str, str], width: int = 80, height: int = 24
    ) -> None:
        if shutil.which("tmux") is None:
            raise RuntimeError("tmux is not installed")
        self.socket = f"tnews-test-{os.getpid()}-{next(_counter)}"
        self.env = env
        term = env.get("TERM", "xterm-256color")
        inner = " ".join(_quote(part) for part in command)
        self._tmux(
            "-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", str(width), "-y",
            str(height), f"env TERM={_quote(term)} {inner}; sleep 0.5",
        )  # fmt: skip
        self._tmux("set-option", "-t", "t", "remain-on-exit", "on")

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=30,
        )
        return done.stdout

    def send(self, *keys: str) -> None:
        """Type keys (tmux key names, e.g. Enter, Escape, or literal characters)."""
        for key in keys:
            self._tmux("send-keys", "-t", "t", key)

    def screen(self) -> list[str]:
        """The visible screen, one string a row, as the terminal shows it."""
        return self._tmux("capture-pane", "-p", "-t", "t").split("\n")

    def type(self, text: str) -> None:
        """Type text literally (no key names), as fast as a paste."""
        self._tmux("send-keys", "-t", "t", "-l", text)

    def resize(self, width: int, height: int) -> None:
        """Resize the terminal, as a user dragging the window would."""
        self._tmux("resize-window", "-t", "t", "-x", str(width), "-y", str(height))

    def settled(self, timeout: float = 10.0) -> list[str]:
        """Poll until the screen stops changing (bounded); returns it."""
        deadline = time.monotonic() + timeout
        screen = self.screen()
        while time.monotonic() < deadline:
            time.sleep(0.1)
            again = self.screen()
            if again == screen:
                return screen
            screen = again
        return screen

    def record(self, path: Path) -> None:
        """Write every byte the program sends to the terminal into path."""
        self._tmux("pipe-pane", "-o", "-t", "t", f"cat >> {_quote(str(path))}")

    def wait_for(self, text: str, timeout: float = 30.0) -> list[str]:
        """Poll the screen until text shows (bounded); returns the screen."""
        deadline = time.monotonic() + timeout
        screen = self.screen()
        while time.monotonic() < deadline:
            screen = self.screen()
            if any(text in row for row in screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never showed; screen was:\n" + "\n".join(screen))

    def alive(self) -> bool:
        """True while the program runs."""
        return self._tmux("list-panes", "-t", "t", "-F", "#{pane_dead}").strip() == "0"

    def close(self) -> None:
        """Stop the tmux server."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"
