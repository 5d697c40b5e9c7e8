"""How quotes are printed: the project's quote style and its dialog."""
