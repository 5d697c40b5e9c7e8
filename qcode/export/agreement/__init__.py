"""Agreement reports: the figures as sheets, written to .xlsx, .csv or a Word document."""
