"""Export kinds of `qcode export` grouped by what they write (the papers' tables, …)."""
