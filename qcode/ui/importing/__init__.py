"""Dialogs shown before an import runs: the classes of a questionnaire's columns."""
