"""Pure functions over plain values: agreement, matrices, search."""
