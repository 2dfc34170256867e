"""The pre-commit hook of .pre-commit-hooks.yaml, run by pre-commit on a temporary repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"

pytestmark = [
    pytest.mark.slow,  # pre-commit runs `isecg-kg validate` in child processes
    pytest.mark.skipif(
        not PRE_COMMIT.exists() or shutil.which("git") is None,
        reason="pre-commit (pip install pre-commit) and git are needed",
    ),
]


IDENTITY = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
IDENTITY |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **IDENTITY},
    )
    return done.stdout.strip()


def test_the_hook_passes_good_turtle_and_fails_bad_turtle(tmp_path: Path) -> None:
    # The hook is installed from a snapshot of this project's working tree, committed to a
    # repository of its own (pre-commit clones a repository at a revision).
    project = tmp_path / "project"
    shutil.copytree(
        ROOT,
        project,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "__pycache__", ".pytest_cache", ".ruff_cache"
        ),
    )
    env = {**os.environ, **IDENTITY, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "snapshot")
    revision = git(project, "rev-parse", "HEAD")

    user = tmp_path / "user"
    user.mkdir()
    git(user, "init", "-q")
    (user / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {project}\n    rev: {revision}\n"
        "    hooks:\n      - id: isecg-kg-validate\n",
        encoding="utf-8",
    )
    good = (ROOT / "tests" / "fixtures" / "cli" / "extension-valid.ttl").read_text("utf-8")
    (user / "mars.ttl").write_text(good, encoding="utf-8")
    git(user, "add", "-A")

    def run_hooks() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "run", "--all-files"],
            cwd=user,
            capture_output=True,
            text=True,
            env=env,
            timeout=1800,
        )

    done = run_hooks()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "isecg-kg validate" in done.stdout and "Passed" in done.stdout

    (user / "typo.ttl").write_text(
        "@prefix isecg: <https://w3id.org/isecg-kg/ontology#> .\n"
        "<https://w3id.org/isecg-kg/id/agency/jaxa> isecg:countryOrRegon "
        "<https://w3id.org/isecg-kg/id/country/japan> .\n",
        encoding="utf-8",
    )
    git(user, "add", "-A")
    done = run_hooks()
    assert done.returncode == 1
    assert "Failed" in done.stdout
    assert "isecg term used but never declared" in done.stdout
    assert "countryOrRegon" in done.stdout
