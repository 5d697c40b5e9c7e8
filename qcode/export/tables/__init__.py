"""Tables as plain data, their writers (.docx .xlsx .csv .md .html), and the tables qcode prints."""
