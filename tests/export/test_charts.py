"""Charts: the figures each one shows, hand-checked from the coding, and the pictures drawn."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from qcode.analysis.charts import Grid
from qcode.errors import QcodeError
from qcode.export.charts.render import chart_bytes, write_chart
from qcode.services.charts.gather import ChartRequest, chart_data
from qcode.services.codebook.edit import add_code
from qcode.services.coders import add_coder
from qcode.services.coding import code_span
from qcode.services.realist.statements import add_statement
from qcode.store.project import Project, create_project, open_project
from tests.helpers import add_text

# PA 1 is exactly 100 characters, so the agreement figures can be worked by hand.
PA1 = ("Mentor: we set time aside each week and I felt heard, which I had not been before. " * 2)[
    :100
]
PA2 = "Later the mentor helped me plan the return to work and I stayed on in the practice."
PB1 = "Nobody listened at first; then a trusted mentor listened and things changed."
TIME, HEARD, TRUSTED = (
    "Better care/Time set aside",
    "Better care/Being heard",
    "Better care/Trusted mentor",
)
COVER, NOTE = "Better care/Time set aside/Cover for clinics", "Better care/Loose note"
SVG = "{http://www.w3.org/2000/svg}"


def build(path: Path) -> Path:
    """Three documents, a flagged codebook, coding by Ann, Ben and Cy, one statement."""
    with create_project(path) as project:
        add_text(project, "PA 1", PA1, "PA", 1)
        add_text(project, "PA 2", PA2, "PA", 2)
        add_text(project, "PB 1", PB1, "PB", 1)
        for name in ("Ann", "Ben", "Cy"):
            add_coder(project, name)
        add_code(project, TIME, flags="C")
        add_code(project, COVER, flags="C")
        add_code(project, HEARD, flags="M")
        add_code(project, TRUSTED, flags="CM")
        add_code(project, NOTE)
        add_code(project, "Staying on")
        fill(project)
    return path


def fill(project: Project) -> None:
    code_span(project, "PA 1", TIME, "Ann", 0, 20)
    code_span(project, "PA 1", TIME, "Ben", 0, 20)
    code_span(project, "PA 1", TRUSTED, "Ann", 10, 30)  # overlaps Ann's Time set aside by 10
    code_span(project, "PA 1", HEARD, "Ann", 30, 50)
    code_span(project, "PA 1", HEARD, "Ben", 40, 60)
    code_span(project, "PA 1", HEARD, "Cy", 30, 50)
    code_span(project, "PA 2", HEARD, "Ann", 0, 12)
    code_span(project, "PA 2", "Staying on", "Ben", 60, 83)
    code_span(project, "PB 1", TRUSTED, "Ben", 34, 48)
    add_statement(project, "Better care", "Time set aside lets a doctor be heard.", [TIME, HEARD])


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    with open_project(build(tmp_path_factory.mktemp("charts") / "charts.qcode")) as project:
        yield project


def data(project: Project, **options: object):  # type: ignore[no-untyped-def]
    with project.session() as session:
        return chart_data(session, ChartRequest(**options))  # type: ignore[arg-type]


def svg_texts(svg: bytes) -> list[str]:
    """Every text the SVG shows, in order (a wrapped label comes as one text a line)."""
    root = ElementTree.fromstring(svg)
    return [("".join(t.itertext())).strip() for t in root.iter(f"{SVG}text")]


def test_frequency_counts_segments_per_code_and_participant(study: Project) -> None:
    grid = data(study, kind="frequency")
    assert isinstance(grid, Grid) and grid.columns == ("PA", "PB")
    names = [row.strip("\u2002") for row in grid.rows]
    assert names == [
        "Better care",
        "Time set aside",
        "Cover for clinics",
        "Being heard",
        "Trusted mentor",
        "Loose note",
        "Staying on",
    ]
    assert grid.levels == (0, 1, 2, 1, 1, 1, 0)
    heard, trusted, staying = grid.values[3], grid.values[4], grid.values[6]
    assert heard == (4.0, 0.0)  # Ann, Ben, Cy in PA 1 and Ann in PA 2
    assert trusted == (1.0, 1.0)
    assert staying == (1.0, 0.0)
    assert grid.texts[3] == ("4", "")  # a zero is left blank
    by_wave = data(study, kind="frequency", by="wave", count="characters", coder="Ann")
    assert by_wave.columns == ("wave 1", "wave 2")
    assert by_wave.values[3] == (20.0, 12.0)  # Ann's Being heard: 30–50 in PA 1, 0–12 in PA 2
    assert "Ann's coding only" in by_wave.note


def test_cooccurrence_lists_the_codes_that_overlap(study: Project) -> None:
    grid = data(study, kind="cooccurrence")
    assert grid.rows == ("1. Time set aside", "2. Trusted mentor")
    assert grid.columns == ("1", "2")
    # Ann's and Ben's Time set aside (0–20) each overlap Ann's Trusted mentor (10–30).
    assert grid.values == ((None, 2.0), (2.0, None))
    characters = data(study, kind="cooccurrence", count="characters")
    assert characters.values[0][1] == 10.0  # the union of the overlaps: 10–20


def test_agreement_is_cohens_kappa_for_two_coders(study: Project) -> None:
    grid = data(study, kind="agreement", coders=["Ann", "Ben"])
    assert grid.measure == "κ" and grid.scale == "agreement"
    row = grid.rows.index("Being heard")
    # PA 1: Ann 30–50, Ben 40–60 over 100 characters.
    ann = np.zeros(100, int)
    ben = np.zeros(100, int)
    ann[30:50], ben[40:60] = 1, 1
    assert grid.values[row][grid.columns.index("PA 1")] == pytest.approx(0.375)
    assert cohen_kappa_score(ann, ben) == pytest.approx(0.375)
    assert grid.value("Time set aside", "PA 1") == pytest.approx(1.0)
    assert grid.value("Being heard", "PA 2") == pytest.approx(0.0)  # Ann only: no agreement
    assert grid.texts[row][grid.columns.index("PA 1")] == "0.38"
    assert grid.value("Being heard", "PB 1") is None and grid.texts[row][2] == ""
    assert "Cohen's kappa" in grid.note and "Ann, Ben" in grid.note


def test_agreement_is_krippendorffs_alpha_for_three_coders(study: Project) -> None:
    grid = data(study, kind="agreement")  # every coder: Ann, Ben and Cy
    assert grid.measure == "α" and "Krippendorff's alpha" in grid.note
    coded = np.zeros((3, 100), int)
    coded[0, 30:50], coded[1, 40:60], coded[2, 30:50] = 1, 1, 1
    expected = krippendorff.alpha(reliability_data=coded, level_of_measurement="nominal")
    assert grid.value("Being heard", "PA 1") == pytest.approx(expected)
    assert grid.value("Being heard", "PA 1") == pytest.approx(1 - 299 * 40 / (2 * 240 * 60))


def test_agreement_needs_two_coders(study: Project) -> None:
    with pytest.raises(QcodeError, match="two coders or more"):
        data(study, kind="agreement", coders=["Ann"])


def test_cmo_diagram_from_flags_and_statements(study: Project) -> None:
    diagram = data(study, kind="cmo", theme="Better care")
    assert [c.name for c in diagram.contexts] == ["Time set aside", "Cover for clinics"]
    assert [c.label for c in diagram.mechanisms] == [
        "Being heard\u00a0(M)",
        "Trusted mentor\u00a0(C,\u00a0M)",
    ]
    assert diagram.links == ((0, 0),)  # the statement names Time set aside and Being heard
    assert diagram.statements == ("Time set aside lets a doctor be heard.",)
    texts = svg_texts(chart_bytes(diagram, ".svg"))
    assert "Contexts → mechanisms → outcome: Better care" in texts
    assert {"Contexts", "Mechanisms", "Outcome", "Trusted mentor (C, M)"} <= {
        t.replace("\u00a0", " ") for t in texts
    }
    assert "[1] Time set aside lets a doctor be heard." in texts


def test_cmo_refuses_a_theme_without_flags_or_one_that_is_not_a_theme(study: Project) -> None:
    with pytest.raises(QcodeError, match="no category flagged"):
        data(study, kind="cmo", theme="Staying on")
    with pytest.raises(QcodeError, match="not an outcome theme"):
        data(study, kind="cmo", theme=TIME)
    with pytest.raises(QcodeError, match="cannot chart 'pie'"):
        data(study, kind="pie")


def test_svg_shows_the_grid_labels_and_figures(study: Project) -> None:
    grid = data(study, kind="frequency")
    texts = svg_texts(chart_bytes(grid, ".svg"))
    assert grid.title in texts
    assert {"PA", "PB", "Better care", "Cover for clinics"} <= {t.strip("\u2002") for t in texts}
    cells = {(r, c): text for r, row in enumerate(grid.texts) for c, text in enumerate(row) if text}
    assert len(cells) == 5
    assert svg_cells(chart_bytes(grid, ".svg")) == cells


def svg_cells(svg: bytes) -> dict[tuple[int, int], str]:
    """The figure written in each cell of a heat map, by row and column."""
    found = {}
    for group in ElementTree.fromstring(svg).iter(f"{SVG}g"):
        match = re.fullmatch(r"cell-(\d+)-(\d+)", group.get("id", ""))
        if match:
            found[(int(match[1]), int(match[2]))] = "".join(group.itertext()).strip()
    return found


def test_pictures_are_the_same_bytes_every_time(study: Project, tmp_path: Path) -> None:
    for kind in ("frequency", "cooccurrence", "agreement", "cmo"):
        chart = data(study, kind=kind)
        for suffix in (".svg", ".png"):
            first, second = chart_bytes(chart, suffix), chart_bytes(chart, suffix)
            assert first == second, (kind, suffix)
        assert b"<dc:date>" not in chart_bytes(chart, ".svg")
    png = tmp_path / "chart.png"
    assert write_chart(chart, png).startswith("wrote CMO diagram of 'Better care'")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_unknown_format_writes_nothing(study: Project, tmp_path: Path) -> None:
    with pytest.raises(QcodeError, match=r"chart\.pdf: cannot draw a chart as '\.pdf'"):
        write_chart(data(study, kind="frequency"), tmp_path / "chart.pdf")
    assert list(tmp_path.iterdir()) == []
