"""What the documentation prints is what the commands print: every `console` example in README.md
and docs/*.md is run from the repository's root and compared with its printed output, and no page
(README, docs, the site's templates) tells users to install from a registry that does not serve
the package."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from isecg_kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# Commands an example shows but a test cannot run in-process: a server until Ctrl-C, a build or
# site into the repository, a store to load into, a shell's `cd`.
NOT_RUN = {"serve", "load", "build", "site"}
LOOPBACK = re.compile(r"^https?://(127\.0\.0\.1|localhost|\[::1\])[:/]")


@dataclass(frozen=True)
class Example:
    page: str
    line: int
    command: str
    output: tuple[str, ...]


def examples() -> list[Example]:
    found = []
    for page in PAGES:
        lines = page.read_text(encoding="utf-8").splitlines()
        inside = False
        current: tuple[int, str, list[str]] | None = None
        for number, line in enumerate(lines, start=1):
            if line.startswith("```"):
                if inside and current is not None:
                    found.append(_example(page, current))
                    current = None
                inside = line.strip() == "```console"
                continue
            if not inside:
                continue
            if line.startswith("$ "):
                if current is not None:
                    found.append(_example(page, current))
                current = (number, line[2:], [])
            elif current is not None:
                current[2].append(line)
    return found


def _example(page: Path, current: tuple[int, str, list[str]]) -> Example:
    number, command, output = current
    while output and not output[-1].strip():
        output.pop()
    return Example(page.name, number, command, tuple(output))


def runnable(example: Example) -> list[str] | None:
    """The isecg-kg arguments to run, or None for what is not run here. A loopback --endpoint is
    the served packaged graph: the example runs on the packaged graph directly."""
    words = shlex.split(example.command, comments=True)
    if len(words) < 2 or words[0] != "isecg-kg" or words[1] in NOT_RUN:
        return None
    if "--endpoint" in words:
        at = words.index("--endpoint")
        if not LOOPBACK.match(words[at + 1]):
            return None  # a remote endpoint: not reachable from a test
        del words[at : at + 2]
    return words[1:]


def matches(expected: tuple[str, ...], actual: list[str]) -> bool:
    """Line for line; a line `…` alone stands for any number of lines."""
    chunks: list[list[str]] = [[]]
    for line in expected:
        if line.strip() == "…":
            chunks.append([])
        else:
            chunks[-1].append(line.rstrip())
    if len(chunks) == 1:
        return chunks[0] == actual
    if actual[: len(chunks[0])] != chunks[0] or (
        chunks[-1] and actual[-len(chunks[-1]) :] != chunks[-1]
    ):
        return False
    at = len(chunks[0])
    for chunk in chunks[1:-1]:
        while actual[at : at + len(chunk)] != chunk:
            at += 1
            if at > len(actual):
                return False
        at += len(chunk)
    return True


EXAMPLES = examples()


def test_the_pages_have_examples_to_run() -> None:
    run = [e for e in EXAMPLES if runnable(e) is not None]
    assert len(run) >= 8, [e.command for e in run]


@pytest.mark.parametrize(
    "example",
    [e for e in EXAMPLES if runnable(e) is not None or e.command.strip() == "echo $?"],
    ids=lambda e: f"{e.page}:{e.line}",
)
def test_console_example_prints_what_the_page_shows(
    example: Example,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    if example.command.strip() == "echo $?":
        # the command before it, on the same page: run it again for its exit code
        before = [e for e in EXAMPLES if e.page == example.page and e.line < example.line]
        arguments = runnable(before[-1])
        assert arguments is not None, before[-1]
        code = main(arguments)
        capsys.readouterr()
        assert [str(code)] == list(example.output), f"{example.page}:{example.line}"
        return
    arguments = runnable(example)
    assert arguments is not None
    code = main(arguments)
    captured = capsys.readouterr()
    actual = [line.rstrip() for line in (captured.out + captured.err).splitlines()]
    while actual and not actual[-1]:
        actual.pop()
    if not example.output:
        assert code == 0, (example.command, captured.err)
        return
    assert matches(example.output, actual), (
        f"{example.page}:{example.line}: `{example.command}` prints\n" + "\n".join(actual)
    )


def test_no_page_says_pip_install_from_a_registry() -> None:
    templates = sorted((ROOT / "src" / "isecg_kg" / "site" / "templates").glob("*.html"))
    for page in [*PAGES, *templates]:
        text = page.read_text(encoding="utf-8")
        for found in re.finditer(r"pip install ['\"]?isecg-kg(\[[^\]]*\])?(\s*@)?", text):
            assert found.group(2), f"{page.name}: isecg-kg is not on a package registry"


def test_the_json_ld_term_the_readme_quotes_is_in_the_context() -> None:
    from isecg_kg import resources
    from isecg_kg.jsonld import term_context
    from isecg_kg.load import parse_files

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    quoted = re.search(r'the JSON-LD reads as JSON, `"(\w+)": "([\w:/-]+)"`', text)
    assert quoted, "README.md: the JSON-LD example"
    context = term_context(parse_files(resources.ontology_files()))["@context"]
    assert context[quoted.group(1)] == {"@id": "prov:wasDerivedFrom", "@type": "@id"}


def test_the_readme_names_the_debian_packages_ci_installs() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    installed = set(re.findall(r"missing\+=\(([\w.+-]+)\)", script))
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    said = re.search(
        r"installing the Debian packages the tests start for real\s*\(when missing\):(.*?)\.\n",
        text,
        re.S,
    )
    assert said, "README.md: the sentence on .ci/run's Debian packages"
    assert set(re.findall(r"`([\w.+-]+)`", said.group(1))) == installed


def test_the_readme_counts_the_hostile_corpus() -> None:
    lines = (ROOT / "tests" / "hostile" / "cases.tsv").read_text(encoding="utf-8").splitlines()
    cases = [line for line in lines if line.strip() and not line.startswith("#")]
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    said = re.search(r"`tests/hostile/cases.tsv` \((\d+) hostile or malformed", text)
    assert said and int(said.group(1)) == len(cases), f"README.md: the corpus has {len(cases)}"
