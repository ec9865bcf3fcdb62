"""Content lint (make lint): the site passes, and every kind of planted mistake is caught."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import autocorrect_py
import pytest

import talks_lint

ROOT = Path(__file__).resolve().parent.parent
PAGE = "docs/guides/before.md"
SNIPPET = "snippets/zhengzhi-jiandu/xianwei-shuji-xiangzhen-shuji.yml"


@pytest.fixture(scope="module")
def data():
    talks_lint.configure_autocorrect(ROOT)
    return talks_lint.load_data(ROOT)


def lint_with(path: str, addition: str, data) -> tuple[list[talks_lint.Finding], int]:
    """Append ``addition`` to a copy of a page's text; the findings and the first planted line."""
    text = (ROOT / path).read_text("utf-8").rstrip("\n") + "\n\n"
    line = text.count("\n") + 1
    return talks_lint.lint_text(path, text + addition + "\n", data), line


def test_whole_site_passes_the_lint():
    findings, checked = talks_lint.lint_repo(ROOT)
    assert checked > 60
    assert findings == [], "\n".join(map(str, findings))


@pytest.mark.parametrize("rule, planted, words", [
    ("标点", "谈话前要准备充分,不打无准备之仗。", ["改为", "，"]),
    ("标点", "谈话前要准备充分;不打无准备之仗。", ["“;”", "；"]),
    ("标点", "谈话记录(一式两份)存档。", ["“(”", "（"]),
    ("标点", "对照《中国共产党章程》,逐条检查。", ["“,”", "，"]),
    ("标点", '牢记"国之大者"。', ["直引号", "“……”"]),
    ("标点", "增强“四个意识”、“四个自信”。", ["顿号", "删去顿号"]),
    ("标点", "谈话提纲要写全...不能漏项。", ["省略号", "……"]),
    ("标点", "谈话结束--记录签字。", ["破折号", "——"]),
    ("配对", "谈话中要讲“两个维护。", ["没有配对的“””"]),
    ("配对", "谈话时间（一般为半小时。", ["没有配对的“）”"]),
    ("书名号", "依据中国共产党党内监督条例第二十一条进行。", ["没有加书名号", "《中国共产党党内监督条例》"]),
    ("误写", "坚决反对形势主义。", ["“形势主义”应写作“形式主义”"]),
    ("误写", "截止目前已谈话十人。", ["截至目前"]),
    ("提法", "紧密团结在以习近平为核心的党中央周围。", ["以习近平同志为核心的党中央"]),
    ("提法", "对苗头性倾向性问题早提醒。", ["苗头性、倾向性问题"]),
    ("提法", "推动十五五开好局。", ["带引号", "“十五五”"]),
    ("编号", "一．总体评价", ["“一、”"]),
    ("编号", "一、基本情况\n\n1. 谈话开展情况", ["跳过了“（一）”"]),
    ("编号", "（一）谈话情况\n\n1）具体做法", ["（1）"]),
    ("占位符", "请XX同志于某某日前报送。", ["“XX”不是本站的占位符写法", "【"]),
    ("占位符", "请【谈话对象姓名同志报送。", ["不成对"]),
    ("时效", "深入学习贯彻党的十九大精神。", ["过时提法", "党的二十大和二十届历次全会精神"]),
    ("时效", "对标“十四五”规划目标。", ["过时提法"]),
    ("法规", "依据《中国共产党党内监督条例（试行）》第三十二条。", ["没有收录在法规依据页"]),
    ("法规", "依据《谈话工作管理办法》开展谈话。", ["没有收录在法规依据页", "regulations.md"]),
])
def test_planted_mistake_is_caught(data, rule, planted, words):
    findings, line = lint_with(PAGE, planted, data)
    mine = [f for f in findings if f.rule == rule]
    assert mine, f"{rule} not caught in {planted!r}: {findings}"
    finding = mine[0]
    assert finding.path == PAGE and line <= finding.line <= line + planted.count("\n")
    message = str(finding)
    assert message.startswith(f"{PAGE}:{finding.line}: {rule}：") and ("。修改：" in message or "？修改：" in message)
    assert "？。" not in message and "。。" not in message
    for word in words:
        assert word in message, message


