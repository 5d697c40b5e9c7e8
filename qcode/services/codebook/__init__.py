"""The codebook: editing the tree, merging and splitting codes, CSV and templates."""
