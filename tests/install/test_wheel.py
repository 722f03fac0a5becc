"""The wheel carries the styles: build it, install it in a fresh venv, start the reader headless."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

HEADLESS_START = r"""
import asyncio, sys
from tnews.cli.context import Context
from tnews.paths import styles_dir
from tnews.ui.app import TnewsApp
from tnews.ui.widgets.article_list import ArticleList

async def main() -> None:
    ctx = Context()
    app = TnewsApp(ctx.paths, ctx.config, ctx.store, "app")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        sections = app.screen.query_one("#sections")
        articles = app.screen.query_one(ArticleList)
        print("STYLES", styles_dir())
        print("SECTIONS_WIDTH", sections.outer_size.width)
        print("ARTICLES", articles.count)
    ctx.close()

asyncio.run(main())
"""


@pytest.mark.slow
def test_installed_wheel_finds_its_styles_and_starts(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheels = list(dist.glob("tnews-*.whl"))
    assert len(wheels) == 1
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheels[0])],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "TNEWS_HOME": str(tmp_path / "home")}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [str(python), "-c", HEADLESS_START],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    styles = Path(lines["STYLES"])
    assert styles.is_relative_to(env_dir), styles
    assert (styles / "tnews.tcss").is_file()
    assert lines["SECTIONS_WIDTH"] == "28"  # set by the stylesheet, so it was loaded
    assert int(lines["ARTICLES"]) >= 2  # the built-in guide, with no network
    version = subprocess.run(
        [str(env_dir / "bin" / "tnews"), "--version"], capture_output=True, text=True, env=env
    )
    assert version.stdout.startswith("tnews ")
