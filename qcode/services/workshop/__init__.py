"""Workshops: disagreement units between coders, decisions on them, the consensus and its log."""
