"""`qcode chart KIND PROJECT -o FILE`: each kind drawn from the project's coding, as SVG and
PNG; unknown kinds, formats and themes refused in one line with nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_codebook_cli import ok, refused
from tests.cli.test_lazy_imports import run_probe
from tests.export.test_charts import build, svg_cells, svg_texts

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("chart-template") / "charts.qcode")


@pytest.fixture
def project(template: Path, copy_of: Callable[[Path], str]) -> str:
    """PROJECT: this test's copy of the charts study, as a file or on the server."""
    return copy_of(template)


def test_frequency_by_participant_and_by_wave(capsys, project: str, tmp_path: Path) -> None:
    svg = tmp_path / "frequency.svg"
    said = ok(capsys, "chart", "frequency", project, "-o", str(svg))
    assert said == f"wrote frequency chart (7 rows × 2 columns) to {svg}\n"
    texts = svg_texts(svg.read_bytes())
    assert "Segments per code and participant" in texts
    # Being heard (row 3): Ann, Ben and Cy in PA 1 and Ann in PA 2 are PA's 4 segments.
    assert svg_cells(svg.read_bytes())[(3, 0)] == "4"
    png = tmp_path / "waves.PNG"
    ok(capsys, "chart", "frequency", project, "-o", str(png), "--by", "wave", "--coder", "Ann")
    assert png.read_bytes()[:8] == PNG


def test_cooccurrence_and_agreement_charts(capsys, project: str, tmp_path: Path) -> None:
    co = tmp_path / "co.svg"
    ok(capsys, "chart", "cooccurrence", project, "-o", str(co), "--count", "characters")
    assert svg_cells(co.read_bytes()) == {(0, 1): "10", (1, 0): "10"}
    kappa = tmp_path / "kappa.svg"
    ok(capsys, "chart", "agreement", project, "-o", str(kappa), "--coders", "Ann, Ben")
    texts = svg_texts(kappa.read_bytes())
    assert "Agreement per code and document (κ)" in texts and "0.38" in texts  # Being heard
    alpha = tmp_path / "alpha.svg"
    ok(capsys, "chart", "agreement", project, "-o", str(alpha))  # all three coders
    assert "Agreement per code and document (α)" in svg_texts(alpha.read_bytes())
    assert "0.58" in svg_texts(alpha.read_bytes())  # 1 − 299·40 / (2·240·60), by hand


def test_cmo_diagram_of_a_theme(capsys, project: str, tmp_path: Path) -> None:
    out = tmp_path / "cmo.svg"
    said = ok(capsys, "chart", "cmo", project, "-o", str(out), "--theme", "Better care")
    assert said == f"wrote CMO diagram of 'Better care' (4 categories) to {out}\n"
    texts = [t.replace("\u00a0", " ") for t in svg_texts(out.read_bytes())]
    assert {"Time set aside (C)", "Cover for clinics (C)", "Being heard (M)"} <= set(texts)
    assert "Loose note" not in " ".join(texts)  # unflagged: not in the diagram


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["pie"], "qcode: cannot chart 'pie'; kinds: frequency, cooccurrence, agreement, cmo"),
        (["frequency", "-o", "{out}.pdf"], "cannot draw a chart as '.pdf'; use .svg or .png"),
        (["frequency", "-o", "{out}"], "cannot draw a chart as no suffix"),
        (["cmo", "--theme", "Nowhere"], "no code 'Nowhere' in the codebook"),
        (["cmo", "--theme", "Staying on"], "has no category flagged C or M"),
        (["cmo", "--theme", "Better care/Being heard"], "is not an outcome theme"),
        (["agreement", "--coders", "Ann"], "needs two coders or more"),
        (["agreement", "--coders", "Ann,Zoe"], "no coder 'Zoe'"),
        (["frequency", "--by", "colour"], "cross codes by participant, wave or attribute:NAME"),
        (["frequency", "--count", "words"], "count segments or characters, not 'words'"),
        (["frequency", "-o", "{out}/missing/x.png"], "does not exist"),
    ],
)
def test_refusals_are_one_line_and_write_nothing(
    capsys, project: str, tmp_path: Path, argv: list[str], message: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    argv = [arg.replace("{out}", str(folder / "chart")) for arg in argv]
    if "-o" not in argv:
        argv += ["-o", str(folder / "chart.png")]
    kind, *options = argv
    refused(capsys, project, "chart", kind, project, *options, message=message)  # type: ignore[arg-type]
    assert list(folder.iterdir()) == []


def test_never_over_the_project(capsys, template: Path, tmp_path: Path) -> None:
    copy = tmp_path / "charts.png"
    copy.write_bytes(template.read_bytes())  # a project under a picture's name
    refused(capsys, copy, "chart", "frequency", str(copy), "-o", str(copy), message="project")


def test_version_and_help_do_not_load_matplotlib() -> None:
    for argv in (["--version"], ["chart", "--help"]):
        _result, modules = run_probe(*argv)
        assert "matplotlib" not in modules, argv
        assert "qcode" in modules
