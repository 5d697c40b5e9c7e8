"""File ▸ Export: what can be exported, in which formats, and the writers behind it."""
