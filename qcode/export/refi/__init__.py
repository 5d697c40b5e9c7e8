"""Writing REFI-QDA files: .qdpx projects and .qdc codebooks, from plain values."""
