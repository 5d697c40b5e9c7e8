"""Reading a QualCoder project (NAME.qda/data.qda, SQLite) into qcode's plain REFI model."""
