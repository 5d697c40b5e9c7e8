"""Build glue: ships the top-level resources/ folder inside the wheel as qcode.resources."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["qcode", "qcode.*"]), "qcode.resources"],
    package_dir={"qcode.resources": "resources"},
)
