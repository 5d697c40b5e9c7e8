"""Commands over the passage index: `qcode similar` (find passages like this, accept some)."""
