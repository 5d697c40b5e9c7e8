"""Deciding a passage over N coders, code by code, and adopting what all of them agree on."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.intervals import Span, intersection, normalize, subtract
from qcode.analysis.passages import (
    PASSAGE_CHOICES,
    Passage,
    PassageCode,
    default_majority,
    settle,
)
from qcode.errors import QcodeError
from qcode.services.audit import Actor
from qcode.services.coders import CONSENSUS
from qcode.services.coding import check_span
from qcode.services.history import Change, operation
from qcode.services.lookup import get_code, get_document
from qcode.services.workshop.consensus import consensus_spans, decided_index
from qcode.services.workshop.decide import (
    Plan,
    Taken,
    adopt_plan,
    check_rationale,
    record_decision,
)
from qcode.services.workshop.passages import (
    CodeRef,
    Coders,
    PassageKey,
    coding_by_document,
    current_passage,
    resolve_coders,
    scope_code_ids,
)
from qcode.services.workshop.units import CoderRef, choice_words, document_lengths
from qcode.store.models import Coder
from qcode.store.project import Project


def check_passage_choice(
    choice: str, custom_span: Span | None, keep: CoderRef | None, k: int | None
) -> None:
    if choice not in PASSAGE_CHOICES:
        raise QcodeError(f"unknown choice '{choice}'; choose one of {', '.join(PASSAGE_CHOICES)}")
    given = {"custom": custom_span is not None, "keep": keep is not None, "majority": k is not None}
    needs = {"custom": "the span the team chose", "keep": "the coder whose coding is kept"}
    for named, present in given.items():
        if named == choice and not present and named in needs:
            raise QcodeError(f"the '{named}' choice needs {needs[named]}")
        if named != choice and present:
            raise QcodeError(f"that option goes with the '{named}' choice, not with '{choice}'")


def decide_passage(
    project: Project,
    key: PassageKey,
    code: CodeRef,
    choice: str,
    rationale: str,
    attendees: str | Sequence[str] = (),
    actor: Actor = None,
    *,
    keep: CoderRef | None = None,
    k: int | None = None,
    custom_span: Span | None = None,
    replace: bool = False,
) -> Change:
    """Decide one code on a passage the coders differ on, and write it into the consensus.

    ``keep`` names the coder kept; ``k`` is the majority's size (default: more than half);
    an in-force decision on the code there is superseded only with ``replace`` (else
    :class:`~qcode.services.workshop.decide.AlreadyDecided`). Value: the decision's id.
    """
    check_passage_choice(choice, custom_span, keep, k)
    check_rationale(rationale)
    with operation(project, "Workshop decision", actor) as op:
        session = op.session
        coders = resolve_coders(session, key.coder_ids)
        doc, code_row = get_document(session, key.document_id), get_code(session, code)
        on_code = code_on(current_passage(session, key), code_row.id, code_row.name)
        kept = coders.index_of(keep) if keep is not None else None
        if choice == "majority":
            k = default_majority(len(coders.ids)) if k is None else k
            if not 1 <= k <= len(coders.ids):
                raise QcodeError(f"a majority is 1 to {len(coders.ids)} coders, not {k}")
        if custom_span is not None:
            check_span(doc, *custom_span)
        result = settle(on_code, choice, kept, k, custom_span)
        kept_name = coders.names[kept] if kept is not None else None
        words = choice_words(
            choice, *coders.names[:2], result, kept=kept_name, k=k, of=len(coders.ids)
        )
        taken = Taken(
            doc,
            code_row,
            coders.ids,
            key.span,
            choice,
            result,
            rationale,
            attendees,
            actor,
            kept_coder_id=coders.ids[kept] if kept is not None else None,
            majority_k=k if choice == "majority" else None,
        )
        record_decision(op, taken, words, coders.names, replace)
    return op.change


def code_on(passage: Passage, code_id: int, name: str) -> PassageCode:
    """The code's coding on a passage, when the coders differ on it there."""
    codes = {code.code_id: code for code in passage.codes}
    found = codes.get(code_id)
    if found is None:
        raise QcodeError(f"no coder coded '{name}' on this passage")
    if found.agreed:
        raise QcodeError(f"the coders agree on '{name}' here: nothing to decide")
    return found


def adopt_unanimous(
    project: Project,
    coders: Sequence[CoderRef],
    code: CodeRef | None = None,
    document: str | int | None = None,
    include_descendants: bool = False,
    actor: Actor = None,
) -> Change:
    """Copy what every one of the coders coded into the consensus layer, leaving decided
    passages as decided and consensus coding already there. Value: characters added."""
    with operation(project, "Adopt agreements", actor) as op:
        session = op.session
        named = resolve_coders(session, coders)
        plan = unanimous_plan(op.session, named, code, document, include_descendants)
        op.label = f"Adopt what {', '.join(named.names)} all agree on"
        adopt_plan(op, plan, named.names)
    return op.change


def unanimous_plan(
    session: Session,
    coders: Coders,
    code: CodeRef | None,
    document: str | int | None,
    include_descendants: bool,
) -> Plan:
    """Per (document, code): what all coders coded, not yet in the consensus nor decided."""
    code_ids = scope_code_ids(session, code, include_descendants)
    doc_id = get_document(session, document).id if document is not None else None
    coding = coding_by_document(session, coders, doc_id)
    lengths = document_lengths(session, coding)
    decided = decided_index(session, None, doc_id)
    consensus = session.scalars(select(Coder).where(Coder.name == CONSENSUS)).first()
    plan = []
    for doc_id_, by_code in sorted(coding.items()):
        for code_id, per_coder in sorted(by_code.items()):
            if code_ids is not None and code_id not in code_ids:
                continue
            agreed = [(0, lengths[doc_id_])]
            for spans in per_coder:
                agreed = intersection(agreed, normalize(spans))
            rows = decided.spans.get((doc_id_, code_id), [])
            fresh = subtract(agreed, normalize((s, e) for s, e, _id in rows))
            if consensus is not None:
                fresh = subtract(fresh, consensus_spans(session, doc_id_, code_id, consensus.id))
            if fresh:
                plan.append((doc_id_, code_id, fresh))
    return plan
