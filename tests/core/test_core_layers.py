"""The house plan: each package imports only packages below it, and no files import each other in a circle.

Read bottom-up, as in the README: ``core`` imports nothing of ours; ``audit`` and ``reports`` read
every domain and nothing imports them. Imports inside functions count like any other.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "aarhus"
LAYERS = ["core", "deadlines", "ledger", "notify", "api", "bodies", "accounts", "legal", "hearings", "requests",
          "plans", "search", "audit", "profiles", "reports", "jobs", "seed", "<top>"]


def module_name(path: Path) -> str:
    parts = ["aarhus", *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in ROOT.rglob("*.py")}


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and (ROOT / parts[1]).is_dir() else "<top>"


def imports_of(path: Path) -> set[str]:
    """The modules of ours a file imports, resolved to files (``from pkg import module`` names the module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("aarhus")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("aarhus"):
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in MODULES else node.module)
    return {name for name in found if name in MODULES}


GRAPH = {module: imports_of(path) for module, path in MODULES.items()}


def test_every_package_has_a_place_in_the_plan():
    packages = {package_of(module) for module in MODULES}
    assert packages <= set(LAYERS), packages - set(LAYERS)


def test_no_import_runs_up_the_plan():
    upward = [f"{source} imports {target}" for source, targets in GRAPH.items() for target in targets
              if LAYERS.index(package_of(target)) > LAYERS.index(package_of(source))]
    assert upward == []


def test_no_files_import_each_other_in_a_circle():
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in GRAPH[node]:
                circles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert circles == []


def test_the_plan_sees_the_imports_it_judges():
    # A guard against a walker that silently finds nothing.
    assert "aarhus.core.extensions" in GRAPH["aarhus.hearings.models"]
    assert "aarhus.ledger.chain" in GRAPH["aarhus.hearings.operations"] or any(
        "aarhus.ledger.chain" in GRAPH[m] for m in GRAPH if m.startswith("aarhus.hearings."))
