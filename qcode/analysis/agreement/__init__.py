"""Inter-coder agreement from spans: the sweep, cell counts, pooling, measures, segment matching."""
