"""The `isecg-kg` command line. Heavy libraries are imported inside the commands, so --help is fast.

Exit codes: 0 ok; 1 the data does not conform to the shapes; 2 input could not be read (missing
file, malformed RDF, bad option value); 3 output could not be written; 4 a SPARQL endpoint or
server failed.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from isecg_kg import __version__, options
from isecg_kg.errors import (
    EXIT_NONCONFORMING,
    EXIT_OK,
    ArgumentParser,
    InputError,
    clean,
    handle_sigterm,
    report,
)

EPILOG = """exit codes:
  0  ok
  1  the data does not conform to the shapes
  2  input could not be read (missing file, malformed RDF, bad option or parameter value)
  3  output could not be written (nothing half-written is left)
  4  a SPARQL endpoint, server or query engine failed (unreachable, timed out, HTTP error)
"""

Command = Callable[[argparse.Namespace], int]


def cmd_validate(args: argparse.Namespace) -> int:
    from isecg_kg import KnowledgeGraph

    report = KnowledgeGraph.load(args.files, engines=args.engines).validate(
        args.inference,
        shapes=args.shapes,
        engine=args.engine,
        reasoner=args.reasoner,
        allow_warnings=args.allow_warnings,
        timeout=args.timeout,
    )
    if args.format == "json":
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for result in report.results:
            print(f"{result.severity}: {result.focus_node}")
            print(f"  path:    {result.path or '-'}")
            if result.value:
                print(f"  value:   {result.value}")
            print(f"  message: {result.message}")
            if result.message_ja:
                print(f"           {result.message_ja}")
            print(f"  shape:   {result.source_shape}")
        verdict = "conforms" if report.conforms else "does not conform"
        if report.conforms and report.warnings:
            verdict += " (warnings allowed)"
        print(
            f"{verdict}: {report.violations} violation(s), {report.warnings} warning(s) "
            f"on the {report.graph} graph"
        )
    return EXIT_OK if report.conforms else EXIT_NONCONFORMING


def cmd_reason(args: argparse.Namespace) -> int:
    from isecg_kg import KnowledgeGraph
    from isecg_kg.export import emit, not_an_input

    not_an_input(args.output, args.files)
    kg = KnowledgeGraph.load(args.files, engines=args.engines)
    clashes = kg.clashes(args.profile, args.engine)
    for clash in clashes:
        print(f"clash: {clash}", file=sys.stderr)
    turtle = kg.serialize("ttl", triples="inferred", profile=args.profile, reasoner=args.engine)
    emit(turtle, args.output)
    return EXIT_NONCONFORMING if clashes else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from isecg_kg.export import emit, not_an_input

    not_an_input(args.output, args.files)
    emit(written(args.files, args.format, args.inferred, args.engines), args.output)
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from isecg_kg.build import build

    summary = build(args.output, "fast" if args.fast else args.engines)
    report = summary.report
    print(f"isecg-kg {__version__} build → {args.output}/")
    print(f"  engines          : {summary.engines}")
    print(f"  triples asserted : {summary.asserted}")
    clashes = len(summary.clashes)
    print(f"  triples inferred : {summary.inferred} (OWL 2 RL; {clashes} clash(es))")
    verdict = "conforms" if report.conforms else "DOES NOT CONFORM"
    print(
        f"  SHACL            : {verdict} ({report.violations} violation(s), "
        f"{report.warnings} warning(s), {report.graph} graph)"
    )
    print("  instances per class:")
    for name, count in summary.classes.items():
        print(f"    {name:<32} {count:>4}")
    print(f"  stored queries answered: {len(summary.queries)} (build/queries/*.csv, *.json)")
    for clash in summary.clashes:
        print(f"  clash: {clash}")
    if not report.conforms:
        print("  run `isecg-kg validate` for the violations", file=sys.stderr)
    return EXIT_OK if report.conforms and not summary.clashes else EXIT_NONCONFORMING


def cmd_mappings(args: argparse.Namespace) -> int:
    from isecg_kg.export import write_atomically
    from isecg_kg.mappings import tables

    for table in tables():
        path = args.output / f"{table.name}.sssom.tsv"
        write_atomically(path, table.tsv().encode("utf-8"))
        print(f"{path}: {len(table.rows)} mappings")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from isecg_kg.diff import diff, markdown, read_version, trig
    from isecg_kg.export import emit

    old, new = read_version(args.old), read_version(args.new)
    changes = diff(old, new, str(args.old), str(args.new))
    if args.format == "trig":
        content = trig(changes, old, new)
    else:
        content = markdown(changes).encode("utf-8")
    emit(content, args.output)
    return EXIT_OK


def cmd_site(args: argparse.Namespace) -> int:
    from isecg_kg.site import build_site

    written = build_site(args.output, args.engines)
    print(f"wrote {len(written)} files to {args.output}/ (open {args.output / 'index.html'})")
    return EXIT_OK


def cmd_release(args: argparse.Namespace) -> int:
    from isecg_kg.release import release

    for path in release(args.output, previous=args.previous, engines=args.engines):
        print(path)
    return EXIT_OK


def cmd_queries(args: argparse.Namespace) -> int:
    from rdflib.namespace import XSD

    from isecg_kg.api import KnowledgeGraph

    for query in KnowledgeGraph.queries():
        params = "".join(f" [{p.name}={p.default}]" for p in query.parameters)
        print(f"{query.name}{params}\n    {query.title} / {query.title_ja}")
        if query.question_ja:
            print(f"    {query.question_ja}")
        for p in query.parameters:  # what each parameter means, in English, then Japanese
            print(f"    {p.name} ({str(p.datatype).replace(str(XSD), 'xsd:')})")
            print(f"        {p.description}\n        {p.description_ja}")
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from isecg_kg import KnowledgeGraph, resources
    from isecg_kg.query_gate import check_query
    from isecg_kg.results import render
    from isecg_kg.stored_queries import resolve

    query = resolve(args.query, resources.queries_dir())
    parameters = dict(parse_param(p) for p in args.param)
    text = query.bind(parameters)
    # Checked before any graph is read; an endpoint decides about SERVICE itself.
    check_query(text, str(query.path), allow_service=args.allow_service or bool(args.endpoint))
    if args.endpoint:
        from isecg_kg.engines import run_endpoint

        result = run_endpoint(
            args.endpoint,
            text,
            timeout=args.timeout,
            retries=args.retries,
            row_cap=args.row_cap,
            accept_truncated=args.accept_truncated,
        )
    else:
        result = KnowledgeGraph.load(args.data, engines=args.engines).select(
            query,
            inferred=args.inferred,
            engine=args.engine,
            timeout=args.timeout,
            allow_service=args.allow_service,
            **parameters,
        )
    sys.stdout.write(render(result, args.format, terminal=sys.stdout.isatty()))
    return EXIT_OK


def written(files: list[Path], fmt: str, inferred: bool, engines: str | None) -> bytes:
    """What `export`, `serve` and `load` write: the packaged graph and the files, read by the
    engine set's parse step, with the inferred triples of its reasoner when asked for."""
    from isecg_kg import KnowledgeGraph

    kg = KnowledgeGraph.load(files, engines=engines)
    return kg.serialize(fmt, triples="all" if inferred else "asserted")


