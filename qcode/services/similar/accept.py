"""Accepting suggestions: the passages a researcher chose, coded in one undoable step."""

from __future__ import annotations

from collections.abc import Sequence

from qcode.errors import QcodeError
from qcode.services.coders import ensure_coder
from qcode.services.coding import apply_code
from qcode.services.history import Change, operation
from qcode.services.lookup import code_path, get_code
from qcode.services.similar.query import Suggestion
from qcode.store.models import Document
from qcode.store.project import Project

SOURCE = "similarity search"


def accept_suggestions(
    project: Project, code: str | int, suggestions: Sequence[Suggestion], actor: str
) -> Change:
    """Code the accepted passages with one code as ``actor``: one operation, one audit event
    naming similarity search as their source and ``actor`` as who accepted them.

    Refused, with nothing changed, if a passage's document is gone or its text changed
    since it was suggested.
    """
    if not suggestions:
        raise QcodeError("no suggestions were accepted")
    with operation(project, "Code suggestions", actor) as op:
        session = op.session
        code_row = get_code(session, code)
        coder = op.actor = ensure_coder(session, actor)
        for found in suggestions:
            doc = session.get(Document, found.document_id)
            if doc is None:
                raise QcodeError(f"document '{found.document}' is no longer in the project")
            if found.document_sha and doc.sha256 != found.document_sha:
                raise QcodeError(f"the text of '{doc.name}' changed since: search again")
            apply_code(session, doc, code_row, coder, found.start, found.end)
        op.label = f"Code {len(suggestions)} suggested passages as '{code_row.name}'"
        op.value = len(suggestions)
        op.audit(
            "accept suggestions",
            "code",
            code_row.guid,
            after={
                "code": code_path(session, code_row),
                "source": SOURCE,
                "accepted_by": coder.name,
                "passages": [[s.document, s.start, s.end, round(s.score, 6)] for s in suggestions],
            },
        )
    return op.change
