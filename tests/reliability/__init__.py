"""Reliability trials: hostile files, killed writers."""
