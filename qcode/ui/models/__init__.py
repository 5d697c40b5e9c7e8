"""Qt item models: thin adapters over plain rows from the services."""
