"""A file in, plain text and metadata out: docx, pdf, txt/md and survey csv/xlsx. Pure."""

from qcode.ingest.model import AttributeValue, IngestedDocument
from qcode.ingest.reader import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, read_file

__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "AttributeValue",
    "IngestedDocument",
    "read_file",
]
