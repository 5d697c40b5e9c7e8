"""The Search dock's "Like this" tab: passages like a selection or a code, ticked and coded."""
