"""Opening links from untrusted text: never a shell, only http(s), never an option."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from tnews.links import browser_command, is_web_url, looks_like_article, open_in_browser


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<b>x</b>",
        "-new-window",
        "--remote=evil",
        "https://",
        "https://example.com/a b",
        "https://example.com/\n--option",
        "https://example.com/\x1b]52;c;AAAA\x07",
        "https://example.com/\x9b2J",
        "mailto:someone@example.com",
        "",
    ],
)
def test_only_clean_web_urls_pass(url: str) -> None:
    assert not is_web_url(url)
    assert browser_command(url, {"BROWSER": "firefox"}) is None


def test_web_urls_pass_and_files_are_not_articles() -> None:
    assert is_web_url("https://news.example.ly/2026/11/29/x/?a=1&b=%D8%A7")
    assert looks_like_article("https://news.example.ly/2026/11/29/x/")
    assert not looks_like_article("https://news.example.ly/report.PDF")
    assert not looks_like_article("ftp://news.example.ly/x")


def test_no_browser_over_ssh_or_without_a_display() -> None:
    url = "https://example.com/"
    assert browser_command(url, {"SSH_CONNECTION": "1 2 3 4", "BROWSER": "firefox"}) is None
    assert browser_command(url, {"SSH_TTY": "/dev/pts/1", "DISPLAY": ":0"}) is None
    if sys.platform != "darwin":
        assert browser_command(url, {}) is None


def test_the_browser_gets_the_url_as_one_argument() -> None:
    url = "https://example.com/a"
    assert browser_command(url, {"BROWSER": "firefox --new-tab"}) == ["firefox", "--new-tab", url]
    assert browser_command(url, {"BROWSER": "open-it %s --flag"}) == ["open-it", url, "--flag"]


def test_a_real_browser_launch_runs_no_shell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "browser.py"
    record = tmp_path / "argv.txt"
    script.write_text(
        f"import sys\nopen({str(record)!r}, 'w').write('\\n'.join(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("BROWSER", f"{sys.executable} {script}")
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    monkeypatch.chdir(tmp_path)
    url = "https://example.com/;touch%20pwned&x=$(touch pwned2)`touch pwned3`"
    assert not is_web_url(url)  # spaces are not allowed in the first place
    url = "https://example.com/;touch${IFS}pwned&x=$(touch${IFS}pwned2)`id`|tee>pwned3"
    assert open_in_browser(url)
    for _ in range(100):
        if record.exists():
            break
        time.sleep(0.05)
    assert record.read_text(encoding="utf-8") == url
    assert not list(tmp_path.glob("pwned*"))
