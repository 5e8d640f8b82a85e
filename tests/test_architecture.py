"""The house: each folder is one room with one job, and data flows one way between them.

    reader/       source files -> notices           imports nothing of the other rooms
    publisher/    notices -> a built site           reader, bundle, and calculators only through calculators.api
    server/       serves a built folder             nothing of the other rooms
    calculators/  the engine, standard library only nothing of the other rooms
    bundle/       the browser bundle of the engine  nothing of the other rooms (it packs calculators/ as files)

No import cycles between modules (imports inside functions count too), and no module too long to read
in one sitting.
"""
import ast
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

ROOMS = ("reader", "publisher", "server", "calculators", "bundle")
MAY_IMPORT = {
    "reader": {"reader"},
    "publisher": {"publisher", "reader", "bundle", "calculators"},
    "server": {"server"},
    "calculators": {"calculators"},
    "bundle": {"bundle"},
}
CALCULATORS_PUBLIC = ("calculators", "calculators.api")
MODULE_MAX_LINES = 600  # "no module a newcomer cannot read in one sitting"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for room in ROOMS:
        for path in sorted((ROOT / room).rglob("*.py")):
            modules[module_name(path)] = path
    return modules


MODULES = project_modules()


def imports_of(path: Path):
    """(imported module, line) for every import of a module, relative ones made absolute; `from X import y`
    names the submodule X.y when there is one."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                yield (submodule if submodule in MODULES else module), node.lineno


def room_of(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top in ROOMS else None


def test_every_room_is_a_package_and_the_old_flat_folder_is_gone():
    for room in ROOMS:
        assert (ROOT / room / "__init__.py").exists(), room
    assert not (ROOT / "pipeline").exists()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_flow_one_way(module):
    path = MODULES[module]
    room = room_of(module)
    for imported, line in imports_of(path):
        target = room_of(imported)
        if target is None:
            continue
        assert target in MAY_IMPORT[room], f"{path.relative_to(ROOT)}:{line} imports {imported} ({room} -> {target})"
        if room != "calculators" and target == "calculators":
            assert imported in CALCULATORS_PUBLIC, f"{path.relative_to(ROOT)}:{line} imports {imported}: use calculators.api"


def test_calculators_use_the_standard_library_only():
    for module, path in MODULES.items():
        if room_of(module) != "calculators":
            continue
        for imported, line in imports_of(path):
            top = imported.split(".")[0]
            assert top in sys.stdlib_module_names or top == "calculators", f"{path.name}:{line} imports {imported}"


def test_the_server_uses_the_standard_library_only():
    """The kiosk's local server runs with nothing but Python: it must not need the build's packages."""
    for module, path in MODULES.items():
        if room_of(module) != "server":
            continue
        for imported, line in imports_of(path):
            top = imported.split(".")[0]
            assert top in sys.stdlib_module_names or top == "server", f"{path.name}:{line} imports {imported}"


def import_graph() -> dict[str, set[str]]:
    graph = {module: set() for module in MODULES}
    for module, path in MODULES.items():
        for imported, _ in imports_of(path):
            # importing a package runs its __init__; importing a submodule imports its package first
            while imported and imported not in MODULES:
                imported = imported.rpartition(".")[0]
            if imported and imported != module and not module.startswith(imported + "."):
                graph[module].add(imported)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    """The check above can fail: two modules importing each other, and a longer ring, are found."""
    assert cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_too_long_to_read_in_one_sitting(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MODULE_MAX_LINES, f"{MODULES[module].relative_to(ROOT)} has {lines} lines"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_says_its_job(module):
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{MODULES[module].relative_to(ROOT)} has no docstring"


def test_build_py_is_the_command_line_only():
    """build.py parses arguments and calls the rooms: it imports no reader module (stages belong to the rooms)
    and stays short."""
    for imported, line in imports_of(ROOT / "build.py"):
        assert room_of(imported) != "reader" or imported == "reader.sources", f"build.py:{line} imports {imported}"
    assert (ROOT / "build.py").read_text(encoding="utf-8").count("\n") <= 250
