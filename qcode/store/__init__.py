"""Project files: SQLAlchemy mapped classes, opening, creating and migrating."""
