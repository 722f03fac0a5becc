"""Links from untrusted text: which may be opened, and how, without a shell."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from urllib.parse import unquote, urlsplit

# Links to these are files, not articles: they go to the browser (or the clipboard).
_FILE_SUFFIXES = (
    ".pdf", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".mp3", ".mp4", ".m4a", ".webm",
    ".zip", ".gz", ".xlsx", ".docx", ".pptx", ".apk", ".exe", ".dmg",
)  # fmt: skip


def is_web_url(url: str) -> bool:
    """An absolute http(s) URL with a host and nothing that could act as an option or escape."""
    if not url or any(ord(c) < 33 or ord(c) == 127 or 0x80 <= ord(c) < 0xA0 for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def looks_like_article(url: str) -> bool:
    """A web page worth reading in place (not an image, a PDF or a download)."""
    if not is_web_url(url):
        return False
    return not urlsplit(url).path.lower().endswith(_FILE_SUFFIXES)


def can_open_browser(env: dict[str, str] | None = None) -> bool:
    """True when a graphical browser can open here: not over SSH, and a display exists."""
    env = dict(os.environ) if env is None else env
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        return False
    if env.get("BROWSER"):
        return True
    if sys.platform == "darwin":
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")) and bool(shutil.which("xdg-open"))


def browser_command(url: str, env: dict[str, str] | None = None) -> list[str] | None:
    """The argv that opens url in a browser, or None. Never a shell command line."""
    if not is_web_url(url) or not can_open_browser(env):
        return None
    env = dict(os.environ) if env is None else env
    browser = env.get("BROWSER", "").split(os.pathsep)[0].strip()
    if browser:
        argv = shlex.split(browser)
        if any("%s" in part for part in argv):
            return [part.replace("%s", url) for part in argv]
        return [*argv, url]
    if sys.platform == "darwin":
        return ["open", url]
    opener = shutil.which("xdg-open")
    return [opener, url] if opener else None


def open_in_browser(url: str) -> bool:
    """Start a browser on url in its own session, detached from the terminal."""
    argv = browser_command(url)
    if argv is None:
        return False
    try:
        subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    return True


# Query parameters that say how a reader came to a link, not which page it is.
_TRACKING_PREFIXES = ("utm_", "at_")
_TRACKING_NAMES = frozenset(
    {"traffic_source", "traffic_medium", "fbclid", "gclid", "dclid", "yclid", "msclkid",
     "mc_cid", "mc_eid", "igshid", "ocid", "_ga"}
)  # fmt: skip
_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNSAFE = re.compile("[\x00-\x20\x7f-\x9f]")


def link_key(url: str) -> str:
    """A link as compared for sameness: scheme and host case, default ports, a trailing
    slash, the fragment and tracking parameters make no difference. Empty for non-web links."""
    # Worked out for every entry a refresh stores: one urlsplit, and no more work than a
    # plain link needs.
    url = url.strip()
    if not url[:8].lower().startswith(("http://", "https://")) or _UNSAFE.search(url):
        return ""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    host = (parts.hostname or "").rstrip(".")
    if not host:
        return ""
    if port is not None and port != _DEFAULT_PORTS[parts.scheme.lower()]:
        host = f"{host}:{port}"
    # Feeds of one site may give a path percent-encoded or not (Arabic slugs).
    path = unquote(parts.path) if "%" in parts.path else parts.path
    key = f"//{host}{path.rstrip('/') or '/'}"
    if parts.query:
        kept = sorted(
            p for p in parts.query.split("&") if p and not _is_tracking(p.split("=", 1)[0])
        )
        if kept:
            key += "?" + "&".join(kept)
    # http and https of one host are one site: feeds of a site do not always agree on it.
    return key


def link_site(url_or_key: str) -> str:
    """The host of a link or link key, without a leading www."""
    host = urlsplit(url_or_key if "//" in url_or_key else "//" + url_or_key).hostname or ""
    return host.removeprefix("www.")


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in _TRACKING_NAMES or name.startswith(_TRACKING_PREFIXES)
