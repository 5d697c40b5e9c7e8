"""Documents and who they are from: importing files, listing, the transcript view, participants."""
