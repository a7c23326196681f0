"""The import boundaries hold (DESIGN.md 4b): regions/ never imports marketplace/, the compliance
records read the AI review through a registry, packs are independent, and no module takes part
in an import cycle. The contracts live in pyproject.toml ([tool.importlinter]); `make lint`
runs them too."""

import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def test_every_import_linter_contract_is_kept(capsys):
    code = lint_imports(config_filenames=(str(PYPROJECT),), no_cache=True, no_logo=True)
    output = capsys.readouterr().out
    assert code == 0, output
    contracts = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]
    assert f"Contracts: {len(contracts)} kept, 0 broken." in output


def test_the_forbidden_contract_catches_a_lazy_import(tmp_path):
    """The contract is not vacuous: an import of marketplace inside a function of regions/
    (the kind that used to hide here) breaks it."""
    (tmp_path / "regions").mkdir()
    (tmp_path / "regions" / "__init__.py").write_text("")
    (tmp_path / "regions" / "gate.py").write_text(
        "def compliance_for():\n    from marketplace.catalog import Listing\n    return Listing\n")
    (tmp_path / "marketplace").mkdir()
    (tmp_path / "marketplace" / "__init__.py").write_text("")
    (tmp_path / "marketplace" / "catalog.py").write_text("Listing = object\n")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT.read_text())
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--contract", "regions-below-marketplace"],
        cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path)},
        check=False, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "regions never imports marketplace BROKEN" in result.stdout
    assert "regions.gate -> marketplace.catalog (l.2)" in result.stdout


def import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), imports inside
    functions included."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for module in sorted(graph.modules):
            if module not in index:
                visit(module)
    finally:
        sys.setrecursionlimit(limit)
    return cycles


def test_no_module_takes_part_in_an_import_cycle():
    graph = grimp.build_graph("regions", "marketplace", cache_dir=None)
    assert import_cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for module in ("a", "b", "c"):
        graph.add_module(module)
    graph.add_import(importer="a", imported="b")
    graph.add_import(importer="b", imported="a")
    graph.add_import(importer="b", imported="c")
    assert import_cycles(graph) == [["a", "b"]]


def test_no_module_of_the_project_is_imported_by_name_string():
    """importlib hid an import from the contracts (it was how regions/ reached the AI review):
    our own modules are imported by import statements, and registries replace the rest.
    (Dynamic imports of names from settings, such as a pack's module, stay possible.)"""
    hiding = ('import_module("regions', 'import_module("marketplace', "import_module('regions",
              "import_module('marketplace", "__import__(")
    found = [f"{path.relative_to(ROOT)}:{number}"
             for package in ("regions", "marketplace")
             for path in sorted((ROOT / package).rglob("*.py"))
             for number, line in enumerate(path.read_text().splitlines(), 1)
             if any(text in line for text in hiding)]
    assert found == []
