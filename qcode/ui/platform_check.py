"""Before Qt starts: whether its X11 (xcb) plugin can load, and which system packages it lacks."""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

PLUGIN_FILE = "libqxcb.so"
# Tests point the check at a plugin file of their own (one that cannot load) with this variable.
PLUGIN_OVERRIDE = "QCODE_QT_XCB_PLUGIN"

# The system libraries named as NEEDED by PySide6's libqxcb.so, libQt6XcbQpa, libQt6Gui and
# libQt6DBus (`readelf -d`), with the Debian/Ubuntu package that ships each (`dpkg -S`).
PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    # pulled in by the packages above, or part of almost every system; listed for completeness
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11.so.6": "libx11-6",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libz.so.1": "zlib1g",
}
# What a Linux desktop needs for the window (README gives the same list): the packages of the
# first part of PACKAGES; apt brings in the rest.
DESKTOP_PACKAGES: tuple[str, ...] = (
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-randr0",
    "libxcb-shape0",
    "libxcb-sync1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
    "libx11-xcb1",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libdbus-1-3",
)

NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
CANNOT_OPEN = re.compile(r"(\S+\.so(?:\.[\w.]+)?): cannot open shared object file")


@dataclass(frozen=True)
class Probe:
    """Whether a plugin file loads; if not, the libraries it lacks (may be none known) and why."""

    loads: bool
    missing: tuple[str, ...] = ()
    reason: str = ""


def xcb_comes_first(env: Mapping[str, str], platform: str) -> bool:
    """Whether Qt will start on its X11 (xcb) plugin, as it does when nothing else is chosen."""
    if not platform.startswith("linux") or not env.get("DISPLAY"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(";")[0].split(":")[0].strip() == "xcb"
    wayland_session = env.get("XDG_SESSION_TYPE") == "wayland" and env.get("WAYLAND_DISPLAY")
    return not wayland_session  # Qt tries Wayland first in a Wayland session


def plugin_candidates(env: Mapping[str, str]) -> list[Path]:
    """The xcb plugin files Qt would look at, in its order (only those that exist)."""
    if env.get(PLUGIN_OVERRIDE):
        return [path for path in [Path(env[PLUGIN_OVERRIDE])] if path.is_file()]
    folders: list[Path] = []
    if env.get("QT_QPA_PLATFORM_PLUGIN_PATH"):
        folders.append(Path(env["QT_QPA_PLATFORM_PLUGIN_PATH"]))
    folders += [Path(p) / "platforms" for p in env.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    try:
        spec = find_spec("PySide6")  # finds the package without importing it
    except (ImportError, ValueError):
        spec = None
    for location in (spec.submodule_search_locations or []) if spec else []:
        folders.append(Path(location) / "Qt" / "plugins" / "platforms")
    return [folder / PLUGIN_FILE for folder in folders if (folder / PLUGIN_FILE).is_file()]


def missing_in_ldd(output: str) -> tuple[str, ...]:
    """The libraries `ldd` reports as "not found", each once, in its order."""
    return tuple(dict.fromkeys(NOT_FOUND.findall(output)))


def probe_plugin(plugin: Path) -> Probe:
    """Ask `ldd` which libraries the plugin lacks; where that says nothing, try loading it."""
    ldd = shutil.which("ldd")
    if ldd:
        try:
            done = subprocess.run(
                [ldd, str(plugin)], capture_output=True, text=True, timeout=20, check=False
            )
        except (OSError, subprocess.SubprocessError):
            done = None
        if done is not None:
            missing = missing_in_ldd(done.stdout)
            if missing:
                return Probe(False, missing, "libraries not found")
            if done.returncode == 0:
                return Probe(True)
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        return Probe(False, tuple(dict.fromkeys(CANNOT_OPEN.findall(str(exc)))), str(exc))
    return Probe(True)


def install_advice(missing: Sequence[str], apt: bool) -> str:
    """How to install what is missing: only its packages when all are known, else the full list."""
    if missing and all(name in PACKAGES for name in missing):
        packages: Sequence[str] = tuple(dict.fromkeys(PACKAGES[name] for name in missing))
    else:
        packages = DESKTOP_PACKAGES
    if apt:
        return "install them with: sudo apt-get install " + " ".join(packages)
    return "install your system's packages for them (on Debian/Ubuntu: " + " ".join(packages) + ")"


def describe(plugin: Path, probe: Probe, apt: bool) -> str:
    """The one line that says why the window cannot open and what to install."""
    if probe.missing:
        which = "which is" if len(probe.missing) == 1 else "which are"
        lacking = f"needs {', '.join(probe.missing)}, {which} not installed"
    else:
        reason = " ".join(probe.reason.split()) or "reason unknown"
        lacking = f"{plugin} does not load ({reason}); it needs the X11 libraries"
    return (
        f"cannot open the window: Qt's X11 plugin {lacking}; {install_advice(probe.missing, apt)}"
    )


def xcb_problem(
    env: Mapping[str, str],
    platform: str,
    probe: Callable[[Path], Probe] = probe_plugin,
    apt: bool | None = None,
) -> str | None:
    """One line saying what to install if Qt would start on xcb and its plugin cannot load."""
    if not xcb_comes_first(env, platform):
        return None
    candidates = plugin_candidates(env)
    failed: tuple[Path, Probe] | None = None
    for plugin in candidates:
        result = probe(plugin)
        if result.loads:
            return None
        failed = failed or (plugin, result)
    if failed is None:
        return None  # no plugin to look at: leave it to Qt
    if apt is None:
        apt = Path("/etc/debian_version").exists() or shutil.which("apt-get") is not None
    return describe(*failed, apt=apt)
