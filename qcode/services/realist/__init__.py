"""Realist outputs kept in the project: CMO configuration statements, their evidence, vignettes."""
