"""`make serve` never hangs on a maintainer's mistake: it keeps serving the last good content,
says what is wrong in the terminal and on the previewed page, and recovers on the next good save.
It renders only what a save changed, and everything that shows the changed data is rendered again."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from dev import SERVE_ARGS

SNIPPET = "snippets/tixing/xiangzhen-shuji-banzi-chengyuan-tixing.yml"
PAGE = "examples/tixing/xiangzhen-shuji-banzi-chengyuan-tixing/"
BANNER = 'class="talks-preview-error"'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    """A page, or fail if the server does not answer within 10 s (a hung preview)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def without_reload_script(html: str) -> str:
    return re.sub(r"reload\(\d+, \d+\)", "reload()", html)


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            result = condition()
        except OSError:
            result = None
        if result:
            return result
        time.sleep(0.5)
    pytest.fail(f"在 {seconds} 秒内没有等到：{what}")


@pytest.fixture()
def preview(repo_copy, tmp_path):
    port = free_port()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", *SERVE_ARGS, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=repo_copy, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"})
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: "谈话工作指引" in fetch(base), 120, "预览启动")
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_a_mistake_keeps_the_last_good_site_with_a_banner_and_the_next_save_recovers(preview, repo_copy):
    base, log = preview
    snippet = Path(repo_copy) / SNIPPET
    good = snippet.read_text("utf-8")
    assert BANNER not in fetch(base + PAGE)

    snippet.write_text(good.replace("部分: 指出问题", "部分: 指出的问题", 1), "utf-8")
    page = wait_for(lambda: (text := fetch(base + PAGE)) and BANNER in text and text, 60, "预览页出现错误提示")
    assert "xiangzhen-shuji-banzi-chengyuan-tixing.yml:" in page and "多出的部分" in page
    assert "群众诉求办理拖沓" in page  # the last good content is still shown
    assert BANNER in fetch(base)  # on every page
    log.seek(0)
    terminal = log.read()
    assert "多出的部分" in terminal and "Traceback" not in terminal

    snippet.write_text(good.replace("群众诉求办理拖沓", "群众诉求办理迟缓", 1), "utf-8")
    page = wait_for(lambda: (text := fetch(base + PAGE)) and BANNER not in text and text, 60, "改正后恢复")
    assert "群众诉求办理迟缓" in page


def test_a_saved_body_updates_its_page_and_a_new_title_reaches_every_page_that_shows_it(preview, repo_copy):
    base, log = preview
    snippet = Path(repo_copy) / SNIPPET
    good = snippet.read_text("utf-8")
    other = base + "examples/jiemian/"
    before_other = fetch(other)
    assert "工作指引" in before_other  # a guidance page's nav title, taken from its front matter

    # A change in the talk's text: its page shows it; the navigation of the page still reads right.
    snippet.write_text(good.replace("群众诉求办理拖沓", "群众诉求办理迟缓", 1), "utf-8")
    page = wait_for(lambda: (text := fetch(base + PAGE)) and "群众诉求办理迟缓" in text and text, 30, "正文改动")
    assert "工作指引" in page and ">Tanxin<" not in page and ">Index<" not in page
    # A page that shows nothing of this talk is not rendered again (the server's reload script aside).
    assert without_reload_script(fetch(other)) == without_reload_script(before_other)

    # A new title: every page that lists the example shows it, including the type's guidance page
    # and the tag page, whose sources did not change.
    title = next(line for line in good.splitlines() if line.startswith("标题:")).split(":", 1)[1].strip()
    snippet.write_text(good.replace(f"标题: {title}", f"标题: {title}（改）", 1), "utf-8")
    listing = ["examples/tixing/", "types/tixing/", "reference/tags/"]
    wait_for(lambda: all(f"{title}（改）" in fetch(base + url) for url in listing), 30, "列出示例的各页显示新标题")
    log.seek(0)
    assert "Traceback" not in log.read()
