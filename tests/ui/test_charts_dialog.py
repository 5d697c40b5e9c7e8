"""Analyse ▸ Charts…: pick a chart through the dialog's widgets, see it drawn, save it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage
from sklearn.metrics import cohen_kappa_score

from tests.export.test_charts import svg_texts
from tests.ui.conftest import TEXT_A
from tests.ui.file_dialogs import answer_file_dialog
from tests.ui.menus import trigger


def open_dialog(qtbot, window):  # type: ignore[no-untyped-def]
    trigger(window, "Analyse", "Charts…")
    dialog = window.charts_dialog
    qtbot.waitExposed(dialog)
    return dialog


def painted(dialog) -> QImage:  # type: ignore[no-untyped-def]
    """The picture shown, checked to be a real drawing (not blank, not one colour)."""
    pixmap = dialog.picture.pixmap()
    assert pixmap is not None and not pixmap.isNull()
    image = pixmap.toImage()
    assert image.width() > 400 and image.height() > 200
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 5
    return image


def pick(box, text: str) -> None:  # type: ignore[no-untyped-def]
    index = box.findText(text)
    assert index >= 0, [box.itemText(i) for i in range(box.count())]
    box.setCurrentIndex(index)


def test_frequency_then_agreement_shown_and_saved(qtbot, window, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, window)
    painted(dialog)
    assert dialog.chart.kind == "frequency" and dialog.chart.columns == ("PA", "PB")
    assert dialog.chart.value("\u2002\u2002Protected time", "PA") == 2.0  # Ana's and Ben's
    assert not dialog.coders.isVisible() and dialog.by.isVisible()

    pick(dialog.kind, "Agreement heat map (κ or α)")
    assert dialog.coders.isVisible() and not dialog.by.isVisible()
    painted(dialog)
    ana, ben = np.zeros(len(TEXT_A), int), np.zeros(len(TEXT_A), int)
    ana[63:77], ben[52:100] = 1, 1
    assert dialog.chart.measure == "κ"
    shown = dialog.chart.value("Protected time", "PA 1")
    assert shown == pytest.approx(cohen_kappa_score(ana, ben))

    dialog.save.click()
    answer_file_dialog(qtbot, dialog, tmp_path / "agreement.svg")
    texts = svg_texts((tmp_path / "agreement.svg").read_bytes())
    assert "Agreement per code and document (κ)" in texts and f"{shown:.2f}" in texts
    assert "Wrote agreement chart" in dialog.message.text()


def test_cmo_diagram_and_a_refusal(qtbot, window, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, window)
    pick(dialog.kind, "CMO diagram of a theme")
    assert [dialog.theme.itemText(i) for i in range(dialog.theme.count())] == [
        "Better work",
        "Better relationships",
    ]
    painted(dialog)
    assert [c.name for c in dialog.chart.contexts] == ["Protected time"]
    pick(dialog.theme, "Better relationships")
    assert [c.label for c in dialog.chart.mechanisms] == ["Safe space\u00a0(C,\u00a0M)"]
    dialog.save.click()
    answer_file_dialog(qtbot, dialog, tmp_path / "cmo.png")
    assert (tmp_path / "cmo.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert QImage(str(tmp_path / "cmo.png")).width() > 400

    pick(dialog.kind, "Agreement heat map (κ or α)")
    dialog.coders.item(1).setCheckState(dialog.coders.item(1).checkState().Unchecked)
    assert "two coders or more" in dialog.message.text()
    assert not dialog.save.isEnabled() and dialog.picture.pixmap().isNull()
