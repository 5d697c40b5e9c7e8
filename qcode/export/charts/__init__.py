"""Charts drawn with matplotlib (object API, no pyplot): heat maps and CMO diagrams, SVG or PNG."""
