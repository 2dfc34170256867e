"""The one place that knows the engines: step × engine set → implementation.

Four steps have engines: parse, reason, validate, query. Two engine sets fill them:

- `reference`: the strict reader into an rdflib graph, owlrl, pySHACL, rdflib's SPARQL;
- `fast`: the strict reader into an embedded Oxigraph store, the OWL 2 RL rules as SPARQL updates
  on Oxigraph (isecg_kg.rules), pyshacl-turbo, Oxigraph's SPARQL.

Every command, the `KnowledgeGraph` API, the pipeline, release, site and the benchmarks ask here
which implementation runs a step (`choose`): an override of that step (`--engine`, `--reasoner`)
wins, else the member of the chosen set, else of the default set. The default is the fast set
when its modules are installed: the conformance corpus (tests/conformance/) runs every case on
both sets and finds their outcomes identical, the W3C SHACL and SPARQL tables included.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.util import find_spec

from isecg_kg.errors import InputError

STEPS = ("parse", "reason", "validate", "query")
SETS = ("reference", "fast")
FAST_EXTRA = "pip install 'isecg-kg[fast]'"


@dataclass(frozen=True)
class Implementation:
    step: str
    name: str
    """What a per-step override calls it (`--engine turbo`)."""
    label: str
    """What a person reads (the build summary, the conformance tables)."""
    modules: tuple[str, ...] = ()
    """Python modules it needs beyond the core dependencies."""

    def available(self) -> bool:
        return all(find_spec(module) is not None for module in self.modules)


_ALL = (
    Implementation("parse", "rdflib", "strict reader into rdflib"),
    Implementation("parse", "oxigraph", "strict reader into Oxigraph"),
    Implementation("reason", "owlrl", "owlrl"),
    Implementation("reason", "rules", "OWL 2 RL rules on Oxigraph"),
    Implementation("reason", "reasonable", "reasonable", ("reasonable",)),
    Implementation("validate", "pyshacl", "pySHACL"),
    Implementation("validate", "turbo", "pyshacl-turbo", ("pyshacl_turbo",)),
    Implementation("query", "rdflib", "rdflib SPARQL"),
    Implementation("query", "oxigraph", "Oxigraph SPARQL"),
)
IMPLEMENTATIONS: dict[str, dict[str, Implementation]] = {
    step: {i.name: i for i in _ALL if i.step == step} for step in STEPS
}
MEMBERS: dict[str, dict[str, str]] = {
    "reference": {"parse": "rdflib", "reason": "owlrl", "validate": "pyshacl", "query": "rdflib"},
    "fast": {"parse": "oxigraph", "reason": "rules", "validate": "turbo", "query": "oxigraph"},
}


def names(step: str) -> tuple[str, ...]:
    """The implementations a per-step override may name."""
    return tuple(IMPLEMENTATIONS[step])


def implementation(step: str, name: str) -> Implementation:
    if step not in IMPLEMENTATIONS:
        raise ValueError(f"unknown step {step!r} (steps: {', '.join(STEPS)})")
    found = IMPLEMENTATIONS[step].get(name)
    if found is None:
        known = ", ".join(IMPLEMENTATIONS[step])
        raise InputError(f"unknown {step} engine {name!r} (choose from {known})")
    return found


def available(engine_set: str) -> bool:
    return all(implementation(step, name).available() for step, name in members(engine_set))


def members(engine_set: str) -> list[tuple[str, str]]:
    if engine_set not in MEMBERS:
        raise InputError(f"unknown engine set {engine_set!r} (choose from {', '.join(SETS)})")
    return list(MEMBERS[engine_set].items())


def default_set() -> str:
    """The fast set when its modules are installed, else the reference set."""
    return "fast" if available("fast") else "reference"


def resolve_set(engine_set: str | None) -> str:
    """The named set (checked: known, and installed), or the default one."""
    if engine_set is None:
        return default_set()
    if not available(engine_set):
        members(engine_set)  # an unknown name is refused first
        raise InputError(f"the {engine_set} engines are not installed: {FAST_EXTRA}")
    return engine_set


def choose(step: str, engine_set: str | None = None, override: str | None = None) -> str:
    """The implementation that runs `step`: the override, else the set's member (both checked)."""
    name = override if override is not None else MEMBERS[resolve_set(engine_set)][step]
    chosen = implementation(step, name)
    if not chosen.available():
        raise InputError(f"the {name} {step} engine is not installed: {FAST_EXTRA}")
    return name


def describe(engine_set: str) -> str:
    """`fast (strict reader into Oxigraph, OWL 2 RL rules on Oxigraph, ...)`."""
    labels = [implementation(step, name).label for step, name in members(engine_set)]
    return f"{engine_set} ({', '.join(labels)})"
