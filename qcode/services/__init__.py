"""What a user can do to a project: one module per area."""
