"""The workshop dock: the passages where N coders differ, walked one by one and decided."""

from qcode.ui.docks.workshop.dock import WorkshopDock

__all__ = ["WorkshopDock"]
