"""The Charts dialog: pick a kind of chart and its options, see it, save it."""
