"""Pseudonymisation and text correction: a list of names, their hits, and rewriting texts."""
