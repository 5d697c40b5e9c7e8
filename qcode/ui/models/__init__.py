"""Qt item models: thin adapters over plain rows from the services."""

from PySide6.QtCore import QSortFilterProxyModel


def refilter(proxy: QSortFilterProxyModel, change: object) -> None:
    """Apply a change to a proxy's filter settings, with the API this Qt version prefers."""
    if hasattr(proxy, "beginFilterChange"):  # Qt 6.10 and later
        proxy.beginFilterChange()
        change()  # type: ignore[operator]
        proxy.endFilterChange()
    else:
        change()  # type: ignore[operator]
        proxy.invalidateFilter()
