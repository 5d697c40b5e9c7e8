"""The workshop dock: two coders' disagreements walked one by one and decided."""

from qcode.ui.docks.workshop.dock import WorkshopDock

__all__ = ["WorkshopDock"]
