"""Merging coders' copies back into the team project: read a copy, match, place, report."""
