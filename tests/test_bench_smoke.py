"""The workbench benchmark still runs end to end on a tiny project and prints every measure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="PySide6 is not importable: no GUI benchmark")

from bench.table import MEASURES  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_prints_every_measure_on_a_tiny_workload(tmp_path: Path) -> None:
    markdown = tmp_path / "bench.md"
    argv = [sys.executable, "-m", "bench.bench_workbench", "--workloads", "tiny"]
    argv += ["--actions", "3", "--frames", "5", "--cli-runs", "1", "--timeout", "120"]
    argv += ["--cache", str(tmp_path / "cache"), "--markdown", str(markdown)]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        argv, cwd=ROOT, capture_output=True, text=True, env=env, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    for measure in MEASURES:
        row = next((line for line in lines if line.startswith(measure.label)), None)
        assert row is not None, f"no row for {measure.label}"
        assert "failed" not in row, row
        if measure.key != "apply_ratio":  # needs the small workload as well
            assert row.rstrip().endswith(("ms", "s", "MB", "×", "✓", "✗")), row
    assert "its pair counts match the service's" in result.stdout
    assert all(f"| {m.label} |" in markdown.read_text(encoding="utf-8") for m in MEASURES)
