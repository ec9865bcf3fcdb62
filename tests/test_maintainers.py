"""For maintainers: "编辑此页" links, "最后更新" dates from git, the published guide, and the
walk a new maintainer takes through CONTRIBUTING.md to add a worked example."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest

import talks_maintainers
from conftest import DEPLOYED_EDIT_URI, run_mkdocs

ROOT = Path(__file__).resolve().parent.parent
EDIT_BASE = DEPLOYED_EDIT_URI.removesuffix("docs/")  # as the deploy workflow sets TALKS_EDIT_URI
EXAMPLE = "snippets/zhengzhi-jiandu/shiwei-shuji-changwu-fushizhang.yml"


def git(cwd: Path, *args: str, when: str = "") -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def edit_link(html: str) -> str:
    match = re.search(r'<a href="([^"]+)" title="编辑此页"[^>]*rel="edit"', html)
    return match.group(1) if match else ""


def shown_date(html: str) -> str:
    match = re.search(r"最后更新：(\d{4})年(\d{1,2})月(\d{1,2})日", html)
    return date(*map(int, match.groups())).isoformat() if match else ""


def committed_date(path: str) -> str:
    return subprocess.run(["git", "log", "-1", "--format=%cs", "--", path], cwd=ROOT,
                          capture_output=True, text=True).stdout.strip()


# --- Plain functions -------------------------------------------------------------------------

def test_last_changed_takes_each_files_latest_commit(tmp_path):
    (tmp_path / "site" / "docs").mkdir(parents=True)
    git(tmp_path, "init", "-q")
    (tmp_path / "site/docs/a.md").write_text("一", "utf-8")
    (tmp_path / "site/docs/中文.md").write_text("一", "utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "one", when="2026-01-02T10:00:00+08:00")
    (tmp_path / "site/docs/a.md").write_text("二", "utf-8")
    git(tmp_path, "commit", "-qam", "two", when="2026-03-04T10:00:00+08:00")
    changed, why = talks_maintainers.last_changed(tmp_path / "site")  # the site in a subfolder
    assert why == ""
    assert changed == {"docs/a.md": date(2026, 3, 4), "docs/中文.md": date(2026, 1, 2)}


def test_no_git_checkout_means_no_dates_and_a_reason(tmp_path):
    changed, why = talks_maintainers.last_changed(tmp_path)
    assert changed == {} and why


def test_helpers():
    assert talks_maintainers.chinese_date(date(2026, 5, 1)) == "2026年5月1日"
    assert (talks_maintainers.tidy_edit_url("https://g.example/o/r/edit/main/docs/../snippets/a.yml")
            == "https://g.example/o/r/edit/main/snippets/a.yml")
    page = talks_maintainers.contributing_page(
        "见[术语](docs/reference/terms.md)、[模板](snippets/README.md)和[外链](https://example.org/)。", None)
    assert "[术语](reference/terms.md)" in page and "模板（`snippets/README.md`）" in page
    assert "[外链](https://example.org/)" in page
    page = talks_maintainers.contributing_page("[模板](snippets/README.md)", "https://g.example/o/r/edit/main/docs/")
    assert "[模板](https://g.example/o/r/blob/main/snippets/README.md)" in page


# --- The built site --------------------------------------------------------------------------

def test_every_page_has_an_edit_link_to_its_source(built_site):
    pages = sorted(built_site.rglob("index.html"))
    assert len(pages) > 50
    for page in pages:
        link = edit_link(page.read_text("utf-8"))
        assert link.startswith(EDIT_BASE) and ".." not in link, (page, link)
        target = link[len(EDIT_BASE):]
        assert (ROOT / target).is_file(), f"{page}: edit link points to a file that does not exist: {target}"
    example = (built_site / "examples/zhengzhi-jiandu/shiwei-shuji-changwu-fushizhang/index.html").read_text("utf-8")
    assert edit_link(example) == EDIT_BASE + EXAMPLE
    guide = (built_site / "contributing/index.html").read_text("utf-8")
    assert edit_link(guide) == EDIT_BASE + "CONTRIBUTING.md"
    assert edit_link((built_site / "types/tixing/index.html").read_text("utf-8")) == EDIT_BASE + "docs/types/tixing.md"


@pytest.mark.parametrize("page, source", [
    ("index.html", "docs/index.md"),
    ("reference/regulations/index.html", "docs/reference/regulations.md"),
    ("examples/zhengzhi-jiandu/shiwei-shuji-changwu-fushizhang/index.html", EXAMPLE),
    ("contributing/index.html", "CONTRIBUTING.md"),
])
def test_last_updated_is_the_sources_last_commit(built_site, page, source):
    expected = committed_date(source)
    if not expected:
        pytest.skip(f"{source} 还没有提交，没有 git 日期")
    assert shown_date((built_site / page).read_text("utf-8")) == expected


def test_contributing_guide_is_published_from_the_root_file(built_site):
    html = (built_site / "contributing/index.html").read_text("utf-8")
    assert "参与维护" in html and "复制模板" in html and "检查清单" in html
    assert 'href="../reference/wuxie/"' in html  # docs/… links work on the site
    assert "/blob/main/snippets/README.md" in html  # other files open in the repository


def test_build_outside_a_git_checkout(repo_copy):
    shutil.copy(ROOT / "CONTRIBUTING.md", repo_copy / "CONTRIBUTING.md")
    assert not (repo_copy / ".git").exists()
    site = repo_copy / "site"
    result = run_mkdocs(repo_copy, site, "--verbose")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "页面不显示“最后更新”日期：不在 git 仓库中" in result.stderr
    html = (site / "index.html").read_text("utf-8")
    assert "最后更新" not in html and edit_link(html) == EDIT_BASE + "docs/index.md"


@pytest.mark.browser
@pytest.mark.parametrize("path, source", [("examples/zhengzhi-jiandu/shiwei-shuji-changwu-fushizhang/", EXAMPLE),
                                          ("contributing/", "CONTRIBUTING.md")])
def test_edit_button_and_date_without_outside_requests(page, site_url, path, source):
    outside: list[str] = []
    page.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
               if urlparse(route.request.url).hostname not in ("127.0.0.1", "localhost") else route.continue_())
    page.goto(f"{site_url}/{path}")
    page.wait_for_load_state("networkidle")
    button = page.locator('a.md-content__button[rel="edit"]')
    assert button.get_attribute("title") == "编辑此页" and button.is_visible()
    if committed_date(source):
        assert "最后更新：" in page.locator(".md-source-file").inner_text()
    assert outside == []


# --- A new maintainer follows CONTRIBUTING.md ------------------------------------------------

def test_new_maintainer_adds_an_example_by_following_the_guide(repo_copy):
    """Only what CONTRIBUTING.md says: copy its template into snippets/<类型文件夹>/, fill it in,
    run the lint and the build; the new page appears in the type's list."""
    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    template = re.search(r"## 复制模板\n.*?```yaml\n(.*?)```", guide, re.S).group(1)
    filled = (template.replace("县委书记与县直部门党组书记的提醒谈话", "乡镇党委书记与村党组织书记的提醒谈话")
              .replace("谈话人: 县委书记", "谈话人: 乡镇党委书记").replace("谈话对象: 县直部门党组书记", "谈话对象: 村党组织书记")
              .replace("场景: 党政机关", "场景: 乡镇（街道）"))
    for name in ("scripts",):
        shutil.copytree(ROOT / name, repo_copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("CONTRIBUTING.md", ".autocorrectrc"):
        shutil.copy(ROOT / name, repo_copy / name)
    new = repo_copy / "snippets" / "tixing" / "xiangzhen-shuji-cun-shuji-tixing.yml"
    new.write_text(filled, "utf-8")
    lint = subprocess.run([os.sys.executable, "scripts/lint.py", str(new)], cwd=repo_copy,
                          capture_output=True, text=True, encoding="utf-8")
    assert lint.returncode == 0, lint.stdout
    result = run_mkdocs(repo_copy, repo_copy / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    page = repo_copy / "site/examples/tixing/xiangzhen-shuji-cun-shuji-tixing/index.html"
    html = page.read_text("utf-8")
    assert "乡镇党委书记与村党组织书记的提醒谈话" in html and "一是" in html
    assert edit_link(html) == EDIT_BASE + "snippets/tixing/xiangzhen-shuji-cun-shuji-tixing.yml"
    listing = (repo_copy / "site/examples/tixing/index.html").read_text("utf-8")
    assert "xiangzhen-shuji-cun-shuji-tixing" in listing


def test_a_build_without_a_repository_shows_no_edit_links(repo_copy):
    """Local previews and the offline zip: no "编辑此页" pointing at a repository that is not configured."""
    shutil.copy(ROOT / "CONTRIBUTING.md", repo_copy / "CONTRIBUTING.md")
    site = repo_copy / "site"
    result = run_mkdocs(repo_copy, site, edit_uri=None)
    assert result.returncode == 0, result.stdout + result.stderr
    for page in ("index.html", "types/tixing/index.html", "examples/zhengzhi-jiandu/shiwei-shuji-changwu-fushizhang/index.html",
                 "contributing/index.html"):
        html = (site / page).read_text("utf-8")
        assert 'rel="edit"' not in html and "OWNER/REPO" not in html, page


# --- A new talk type reaches every overview page from its own front matter ------------------------------

def test_a_new_type_appears_on_the_home_page_the_types_index_and_the_comparison(repo_copy):
    """What CONTRIBUTING says for a new type: its guidance page (with 简介, 分组, 性质, 典型谈话 and 对比
    in the front matter) and a nav entry; the overview pages then list it without further edits."""
    source = (repo_copy / "docs/types/tixing.md").read_text("utf-8")
    front, body = source.split("\n---\n", 1)
    front = re.sub(r"^谈话类型: .*$", "谈话类型: 测试谈话", front, flags=re.M)
    front = re.sub(r"^别名:\n(?:  - .*\n)+", "别名:\n  - 测试用的谈话\n", front + "\n", flags=re.M).rstrip("\n")
    front = re.sub(r"^简介: .*$", "简介: 维护者新增的测试类型。", front, flags=re.M)
    front = re.sub(r"^  谈话人: .*$", "  谈话人: 测试谈话人", front, flags=re.M)
    (repo_copy / "docs/types/ceshi.md").write_text(front + "\n---\n" + body.replace("# 提醒谈话", "# 测试谈话", 1), "utf-8")
    config = repo_copy / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "      - 选哪种谈话: types/choose.md\n",
        "      - 选哪种谈话: types/choose.md\n      - 测试谈话:\n          - types/ceshi.md\n"
        "          - 示例谈话: examples/ceshi/index.md\n", 1), "utf-8")
    site = repo_copy / "site"
    result = run_mkdocs(repo_copy, site)
    assert result.returncode == 0, result.stdout + result.stderr
    home = (site / "index.html").read_text("utf-8")
    assert 'href="types/ceshi/"' in home and "维护者新增的测试类型。" in home
    index = (site / "types/index.html").read_text("utf-8")
    assert index.count('href="ceshi/"') >= 2  # the table and the list by group
    compare = (site / "types/compare/index.html").read_text("utf-8")
    assert 'href="../ceshi/"' in compare and "测试谈话人" in compare
