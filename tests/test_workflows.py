"""GitHub Actions: the workflows are valid (actionlint), test PRs with the README's command, deploy main."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
#: actionlint ships as a binary inside a wheel (requirements-dev.txt), next to this Python.
ACTIONLINT = Path(sys.executable).parent / "actionlint"


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(ACTIONLINT), "-no-color", "-oneline", *map(str, files)], cwd=ROOT,
                          capture_output=True, text=True)


def workflow(name: str) -> dict:
    # PyYAML reads the key "on" as True (YAML 1.1); GitHub reads it as "on".
    data = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def run_steps(data: dict) -> list[str]:
    return [step.get("run", "") for job in data["jobs"].values() for step in job.get("steps", [])]


def uses(data: dict) -> list[dict]:
    return [step for job in data["jobs"].values() for step in job.get("steps", []) if "uses" in step]


def test_actionlint_accepts_the_workflows():
    result = actionlint(*sorted(WORKFLOWS.glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_mistake(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text((WORKFLOWS / "test.yml").read_text("utf-8").replace("fetch-depth: 0", "fetch-dept: 0"), "utf-8")
    result = actionlint(broken)
    assert result.returncode == 1 and "fetch-dept" in result.stdout


def test_pull_requests_run_the_readme_test_command():
    data = workflow("test.yml")
    assert "pull_request" in data["on"]
    readme = (ROOT / "README.md").read_text("utf-8")
    assert re.search(r"^make test\b", readme, re.M)
    assert any("bash .ci/run" in run for run in run_steps(data))
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert re.search(r"^make test$", ci, re.M) and "apt-get install" in ci and "chromium" in ci
    # A Debian container, so that apt's chromium is Debian's /usr/bin/chromium, as in .ci/run.
    assert "bookworm" in data["jobs"]["test"]["container"]


@pytest.mark.parametrize("name", ["test.yml", "deploy.yml"])
def test_full_history_for_last_updated_dates(name):
    checkout = [s for s in uses(workflow(name)) if s["uses"].startswith("actions/checkout@")]
    assert checkout and all(s.get("with", {}).get("fetch-depth") == 0 for s in checkout)


def test_main_is_built_strictly_and_deployed_to_pages():
    data = workflow("deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["permissions"]["pages"] == "write" and data["permissions"]["id-token"] == "write"
    assert any("scripts/dev.py build" in run for run in run_steps(data))
    dev = (ROOT / "scripts" / "dev.py").read_text("utf-8")
    assert '"build", "--strict"' in dev
    artifact = next(s for s in uses(data) if s["uses"].startswith("actions/upload-pages-artifact@"))
    assert artifact["with"]["path"] == "site"
    assert any(s["uses"].startswith("actions/deploy-pages@") for s in uses(data))
    build_env = next(s for s in data["jobs"]["build"]["steps"] if "scripts/dev.py build" in s.get("run", ""))["env"]
    assert "github.repository" in build_env["TALKS_EDIT_URI"] and "TALKS_EDIT_URI" in (ROOT / "mkdocs.yml").read_text("utf-8")


def test_pull_request_template_has_the_contributing_checklist():
    template = (ROOT / ".github" / "pull_request_template.md").read_text("utf-8")
    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    checklist = re.search(r"### 检查清单\n\n((?:- \[ \] .*\n)+)", guide).group(1)
    assert len(checklist.splitlines()) >= 5
    assert checklist in template
