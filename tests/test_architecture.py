"""Package dependencies point one way (shared/DESIGN.md): read from the source with `ast`, no import needed.

- llm/ is a client (client, circuit, cost, prompts) and imports nothing from the stages above it;
- no import cycle between drafter's modules, counting every import (function-local ones too);
- the pipeline imports no persistence and no shell.
Each rule is checked against a graph it must reject too, so none of them can pass by finding nothing.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from drafter.config import REPO_ROOT

PACKAGE = REPO_ROOT / "drafter"
ABOVE_LLM = ("drafter.compose", "drafter.classify", "drafter.pipeline", "drafter.api", "drafter.web")
Graph = dict[str, set[str]]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.Module, *, module_level: bool) -> Iterator[tuple[str, list[str]]]:
    """(module imported from, names) for the imports in a file: module-level ones (outside
    TYPE_CHECKING) or every one, function-local ones included."""
    nodes: list[ast.AST]
    if module_level:
        nodes = []
        stack: list[ast.AST] = list(tree.body)
        while stack:
            node = stack.pop()
            if isinstance(node, ast.If) and _is_type_checking(node):
                continue
            if isinstance(node, (ast.If, ast.Try)):
                stack.extend(
                    [
                        *node.body,
                        *node.orelse,
                        *getattr(node, "handlers", []),
                        *getattr(node, "finalbody", []),
                    ]
                )
            elif isinstance(node, ast.ExceptHandler):
                stack.extend(node.body)
            else:
                nodes.append(node)
    else:
        nodes = list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [a.name for a in node.names]


def import_graph(*, module_level: bool) -> Graph:
    modules = _modules()
    graph: Graph = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target, names in _imports(tree, module_level=module_level):
            if not target.startswith("drafter"):
                continue
            # `from drafter import classify` imports the module drafter.classify, not drafter/__init__.
            subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in modules]
            for dep in subs or [target]:
                if dep in modules and dep != name:
                    graph[name].add(dep)
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def upward_from_llm(graph: Graph) -> list[tuple[str, str]]:
    return sorted(
        (src, dst)
        for src, deps in graph.items()
        if src == "drafter.llm" or src.startswith("drafter.llm.")
        for dst in deps
        if dst.startswith(ABOVE_LLM)
    )


def test_the_rules_can_fail():
    """The checks reject graphs that break them (so an empty answer below means something)."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert upward_from_llm({"drafter.llm.facts": {"drafter.compose.facts"}}) == [
        ("drafter.llm.facts", "drafter.compose.facts")
    ]
    graph = import_graph(module_level=False)
    assert "drafter.lint.check" in graph["drafter.pipeline"]  # the graph sees real edges


def test_llm_imports_nothing_above_it():
    """Function-local imports count too: a hidden edge is still an edge."""
    assert upward_from_llm(import_graph(module_level=False)) == []


# A cycle outside the stages, left to the other half of issue 14 (outbox pass and worker re-export each
# other); it may go, it may not grow.
KNOWN_CYCLES = [["drafter.outbox.passes", "drafter.outbox.worker"]]


def test_no_import_cycles():
    """Every import counts, function-local and TYPE_CHECKING ones too: the lint cycle (detectors, packs,
    document, engine) and compose's facts <-> tone hid in exactly those."""
    assert [c for c in cycles(import_graph(module_level=False)) if c not in KNOWN_CYCLES] == []


def test_no_import_cycles_at_import_time():
    assert cycles(import_graph(module_level=True)) == []


def test_the_pipeline_imports_no_persistence_and_no_shell():
    deps = import_graph(module_level=False)["drafter.pipeline"]
    shells = (
        "drafter.persistence",
        "drafter.api",
        "drafter.cli",
        "drafter.workers",
        "drafter.wiring",
        "drafter.devtools",
    )
    assert sorted(d for d in deps if d.startswith(shells)) == []
