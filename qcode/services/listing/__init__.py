"""Coded segments listed fast: SQL pages, an in-memory index of their keys, its texts."""