@pytest.mark.parametrize("planted", [
    "2021 年开展党史学习教育，学党史、悟思想。",  # a year marks it as history
    "党的十八大以来，党中央把全面从严治党纳入“四个全面”战略布局。",
    "“十四五”规划期已经结束。",
    "起草时不得写作“一岗两责”“以习近平为核心的党中央”。",  # quoted examples of what not to write
    "不要用“XX”“××”“某某”代替占位符。",
    "错误写法：~~形势主义~~，正确写法：形式主义。",  # struck through
    "| 误写 | 正确写法 |\n| --- | --- |\n| 形势主义 | 形式主义 |\n| 一岗两责 | 一岗双责 |",  # a wrong-forms column
    "这一行故意保留形势主义。<!-- lint: skip -->",
    "<!-- lint: off -->\n坚决反对形势主义。\n\n落实一岗两责。\n<!-- lint: on -->",
    "| 错误 | 正确做法 |\n| --- | --- |\n| 开场就说“这是党的十九大精神” | 讲当年提法 |",
    "把【】中的内容换成实际情况。",  # 【】 alone names the convention
    "运行 `make test`。详见 [术语](../reference/terms.md)。GB/T 9704—2012《党政机关公文格式》。",
    "整改台账按问题—责任—措施—时限列项。",  # a single — between words is the 连接号
    "1. 第一步\n2. 第二步",  # an ordinary Markdown list is not an outline
])
def test_sensible_silence(data, planted):
    findings, _ = lint_with(PAGE, planted, data)
    assert findings == [], "\n".join(map(str, findings))


def test_skip_marker_names_rules(data):
    findings, _ = lint_with(PAGE, "坚决反对形势主义,说到做到。<!-- lint: skip 误写 -->", data)
    assert {f.rule for f in findings} == {"标点"}


def test_snippet_rules(data):
    text = (ROOT / SNIPPET).read_text("utf-8")
    assert talks_lint.lint_text(SNIPPET, text, data) == []
    planted = text.replace("  - 部分: 开场白\n    内容:\n      - ",
                           "  - 部分: 开场白\n    内容:\n      - 2026 年是“十五五”开局之年。形势主义要反对。\n      - ", 1)
    assert planted != text
    rules = {f.rule for f in talks_lint.lint_text(SNIPPET, planted, data)}
    assert {"空格", "误写"} <= rules
    quiet = planted.replace("形势主义要反对。", "形势主义要反对。 # lint: skip 误写")
    rules = {f.rule for f in talks_lint.lint_text(SNIPPET, quiet, data)}
    assert "误写" not in rules and "空格" in rules


def test_snippet_hand_numbering_and_level_skip(data):
    text = (ROOT / SNIPPET).read_text("utf-8")
    first_point = text.index("- 要点: ") + len("- 要点: ")
    hand = text[:first_point] + "一是" + text[first_point:]
    found = [f for f in talks_lint.lint_text(SNIPPET, hand, data) if f.rule == "编号"]
    assert found and "手写了序号“一是”" in found[0].problem
    titled = text.index("    标题: 问题与不足\n")
    skipping = text[:titled] + "    标题: 问题与不足\n    编号: 1.\n" + text[titled + len("    标题: 问题与不足\n"):]
    skipping = skipping.replace("    标题: 问题与不足\n    编号: 1.\n    编号: 一是\n", "    标题: 问题与不足\n    编号: 1.\n")
    found = [f for f in talks_lint.lint_text(SNIPPET, skipping, data) if f.rule == "编号"]
    assert found and "跳过了“（一）”" in found[0].problem, talks_lint.lint_text(SNIPPET, skipping, data)


def test_snippet_without_schema_line_or_with_a_format_error(data):
    text = (ROOT / SNIPPET).read_text("utf-8")
    found = talks_lint.lint_text(SNIPPET, text.split("\n", 1)[1], data)
    assert [f.rule for f in found] == ["示例格式"] and "yaml-language-server" in found[0].fix
    broken = text.replace("谈话人:", "谈话人：", 1)
    found = talks_lint.lint_text(SNIPPET, broken, data)
    assert found and found[0].rule == "示例格式" and "全角冒号" in found[0].problem


# --- autocorrect-py: what the library covers, and the gaps the hand rules fill ---------------

def test_autocorrect_is_configured_for_official_style(data):
    assert autocorrect_py.format("谈话前要准备,不打无准备之仗!") == "谈话前要准备，不打无准备之仗！"
    assert autocorrect_py.format("2026年是开局之年") == "2026年是开局之年"  # no spaces added