def cmd_serve(args: argparse.Namespace) -> int:
    from isecg_kg.server import serve

    return serve(
        written(args.files, "nt", args.inferred, args.engines),
        args.host,
        args.port,
        args.timeout,
        args.location,
        args.allow_origin,
    )


def cmd_load(args: argparse.Namespace) -> int:
    from isecg_kg.graph_store import put_graph

    content = written(args.files, "nt", args.inferred, args.engines)
    graph = None if args.graph == "default" else args.graph
    status = put_graph(
        args.endpoint, content, graph=graph, timeout=args.timeout, retries=args.retries
    )
    where = "the default graph" if graph is None else f"<{graph}>"
    triples = content.count(b"\n")
    print(f"loaded {triples} triples into {where} at {clean(args.endpoint)} (HTTP {status})")
    return EXIT_OK


def parse_param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise InputError(f"--param takes NAME=VALUE, got {text!r}")
    return name.strip(), value


def parser() -> argparse.ArgumentParser:
    top = ArgumentParser(
        prog="isecg-kg",
        description="Build, validate and query the ISECG knowledge graph.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"isecg-kg {__version__}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Command, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(handler=handler)
        return p

    p = command(
        "validate",
        cmd_validate,
        "Validate the packaged graph (and your Turtle files) with the SHACL shapes.",
    )
    p.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE.ttl",
        help="extra Turtle files to validate with the graph",
    )
    p.add_argument(
        "--inference",
        choices=("none", "rdfs", "owlrl"),
        default="none",
        help="validate the asserted graph (none, default) or it plus its closure",
    )
    p.add_argument(
        "--allow-warnings",
        action="store_true",
        help="warnings (and infos) leave the graph conforming: exit 0 (by default any result, "
        "as SHACL defines conformance, is exit 1)",
    )
    p.add_argument(
        "--shapes",
        action="append",
        default=[],
        type=Path,
        metavar="FILE.ttl",
        help="a Turtle file of your own SHACL shapes, added to the project's (repeatable)",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    options.add_engines(p, "validate")
    options.add_engines(p, "reason", "--reasoner", both=False)
    p.add_argument(
        "--timeout",
        type=options.seconds,
        default=600.0,
        help="with --shapes: seconds the validation may take, then exit 4 (default 600)",
    )

    p = command(
        "reason",
        cmd_reason,
        "Write the inferred triples (OWL 2 RL closure minus the asserted graph) as Turtle.",
    )
    p.add_argument("files", nargs="*", type=Path, metavar="FILE.ttl", help="extra Turtle files")
    p.add_argument("--profile", choices=("owlrl", "rdfs"), default="owlrl")
    options.add_engines(p, "reason")
    p.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")

    p = command("export", cmd_export, "Write the merged graph (ontology + data) in one format.")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE.ttl", help="extra Turtle files")
    p.add_argument("--format", choices=("ttl", "nt", "jsonld", "xml"), default="ttl")
    p.add_argument("--inferred", action="store_true", help="include the OWL 2 RL closure")
    options.add_engines(p)
    p.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")

    p = command(
        "build",
        cmd_build,
        "The main job: load, reason, validate, export and answer the stored queries.",
    )
    p.add_argument(
        "-o", "--output", type=Path, default=Path("build"), help="output folder (default: build)"
    )
    options.add_engines(p)
    p.add_argument("--fast", action="store_true", help="the same as --engines fast")

    p = command(
        "mappings",
        cmd_mappings,
        "Write the SSSOM mapping tables from the RDF links and alignments.",
    )
    p.add_argument(
        "-o", "--output", type=Path, default=Path("mappings"), help="folder (default: mappings)"
    )

    p = command(
        "site", cmd_site, "Build the static documentation site (works from disk, no network)."
    )
    p.add_argument(
        "-o", "--output", type=Path, default=Path("build/site"), help="folder (default: build/site)"
    )
    options.add_engines(p)

    p = command(
        "release",
        cmd_release,
        "Write the release artefacts: graph formats, VoID/DCAT, SSSOM, site.",
    )
    p.add_argument("-o", "--output", type=Path, default=Path("dist"), help="folder (default: dist)")
    p.add_argument(
        "--previous",
        type=Path,
        metavar="DIR",
        help="an earlier release's folder: owl:priorVersion in the headers, CHANGES.md beside",
    )

    options.add_engines(p)

    p = command(
        "diff",
        cmd_diff,
        "What changed between two versions: terms, entities and facts added, removed, changed.",
    )
    p.add_argument("old", type=Path, metavar="OLD", help="a release folder, or a .ttl/.nt file")
    p.add_argument("new", type=Path, metavar="NEW", help="a release folder, or a .ttl/.nt file")
    p.add_argument(
        "--format",
        choices=("markdown", "trig"),
        default="markdown",
        help="markdown (default) or trig: the added and removed facts as two named graphs",
    )
    p.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")

    command("queries", cmd_queries, "List the stored queries with their titles and parameters.")

    p = command("query", cmd_query, "Run a stored query (by name) or any .rq file.")
    p.add_argument("query", metavar="NAME|FILE.rq")
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a parameter (repeatable); the value is checked against its datatype",
    )
    options.add_engines(p, "query")
    p.add_argument(
        "--endpoint",
        metavar="URL",
        type=options.endpoint,
        help="run on this SPARQL 1.1 endpoint instead "
        "(credentials: ISECG_KG_ENDPOINT_USER, ISECG_KG_ENDPOINT_PASSWORD)",
    )
    p.add_argument(
        "--timeout",
        type=options.seconds,
        default=30.0,
        help="seconds a query may take, on any engine (default 30)",
    )
    p.add_argument(
        "--retries", type=options.count, default=2, help="endpoint retries on failure (default 2)"
    )
    p.add_argument(
        "--row-cap",
        type=options.rows,
        metavar="N",
        help="the endpoint's row cap, when it does not declare it (Virtuoso does): an answer "
        "of N rows is refused as probably cut off",
    )
    p.add_argument(
        "--accept-truncated",
        action="store_true",
        help="accept an endpoint's answer that its row cap may have cut off",
    )
    p.add_argument(
        "--allow-service",
        action="store_true",
        help="let a local engine follow SERVICE clauses of the query (off by default)",
    )
    p.add_argument(
        "--inferred", action="store_true", help="query the graph with its OWL 2 RL closure"
    )
    p.add_argument(
        "--data",
        action="append",
        default=[],
        type=Path,
        metavar="FILE.ttl",
        help="also load this Turtle file (repeatable), e.g. an extract of Wikidata",
    )
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")

    p = command(
        "serve", cmd_serve, "Serve the graph read-only over SPARQL with Oxigraph, until Ctrl-C."
    )
    p.add_argument("files", nargs="*", type=Path, metavar="FILE.ttl", help="extra Turtle files")
    p.add_argument(
        "--host",
        type=options.host,
        default="127.0.0.1",
        help="address to bind (default 127.0.0.1, loopback)",
    )
    p.add_argument("--port", type=options.port, default=7878, help="port (default 7878)")
    p.add_argument(
        "--timeout", type=options.seconds, default=30, help="query timeout in seconds (default 30)"
    )
    p.add_argument(
        "--location", type=Path, help="keep the store in this folder (default: temporary)"
    )
    p.add_argument(
        "--inferred", action="store_true", help="serve the graph with its OWL 2 RL closure"
    )
    p.add_argument(
        "--allow-origin",
        type=options.origin,
        metavar="ORIGIN",
        help="the one web origin whose pages may read the answers, e.g. the site's "
        "http://127.0.0.1:8000 (default: none; no CORS header is sent)",
    )
    options.add_engines(p)

    p = command(
        "load",
        cmd_load,
        "Replace a named graph in any triple store (SPARQL 1.1 Graph Store Protocol).",
    )
    p.add_argument("files", nargs="*", type=Path, metavar="FILE.ttl", help="extra Turtle files")
    p.add_argument(
        "--endpoint",
        required=True,
        type=options.endpoint,
        metavar="URL",
        help="the store's Graph Store endpoint, e.g. http://localhost:7878/store "
        "(credentials: ISECG_KG_ENDPOINT_USER, ISECG_KG_ENDPOINT_PASSWORD)",
    )
    p.add_argument(
        "--graph",
        default="https://w3id.org/isecg-kg/graph",
        type=options.graph_iri,
        help="named graph IRI to replace, or 'default' (default: https://w3id.org/isecg-kg/graph)",
    )
    p.add_argument(
        "--inferred", action="store_true", help="load the graph with its OWL 2 RL closure"
    )
    options.add_engines(p)
    p.add_argument("--timeout", type=options.seconds, default=60.0, help="seconds (default 60)")
    p.add_argument(
        "--retries", type=options.count, default=2, help="retries on failure (default 2)"
    )
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Every failure goes through errors.report: its exit code, one clean line, no traceback."""
    handle_sigterm()
    try:
        args = parser().parse_args(argv)
        return int(args.handler(args))
    except SystemExit:
        raise  # argparse: usage or --help, already printed
    except BaseException as error:
        return report(error)


def run() -> NoReturn:
    """The `isecg-kg` command (and `python -m isecg_kg`): `main` in a process that ends with it."""
    code = main()
    # The objects still alive are left to the operating system: the interpreter's last
    # collections would walk every one of them first (a build: 0.08 s of CPU, a tenth of it).
    # Only here, never in `main`, which a test or a notebook may call many times in one process.
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
