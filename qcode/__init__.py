"""qcode: a qualitative coding workbench for team coding and realist evaluation."""

__version__ = "0.1.0"
