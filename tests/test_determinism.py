"""Two builds of the same commit, with SOURCE_DATE_EPOCH set, produce byte-identical sites.

The two builds differ in everything that must not matter: the checkout's path, the files'
modification times (as after a fresh clone), Python's hash seed (set iteration order), the
time zone, and the wall-clock time of the build. Whatever the hooks and plugins produce —
pages, search index, sitemap.xml.gz, .docx downloads, scripts — must come out the same.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import IGNORED, ROOT, differences, source_date_epoch, tree

def checkout(destination: Path) -> Path:
    """A copy of the working tree (with .git, so "最后更新" dates come from the same history).
    ``shutil.copy`` gives every file a new modification time, as a fresh clone would."""
    shutil.copytree(ROOT, destination, ignore=IGNORED, copy_function=shutil.copy)
    return destination


def build(checkout_dir: Path, site: Path, **env: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=checkout_dir, capture_output=True, text=True, encoding="utf-8",
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1", "SOURCE_DATE_EPOCH": source_date_epoch(),
             **env})
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def two_checkouts(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("determinism")
    return checkout(base / "a"), checkout(base / "second-checkout" / "b")


@pytest.mark.parametrize("variant", [
    {},
    # The offline build (Material's offline plugin, switched on by this variable in mkdocs.yml)
    {"TALKS_OFFLINE": "true"},
], ids=["site", "offline"])
def test_two_builds_of_one_commit_are_byte_identical(two_checkouts, tmp_path, variant):
    if variant and "TALKS_OFFLINE" not in (ROOT / "mkdocs.yml").read_text("utf-8"):
        pytest.skip("mkdocs.yml has no offline build")
    first, second = two_checkouts
    build(first, tmp_path / "one", PYTHONHASHSEED="1", TZ="UTC", **variant)
    time.sleep(1.1)  # a different second of the clock (gzip and zip headers store seconds)
    build(second, tmp_path / "two", PYTHONHASHSEED="2", TZ="Asia/Shanghai", **variant)
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert len(one) > 50 and "sitemap.xml.gz" in one
    differing = differences(one, two)
    assert not differing, "Two builds of the same commit differ:\n  " + "\n  ".join(differing)


def test_the_comparison_can_fail(tmp_path):
    """A changed byte, a missing file: both must be reported (so the test above can fail)."""
    a = {"index.html": b"<p>\xe8\xb0\x88\xe8\xaf\x9d</p>", "sitemap.xml.gz": b"\x1f\x8b\x08\x00\x01"}
    b = {"index.html": b"<p>\xe8\xb0\x88\xe8\xaf\x9d!</p>", "sitemap.xml.gz": b"\x1f\x8b\x08\x00\x02",
         "extra.js": b""}
    report = differences(a, b)
    assert len(report) == 3 and "extra.js" in report[0] and "index.html" in report[1]
    assert differences(a, dict(a)) == []
