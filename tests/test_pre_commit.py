"""The pre-commit hook of .pre-commit-hooks.yaml, run by pre-commit on a temporary repository."""

from __future__ import annotations

import os
import re
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


EXTENDING = ROOT / "docs" / "extending.md"
USER_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix isecg: <https://w3id.org/isecg-kg/ontology#> .
<http://example.org/shapes#PlaceShape> a sh:NodeShape ;
    sh:targetClass isecg:Place ;
    sh:property [ sh:path <http://www.w3.org/2000/01/rdf-schema#label> ; sh:minCount 1 ] .
"""


def documented_config() -> str:
    text = EXTENDING.read_text(encoding="utf-8")
    found = re.search(
        r"```yaml\n(# \.pre-commit-config\.yaml in your repository\n.*?)```", text, re.S
    )
    assert found, "docs/extending.md: the .pre-commit-config.yaml example"
    return found.group(1)


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
    # the configuration docs/extending.md prints, its repository and revision those of the
    # snapshot (the printed revision is proven to resolve by the test below)
    config = documented_config()
    config = re.sub(r"repo: \S+", f"repo: {project}", config, count=1)
    config = re.sub(r"rev: [0-9a-f]{40}", f"rev: {revision}", config, count=1)
    (user / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    (user / "my-shapes.ttl").write_text(USER_SHAPES, encoding="utf-8")
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


def test_the_documented_pins_resolve_in_a_clone_of_this_repository(tmp_path: Path) -> None:
    """The revision docs/extending.md pins (for pre-commit and for pip) is a commit of this
    repository's history, defines the hook, and pip builds the package from it as printed."""
    if git(ROOT, "rev-parse", "--is-shallow-repository") == "true":
        pytest.skip("a shallow clone does not hold the pinned commit")
    text = EXTENDING.read_text(encoding="utf-8")
    revision = re.search(r"rev: ([0-9a-f]{40})", documented_config())
    pip_line = re.search(r'pip install "isecg-kg(?:\[\w+\])? @ git\+(\S+)@([0-9a-f]{40})"', text)
    assert revision and pip_line, "docs/extending.md: pinned revisions"
    assert pip_line.group(2) == revision.group(1), "both recipes pin the same commit"
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=300)
    pinned = revision.group(1)
    assert git(clone, "cat-file", "-t", pinned) == "commit"
    hooks = git(clone, "show", f"{pinned}:.pre-commit-hooks.yaml")
    assert "- id: isecg-kg-validate" in hooks
    requirement = f"isecg-kg @ git+{clone.as_uri()}@{pinned}"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path / "wheels"),
            requirement,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    assert [p.name.split("-")[0] for p in (tmp_path / "wheels").iterdir()] == ["isecg_kg"]
