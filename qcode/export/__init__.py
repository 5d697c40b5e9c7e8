"""Pure writers: project data in, a file out."""