@pytest.mark.parametrize("text", ["工作;学习", "范围(含本数)", "《准则》,好", "他说\"好\""])
def test_autocorrect_gaps_that_hand_rules_fill(data, text):
    """autocorrect-py 2.14 leaves these unchanged; talks_lint has a hand rule for each.

    If this test fails after an upgrade, the library now covers the case: drop the hand rule.
    """
    assert autocorrect_py.format(text) == text
    segment = talks_lint.Segment(text, 1)
    assert list(talks_lint.rule_punctuation(segment, data))


# --- In a copy of the repository: the data files drive the lint, and make lint reports -------

@pytest.fixture()
def lint_copy(repo_copy) -> Path:
    for name in ("scripts", ):
        shutil.copytree(ROOT / name, repo_copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in (".autocorrectrc", "CONTRIBUTING.md", "Makefile"):
        shutil.copy(ROOT / name, repo_copy / name)
    return repo_copy


def run_lint(copy: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "scripts/lint.py"], cwd=copy, capture_output=True, text=True,
                          encoding="utf-8", env={"PYTHONUTF8": "1", "PATH": "/usr/bin:/bin"})


def test_lint_command_reports_file_line_and_fix(lint_copy):
    assert run_lint(lint_copy).returncode == 0
    page = lint_copy / PAGE
    page.write_text(page.read_text("utf-8") + "\n坚决反对形势主义。\n", "utf-8")
    line = page.read_text("utf-8").count("\n")
    result = run_lint(lint_copy)
    assert result.returncode == 1
    assert f"{PAGE}:{line}: 误写：“形势主义”应写作“形式主义”" in result.stdout
    assert "修改：改为“形式主义”" in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_maintainer_extends_the_wrong_forms_table(lint_copy):
    page = lint_copy / PAGE
    page.write_text(page.read_text("utf-8") + "\n要严格执行请消假制度。\n", "utf-8")
    assert run_lint(lint_copy).returncode == 0
    wuxie = lint_copy / talks_lint.WUXIE_PAGE
    wuxie.write_text(wuxie.read_text("utf-8").replace(
        "| 形势主义 | 形式主义 | “四风”之一 |", "| 形势主义 | 形式主义 | “四风”之一 |\n| 请消假 | 请销假 | —— |"), "utf-8")
    result = run_lint(lint_copy)
    assert result.returncode == 1 and "“请消假”应写作“请销假”" in result.stdout


def lint_with_heading(lint_copy, heading: str):
    """Lint the copy after the 问责条例 heading of the regulations page became ``heading``."""
    regulations = lint_copy / talks_lint.REGULATIONS_PAGE
    text = regulations.read_text("utf-8")
    regulations.write_text(text.replace("### 《中国共产党问责条例》", heading), "utf-8")
    result = run_lint(lint_copy)
    assert result.returncode == 1
    return result


def test_regulation_removed_from_the_regulations_page_is_reported(lint_copy):
    result = lint_with_heading(lint_copy, "## 已删去的一节")
    assert "《中国共产党问责条例》没有收录在法规依据页" in result.stdout


def test_a_regulation_heading_without_title_marks_is_reported_once_at_its_page(lint_copy):
    result = lint_with_heading(lint_copy, "### 问责条例（待补）")
    page_lines = [line for line in result.stdout.splitlines() if "问责条例" in line]
    assert len(page_lines) == 1 and page_lines[0].startswith(f"{talks_lint.REGULATIONS_PAGE}:"), page_lines


@pytest.mark.parametrize("script", ["scripts/lint.py", "scripts/check_snippets.py"])
@pytest.mark.parametrize("argument, words", [("outside", "不在本仓库"), ("没有这个文件.yml", "找不到这个文件"),
                                             ("docs", "文件夹")])
def test_scripts_explain_bad_arguments_without_a_traceback(script, argument, words, tmp_path):
    if argument == "outside":
        argument = str(tmp_path / "outside.yml")
        Path(argument).write_text("标题: 仓库外的文件\n", "utf-8")
    result = subprocess.run([sys.executable, script, argument], cwd=ROOT, capture_output=True, text=True,
                            encoding="utf-8")
    assert result.returncode == 2
    assert words in result.stdout and "修改：" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_benchmark_scripts_explain_unknown_options_in_chinese():
    for script in ("scripts/bench.py", "scripts/bench_search.py"):
        result = subprocess.run([sys.executable, script, "--no-such-option"], cwd=ROOT, capture_output=True,
                                text=True, encoding="utf-8")
        assert result.returncode == 2 and "参数有误" in result.stderr and "Traceback" not in result.stderr
