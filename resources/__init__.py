"""Resources shipped inside the wheel: codebook templates, demo material."""
