"""Starting the window: the X11 plugin check decides from ldd's word, and says what to install."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qcode.store.project import create_project
from qcode.ui import platform_check
from qcode.ui.platform_check import (
    DESKTOP_PACKAGES,
    PLUGIN_OVERRIDE,
    Probe,
    install_advice,
    missing_in_ldd,
    probe_plugin,
    xcb_comes_first,
    xcb_problem,
)

ROOT = Path(__file__).resolve().parents[2]
QCODE = shutil.which("qcode", path=str(Path(sys.executable).parent))

LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f1d)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f1d)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f1d)
"""


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({"DISPLAY": ":0"}, "linux", True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb:nomitshm"}, "linux", True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "wayland;xcb"}, "linux", False),
        (
            {"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "w-0"},
            "linux",
            False,
        ),
        ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11", "WAYLAND_DISPLAY": "w-0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "w-0"}, "linux", False),
        ({}, "linux", False),
        ({"DISPLAY": ":0"}, "darwin", False),
        ({"DISPLAY": ":0"}, "win32", False),
    ],
)
def test_the_check_runs_only_where_qt_starts_on_x11(
    env: dict[str, str], platform: str, expected: bool
) -> None:
    assert xcb_comes_first(env, platform) is expected


def test_ldd_output_gives_each_missing_library_once() -> None:
    assert missing_in_ldd(LDD_OUTPUT) == (
        "libxcb-icccm.so.4",
        "libxcb-keysyms.so.1",
        "libxkbcommon-x11.so.0",
    )
    assert missing_in_ldd("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == ()


def test_known_libraries_name_only_their_packages_else_the_full_list() -> None:
    missing = missing_in_ldd(LDD_OUTPUT)
    assert install_advice(missing, apt=True) == (
        "install them with: sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0"
    )
    full = "sudo apt-get install " + " ".join(DESKTOP_PACKAGES)
    assert install_advice(("libQt6XcbQpa.so.6",), apt=True).endswith(full)
    assert install_advice((), apt=True).endswith(full)
    assert "apt-get" not in install_advice(missing, apt=False)
    assert "libxcb-icccm4" in install_advice(missing, apt=False)


def fake_plugins(tmp_path: Path, count: int) -> list[Path]:
    plugins = [tmp_path / f"p{n}" / "libqxcb.so" for n in range(count)]
    for plugin in plugins:
        plugin.parent.mkdir()
        plugin.write_bytes(b"stub")
    return plugins


def test_the_decision_from_fake_ldd_output(tmp_path: Path) -> None:
    (plugin,) = fake_plugins(tmp_path, 1)
    env = {"DISPLAY": ":0", PLUGIN_OVERRIDE: str(plugin)}
    lacking = Probe(False, missing_in_ldd(LDD_OUTPUT), "libraries not found")

    said = xcb_problem(env, "linux", probe=lambda _plugin: lacking, apt=True)
    assert said is not None and "\n" not in said
    assert said.startswith("cannot open the window: Qt's X11 plugin needs libxcb-icccm.so.4, ")
    assert said.endswith("sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0")
    unknown = xcb_problem(env, "linux", probe=lambda _p: Probe(False, (), "bad\nELF"), apt=True)
    assert (
        unknown is not None
        and "\n" not in unknown
        and f"{plugin} does not load (bad ELF)" in unknown
    )
    assert unknown.endswith("sudo apt-get install " + " ".join(DESKTOP_PACKAGES))
    # where Qt will not start on X11, nothing is probed and nothing is said
    for elsewhere in ({**env, "QT_QPA_PLATFORM": "offscreen"}, {PLUGIN_OVERRIDE: str(plugin)}):
        assert xcb_problem(elsewhere, "linux", probe=lambda _p: pytest.fail("probed")) is None


def test_any_plugin_that_loads_is_enough_and_no_plugin_is_left_to_qt(tmp_path: Path) -> None:
    first, second = fake_plugins(tmp_path, 2)
    platforms = tmp_path / "extra" / "platforms"
    platforms.mkdir(parents=True)
    second.rename(platforms / "libqxcb.so")
    env = {
        "DISPLAY": ":0",
        "QT_QPA_PLATFORM_PLUGIN_PATH": str(first.parent),
        "QT_PLUGIN_PATH": str(tmp_path / "extra"),
    }
    probed: list[Path] = []

    def second_loads(plugin: Path) -> Probe:
        probed.append(plugin)
        return Probe(plugin != first, ("libxcb-icccm.so.4",))

    assert xcb_problem(env, "linux", probe=second_loads) is None
    assert probed[:2] == [first, platforms / "libqxcb.so"]
    override = {"DISPLAY": ":0", PLUGIN_OVERRIDE: str(tmp_path / "absent.so")}
    assert xcb_problem(override, "linux", probe=lambda p: Probe(False)) is None


def test_a_file_that_is_no_library_does_not_load(tmp_path: Path) -> None:
    stub = tmp_path / "libqxcb.so"
    stub.write_text("not a shared library", encoding="utf-8")
    result = probe_plugin(stub)
    assert not result.loads and result.missing == () and result.reason


def test_the_installed_plugin_is_judged_by_its_real_libraries() -> None:
    plugins = platform_check.plugin_candidates({})
    if not plugins:
        pytest.skip("no PySide6 xcb plugin on this platform")
    result = probe_plugin(plugins[-1])
    # whatever this machine lacks is a system library the package table knows
    assert result.loads or all(name in platform_check.PACKAGES for name in result.missing)


def test_readme_names_the_same_packages() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = re.findall(r"sudo apt-get install ([\w .+-]+)", readme)
    assert lines == [" ".join(DESKTOP_PACKAGES)]


def start(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    drop = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE", PLUGIN_OVERRIDE)
    full = {k: v for k, v in os.environ.items() if k not in drop}
    full.update(XDG_CONFIG_HOME=str(cwd / "config"), **env)
    assert QCODE, "the qcode console script is installed with the package"
    return subprocess.run(
        [QCODE, *args],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


@pytest.fixture
def stub_plugin(tmp_path: Path) -> Path:
    stub = tmp_path / "libqxcb.so"
    stub.write_text("a plugin that cannot load", encoding="utf-8")
    with create_project(tmp_path / "study.qcode", title="Study"):
        pass
    return stub


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11 plugin is Linux's")
def test_a_plugin_that_cannot_load_is_one_line_naming_the_install(
    stub_plugin: Path, tmp_path: Path
) -> None:
    done = start(
        ["open", "study.qcode"], tmp_path, DISPLAY=":99", **{PLUGIN_OVERRIDE: str(stub_plugin)}
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"qcode: cannot open the window: Qt's X11 plugin {stub_plugin}")
    assert done.stderr.rstrip().endswith("sudo apt-get install " + " ".join(DESKTOP_PACKAGES))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11 plugin is Linux's")
def test_a_picture_needs_no_x11_plugin(stub_plugin: Path, tmp_path: Path) -> None:
    done = start(
        ["open", "study.qcode", "--screenshot", "shot.png"],
        tmp_path,
        DISPLAY=":99",
        **{PLUGIN_OVERRIDE: str(stub_plugin)},
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "shot.png").stat().st_size > 0
