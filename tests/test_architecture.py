"""Package dependencies point one way (shared/DESIGN.md): read from the source with `ast`, so an import
hidden inside a function counts like one at the top.

A "package" is a sub-package of drafter (drafter/api/...) or a top-level module (drafter/sla.py). Each
rule is a function over the import graph; the last tests feed each rule a graph that breaks it, so no
rule can pass by reading nothing.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

import drafter

ROOT = Path(drafter.__file__).resolve().parent

Graph = Mapping[str, set[str]]  # module -> the drafter modules it imports

# Package cycles still to remove (classify <-> language: the language stage reads classify's seed set
# and transliteration table). Listed so that any other cycle fails now; when one of these is gone the
# test says so, and the entry is deleted. (compose <-> llm is gone: llm/ is a client only.)
KNOWN_CYCLES: set[frozenset[str]] = set()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imported(node: ast.AST, module: str, is_package: bool) -> Iterable[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        if node.level:  # relative: resolve against this module's package
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        yield target
        # `from drafter.x import y` may import the module drafter.x.y
        yield from (f"{target}.{alias.name}" for alias in node.names)


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets = set()
        for node in ast.walk(tree):
            for name in _imported(node, module, path.name == "__init__.py"):
                if name in paths and name != module:
                    targets.add(name)
        graph[module] = targets
    return graph


def package_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[1] in ("__main__",):
        return None  # drafter itself (its __version__) and `python -m drafter`
    return parts[1]


def package_graph(graph: Graph) -> dict[str, set[str]]:
    packages: dict[str, set[str]] = {}
    for module, targets in graph.items():
        source = package_of(module)
        if source is None:
            continue
        packages.setdefault(source, set())
        for target in targets:
            other = package_of(target)
            if other is not None and other != source:
                packages[source].add(other)
    return packages


def cycles(packages: Mapping[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components with more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(packages.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(packages):
        if node not in index:
            visit(node)
    return found


def _edges(graph: Graph, source: str, target: str) -> list[str]:
    """'a -> b' for every module under `source` importing a module under `target` (prefixes)."""

    def under(module: str, prefix: str) -> bool:
        return module == prefix or module.startswith(prefix + ".")

    return sorted(
        f"{m} -> {t}" for m, targets in graph.items() if under(m, source) for t in targets if under(t, target)
    )


# ---------------------------------------------------------------- the rules


def unexpected_cycles(graph: Graph) -> list[frozenset[str]]:
    return [c for c in cycles(package_graph(graph)) if c not in KNOWN_CYCLES]


def devtools_importers(graph: Graph) -> list[str]:
    """Development tools are used by the CLI and by each other, never by the product."""
    allowed = ("drafter.devtools", "drafter.cli")
    edges = _edges(graph, "drafter", "drafter.devtools")
    return [e for e in edges if not e.split(" -> ")[0].startswith(allowed)]


def api_web_edges(graph: Graph) -> list[str]:
    """The app factory may install the page (drafter.web itself); nothing in api/ imports web/'s route
    modules, and web/ imports nothing from api/."""
    api_to_web = [e for e in _edges(graph, "drafter.api", "drafter.web") if not e.endswith("-> drafter.web")]
    return api_to_web + _edges(graph, "drafter.web", "drafter.api")


def cli_route_imports(graph: Graph) -> list[str]:
    """The CLI reads its request schemas from drafter.schemas, never from an HTTP route module."""
    return _edges(graph, "drafter.cli", "drafter.api.routes")


def api_importers(graph: Graph) -> list[str]:
    """Only the shells (CLI, devtools' servers) start the API; no stage or worker imports it."""
    allowed = ("drafter.api", "drafter.cli", "drafter.devtools")
    return [e for e in _edges(graph, "drafter", "drafter.api") if not e.split(" -> ")[0].startswith(allowed)]


def llm_upward(graph: Graph) -> list[str]:
    """llm/ is a client (client, circuit, cost, prompts): it imports nothing from the stages above it."""
    above = ("drafter.compose", "drafter.classify", "drafter.pipeline", "drafter.api", "drafter.web")
    return [e for target in above for e in _edges(graph, "drafter.llm", target)]


def pipeline_ports(graph: Graph) -> list[str]:
    """The pipeline is pure: the database, the shells and the wiring that builds its ports stay outside."""
    outside = ("drafter.persistence", "drafter.api", "drafter.cli", "drafter.workers", "drafter.wiring")
    return [e for target in outside for e in _edges(graph, "drafter.pipeline", target)]


KNOWN_MODULE_CYCLES: set[frozenset[str]] = set()


def module_cycles(graph: Graph) -> list[frozenset[str]]:
    """No import cycle between modules either (the lint package's detectors, packs, document and engine
    imported each other through function-local and TYPE_CHECKING imports)."""
    return [c for c in cycles(graph) if c not in KNOWN_MODULE_CYCLES]


RULES = [
    unexpected_cycles,
    devtools_importers,
    api_web_edges,
    cli_route_imports,
    api_importers,
    llm_upward,
    pipeline_ports,
    module_cycles,
]


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def test_the_graph_is_read(graph):
    assert len(graph) > 100
    assert "drafter.pipeline" in graph["drafter.api.app"]
    assert "drafter.persistence.db" in graph["drafter.persistence.migrate"]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.__name__)
def test_rule_holds(rule, graph):
    assert rule(graph) == [], rule.__doc__


def test_known_cycles_still_exist(graph):
    """Delete an entry from KNOWN_CYCLES as soon as its cycle is gone, so that it cannot come back."""
    present = set(cycles(package_graph(graph)))
    assert KNOWN_CYCLES <= present, f"gone, remove from KNOWN_CYCLES: {KNOWN_CYCLES - present}"


# ---------------------------------------------------------------- each rule can fail

BROKEN = {
    unexpected_cycles: {
        "drafter.drafts.service": {"drafter.outbox.payload"},
        "drafter.outbox.worker": {"drafter.drafts.transitions"},
    },
    devtools_importers: {"drafter.compose.render": {"drafter.devtools.gallery"}},
    api_web_edges: {"drafter.web.api": {"drafter.api.deps"}},
    cli_route_imports: {"drafter.cli.pipeline_cmds": {"drafter.api.routes.checks"}},
    api_importers: {"drafter.workers.tasks": {"drafter.api.errors"}},
    llm_upward: {"drafter.llm.second_opinion": {"drafter.compose.llm"}},
    pipeline_ports: {"drafter.pipeline": {"drafter.persistence.order_store"}},
    module_cycles: {
        "drafter.lint.packs": {"drafter.lint.detectors"},
        "drafter.lint.detectors": {"drafter.lint.packs"},
    },
}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.__name__)
def test_rule_fails_on_a_graph_that_breaks_it(rule):
    assert rule(BROKEN[rule])


def test_the_app_factory_may_install_the_page():
    assert api_web_edges({"drafter.api.app": {"drafter.web"}}) == []
    assert api_web_edges({"drafter.api.app": {"drafter.web.page"}}) == ["drafter.api.app -> drafter.web.page"]
