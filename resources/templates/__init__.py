"""Codebook templates (CSV: path, flags, color, description, when to use, when not, example)."""
