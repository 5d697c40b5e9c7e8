"""House rules checked by the suite: layering, Qt-free lower layers, ruff."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QT_FREE_TESTS = ["tests/store", "tests/ingest", "tests/services", "tests/analysis"]


def run(args: list[str], timeout: float = 900, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=ROOT, capture_output=True, text=True, env={**os.environ, **env}, timeout=timeout
    )


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is a test dependency and must be installed"
    return found


def test_only_ui_imports_pyside6() -> None:
    result = run([tool("lint-imports"), "--no-cache"])
    assert result.returncode == 0, result.stdout + result.stderr


def test_lower_layers_pass_with_pyside6_not_importable() -> None:
    """Every test of the lower layers again, with PySide6 made unimportable: on every core
    (the suite around it waits), since they are a third of the whole suite's time."""
    dirs = [d for d in QT_FREE_TESTS if (ROOT / d).is_dir()]
    result = run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:pytest-qt",
            "-p",
            "no:cacheprovider",
            "-n",
            "auto",
            *dirs,
        ],
        timeout=2400,
        QCODE_BLOCK_QT="1",
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


def test_ruff_is_clean() -> None:
    result = run([tool("ruff"), "check", "qcode", "tests", "bench", "setup.py"])
    assert result.returncode == 0, result.stdout + result.stderr


def import_cycles() -> list[tuple[str, str]]:
    """Pairs (a, b): a imports b, and b imports a through other modules (lazy imports too)."""
    import grimp

    graph = grimp.build_graph("qcode", cache_dir=None)
    cycles = []
    for module in sorted(m for m in graph.modules if m.startswith("qcode")):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported.startswith("qcode") and module in graph.find_upstream_modules(imported):
                cycles.append((module, imported))
    return cycles


def test_no_module_imports_itself_through_others() -> None:
    assert import_cycles() == []


def test_rooms_stay_small_and_named_by_feature() -> None:
    """No folder holds more than 20 modules, nor three whose names share a prefix before _."""
    crowded = []
    for folder in sorted(p for p in (ROOT / "qcode").rglob("*") if p.is_dir()):
        modules = [p.stem for p in folder.glob("*.py") if p.name != "__init__.py"]
        prefixes = [m.split("_")[0] for m in modules]
        shared = sorted({p for p in prefixes if prefixes.count(p) >= 3})
        if len(modules) > 20 or shared:
            crowded.append((folder.relative_to(ROOT).as_posix(), len(modules), shared))
    assert crowded == []
