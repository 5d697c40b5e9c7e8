"""Reading REFI-QDA files (.qdpx projects, .qdc codebooks) safely into plain values. Pure."""
