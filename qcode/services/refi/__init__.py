"""REFI-QDA exchange: importing .qdpx/.qdc into a project, and gathering one for export."""
