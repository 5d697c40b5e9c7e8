"""Find passages like this: an offline passage index, hybrid ranking, accepting suggestions."""
