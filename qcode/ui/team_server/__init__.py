"""The window on a team project: opening one by its URL, and hearing other coders live."""
