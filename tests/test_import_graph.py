"""No two apps import each other, directly or round about: each app builds only on those below it.

The graph is read from the source (every ``import`` and ``from … import``, at module level and inside functions
alike), so an import moved into a function to dodge a cycle still counts. Its nodes are the apps
(``geo_participation/<app>/``, ``maps/<app>/``) and the project's top-level modules (``geo_participation/formats.py``,
``urls.py``, ``settings/``, …).
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("geo_participation", "maps")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def node_of(module: str) -> str:
    """The app (or top-level module) a module belongs to: its first two dotted parts."""
    return ".".join(module.split(".")[:2])


def imported_modules(path: Path, module: str) -> list[tuple[str, int]]:
    """Every module of ours that ``path`` imports, with the line, wherever the import stands."""
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            # "from geo_participation import formats" imports the module geo_participation.formats
            found += [(f"{target}.{alias.name}", node.lineno) for alias in node.names]
    return [(name, line) for name, line in found if name.split(".")[0] in PACKAGES]


def import_graph() -> dict[str, dict[str, list[str]]]:
    """node -> {imported node: ["path:line", ...]}, between different nodes only."""
    modules = {module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for module, path in modules.items():
        source = node_of(module)
        for target, line in imported_modules(path, module):
            if target not in modules and target.rpartition(".")[0] in modules:
                target = target.rpartition(".")[0]  # a name imported from a module, not a module
            if target not in modules:
                continue
            destination = node_of(target)
            if destination != source and "." in destination:
                graph[source][destination].append(f"{path.relative_to(ROOT)}:{line}")
    return graph


def cycles(graph) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan's algorithm)."""
    index, low, stack, on_stack, result, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, {}):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in list(graph):
        if node not in index:
            visit(node)
    return result


def test_no_app_imports_another_that_imports_it_back():
    graph = import_graph()
    found = cycles(graph)
    explained = []
    for component in found:
        for source in component:
            for target in component:
                if target in graph[source]:
                    explained.append(f"{source} -> {target}: {', '.join(sorted(set(graph[source][target]))[:3])}")
    assert not found, "Import cycles between apps:\n" + "\n".join(explained)


def test_the_check_sees_imports_inside_functions_and_relative_ones(tmp_path):
    """The check itself: a cycle made of a function-level import and a relative one is found."""
    graph = {"maps.a": {"maps.b": ["x"]}, "maps.b": {"maps.c": ["y"]}, "maps.c": {"maps.a": ["z"]}, "maps.d": {}}
    assert cycles(graph) == [["maps.a", "maps.b", "maps.c"]]
    source = tmp_path / "views.py"
    source.write_text("def f():\n    from maps.geo.selectors import city_boundary\nfrom ..polls import models\n")
    found = dict(imported_modules(source, "maps.ballot_boxes.views"))
    assert found["maps.geo.selectors.city_boundary"] == 2 and found["maps.polls.models"] == 3


def test_the_graph_knows_the_apps_that_must_not_form_a_cycle():
    """Guard against a check that passes because it reads nothing: known edges are there."""
    graph = import_graph()
    assert "geo_participation.core" in graph["geo_participation.accounts"]
    assert "geo_participation.projects" in graph["maps.mapping"]
    assert "geo_participation.formats" in graph["geo_participation.polls"]
