"""Coders: the researchers whose coding is kept apart and compared."""

from __future__ import annotations

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.audit import Actor
from qcode.services.codebook.edit import PALETTE, check_color
from qcode.services.history import Change, operation
from qcode.store.models import Coder
from qcode.store.project import Project

CONSENSUS = "Consensus"


def initials_of(name: str) -> str:
    """ "Ann Smith" → "AS"; one word → its first two letters."""
    words = name.split()
    letters = "".join(w[0] for w in words) if len(words) > 1 else name[:2]
    return letters.upper()


CODER_NAMED = select(Coder).where(Coder.name == bindparam("name"))  # (built once: each coding asks)


def ensure_coder(session: Session, name: str) -> Coder:
    """The coder with this name, created (with initials and a colour) if new."""
    name = " ".join(name.split())
    if not name:
        raise QcodeError("a coder needs a name")
    coder = session.scalars(CODER_NAMED, {"name": name}).first()
    if coder is None:
        count = session.scalar(select(func.count(Coder.id))) or 0
        coder = Coder(name=name, initials=initials_of(name), color=PALETTE[-1 - count % 10])
        session.add(coder)
        session.flush()
    return coder


def add_coder(
    project: Project,
    name: str,
    color: str | None = None,
    initials: str | None = None,
    actor: Actor = None,
) -> Change:
    """Add a coder; value is the coder's id."""
    with operation(project, f"Add coder '{name}'", actor) as op:
        if op.session.scalars(select(Coder).where(Coder.name == " ".join(name.split()))).first():
            raise QcodeError(f"coder '{name}' already exists")
        coder = ensure_coder(op.session, name)
        if color:
            coder.color = check_color(color)
        if initials:
            coder.initials = initials.strip()[:10]
        op.value = coder.id
        op.audit(
            "add coder",
            "coder",
            coder.guid,
            after={"name": coder.name, "initials": coder.initials, "color": coder.color},
        )
    return op.change


def list_coders(session: Session) -> list[Coder]:
    return list(session.scalars(select(Coder).order_by(Coder.name)))
