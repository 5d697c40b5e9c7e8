"""The demo project: its fictional material and how it is built through the services."""
