"""The package's layers, read from every import of every file (those inside functions too): no
import runs from a lower layer to a higher one, there is no import circle, only the web layer,
operations, pages/ and app.py import Streamlit, and Streamlit's internals only through the one
door (sangkien/web/framework.py). A failure names the file, the line and the import."""

from __future__ import annotations

import ast
import functools
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# low to high: a module may import its own layer or a lower one
LAYERS = ("core", "storage", "campaign", "ingest", "web", "ops", "cli")
RANK = {name: i for i, name in enumerate(LAYERS)}
TOP = len(LAYERS)  # sangkien/__main__.py, app.py and pages/: above every layer
STREAMLIT_LAYERS = {"web", "ops", "top"}
DOOR = "sangkien.web.framework"
PUBLIC_STREAMLIT = ("streamlit", "streamlit.testing.v1", "streamlit.components.v1")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def source_files() -> list[Path]:
    return sorted([*ROOT.joinpath("sangkien").rglob("*.py"), *ROOT.joinpath("pages").glob("*.py"), ROOT / "app.py"])


def layer(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "sangkien" and len(parts) > 1 and parts[1] in RANK:
        return parts[1]
    return "top"


def rank(module: str) -> int:
    name = layer(module)
    return TOP if name == "top" else RANK[name]


def imports(path: Path) -> list[tuple[int, str, str]]:
    """(line, imported module, the statement's text) of every import in a file, anywhere in it."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from package import module` names modules; `from module import name` names the module
            names = [f"{base}.{alias.name}" if _is_module(f"{base}.{alias.name}") else base for alias in node.names]
        else:
            continue
        for name in dict.fromkeys(names):
            found.append((node.lineno, name, lines[node.lineno - 1].strip()))
    return found


@functools.cache
def _is_module(name: str) -> bool:
    if name.startswith("streamlit."):
        try:  # `from streamlit import config` reaches a module; `from streamlit.x import Name` does not
            return importlib.util.find_spec(name) is not None
        except (ImportError, AttributeError):
            return False
    if not name.startswith("sangkien"):
        return False
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


@functools.cache
def graph() -> dict[str, list[tuple[int, str, str]]]:
    """Every file's imports, read once per run (the checks below only read it)."""
    return {module_name(path): imports(path) for path in source_files()}


def where(module: str) -> str:
    path = ROOT.joinpath(*module.split("."))
    return str((path / "__init__.py" if path.is_dir() else path.with_suffix(".py")).relative_to(ROOT))


def test_no_import_runs_up_a_layer():
    wrong = [
        f"{where(module)}:{line}: `{text}` ({layer(module)} imports {layer(target)})"
        for module, found in graph().items()
        for line, target, text in found
        if target.startswith("sangkien.") and rank(target) > rank(module)
    ]
    assert not wrong, "imports from a lower layer to a higher one:\n" + "\n".join(wrong)


def test_no_import_circle():
    edges = {
        module: {target: (line, text) for line, target, text in found if target in graph_modules() and target != module}
        for module, found in graph().items()
    }
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges.get(node, {})):
            if state.get(target) == 1:
                loop = stack[stack.index(target) :] + [target]
                cycles.append(
                    " -> ".join(f"{where(a)}:{edges[a][b][0]}" for a, b in zip(loop, loop[1:], strict=False))
                    + f" (back to {where(target)})"
                )
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert not cycles, "import circles:\n" + "\n".join(cycles)


@functools.cache
def graph_modules() -> frozenset[str]:
    return frozenset(module_name(path) for path in source_files())


def streamlit_imports(wrong_where) -> list[str]:
    """`file:line: import` of every Streamlit import for which wrong_where(module, target) holds."""
    return [
        f"{where(module)}:{line}: `{text}`"
        for module, found in graph().items()
        for line, target, text in found
        if target.split(".")[0] == "streamlit" and wrong_where(module, target)
    ]


def is_public(target: str) -> bool:
    return any(target == p or (p != "streamlit" and target.startswith(p + ".")) for p in PUBLIC_STREAMLIT)


def test_only_the_web_layer_operations_and_pages_import_streamlit():
    wrong = streamlit_imports(lambda module, _: layer(module) not in STREAMLIT_LAYERS or module == "sangkien.__main__")
    assert not wrong, "Streamlit imported outside the web layer, operations and pages:\n" + "\n".join(wrong)


def test_streamlit_internals_only_through_the_door():
    wrong = streamlit_imports(lambda module, target: module != DOOR and not is_public(target))
    assert not wrong, "Streamlit internals reached outside sangkien/web/framework.py:\n" + "\n".join(wrong)


@pytest.mark.parametrize("rule", ["up", "circle"])
def test_the_checks_see_an_import_inside_a_function(tmp_path, rule):
    """The reader finds an import made inside a function (where every old circle hid)."""
    path = ROOT / "sangkien" / "core" / "_layers_probe.py"
    target = "sangkien.ops.serve" if rule == "up" else "sangkien.core.fmt"
    path.write_text(f"def f():\n    import {target}\n", encoding="utf-8")
    try:
        assert (2, target, f"import {target}") in imports(path)
    finally:
        path.unlink()
