"""Dialogs that change documents' texts: the pseudonym list and a plain correction."""
