"""Workshop decisions: decide a disagreement unit, and adopt what both coders agree on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.disagreements import (
    CHOICES,
    Unit,
    agreed_spans,
    disagreement_units,
    resolve,
)
from qcode.analysis.intervals import Span, normalize, subtract, total_length
from qcode.errors import QcodeError
from qcode.services.audit import Actor, resolve_actor
from qcode.services.coders import CONSENSUS, ensure_coder
from qcode.services.coding import apply_code, check_span
from qcode.services.history import Change, Operation, operation
from qcode.services.lookup import code_path, get_code, get_document, join_path
from qcode.services.workshop.consensus import (
    DECIDE_ACTION,
    DECISION_TARGET,
    cleared_regions,
    consensus_spans,
    in_force,
    in_force_on,
    rewrite_consensus,
)
from qcode.services.workshop.units import (
    CoderRef,
    DecisionInfo,
    DisagreementKey,
    Scope,
    build_scope,
    choice_words,
    coded_spans,
    coder_names_of,
    decision_infos,
    document_lengths,
    resolve_pair,
    split_attendees,
)
from qcode.store.base import utcnow
from qcode.store.models import Code, Coder, Document, Segment, WorkshopDecision
from qcode.store.project import Project


def check_choice(choice: str, custom_span: Span | None) -> None:
    if choice not in CHOICES:
        raise QcodeError(f"unknown choice '{choice}'; choose one of {', '.join(CHOICES)}")
    if choice == "custom" and custom_span is None:
        raise QcodeError("the 'custom' choice needs the span the team chose")
    if choice != "custom" and custom_span is not None:
        raise QcodeError(f"a span is given only with the 'custom' choice, not with '{choice}'")


def current_unit(session: Session, key: DisagreementKey, doc: Document) -> Unit:
    """The unit a key names, as the coders' coding stands now (or a one-line error)."""
    a_id, b_id = key.coder_a_id, key.coder_b_id
    spans: dict[int, list[Span]] = {a_id: [], b_id: []}
    rows = session.execute(
        select(Segment.coder_id, Segment.start, Segment.end).where(
            Segment.document_id == doc.id,
            Segment.code_id == key.code_id,
            Segment.coder_id.in_((a_id, b_id)),
        )
    )
    for coder_id, start, end in rows:
        spans[coder_id].append((start, end))
    for unit in disagreement_units(len(doc.text), spans[a_id], spans[b_id]):
        if unit.span == key.span:
            return unit
    raise QcodeError(
        f"the coders do not disagree at {key.start}:{key.end} in '{doc.name}' "
        "(their coding changed since?); list the disagreements again"
    )


class AlreadyDecided(QcodeError):
    """A passage decided before, decided again without confirming the replacement."""

    def __init__(self, earlier: Sequence[DecisionInfo]) -> None:
        self.earlier = tuple(earlier)
        shown = "; ".join(info.summary() for info in self.earlier)
        super().__init__(
            f"this passage is already decided ({shown}); confirm replacing it (--replace)"
        )


def earlier_decisions(session: Session, key: DisagreementKey) -> list[DecisionInfo]:
    """The in-force decisions a decision on ``key`` would supersede (whichever coders)."""
    earlier = in_force_on(session, key.document_id, key.code_id, key.span)
    infos = decision_infos(session, earlier)
    return [infos[d.id] for d in earlier]


def decision_state(session: Session, decision: WorkshopDecision) -> dict[str, object]:
    """A decision as recorded in the audit trail's "before"."""
    names = dict(session.execute(select(Coder.id, Coder.name)).all())
    return {
        "guid": decision.guid,
        "coders": list(coder_names_of(decision, names)),
        "choice": decision.choice,
        "result_hull": [decision.result_start, decision.result_end],
        "rationale": decision.rationale,
        "attendees": decision.attendees,
        "decided_by": names.get(decision.decided_by_id) if decision.decided_by_id else None,
        "decided_at": decision.decided_at.isoformat(sep=" ", timespec="seconds"),
        "recorded_by": decision.recorded_by,
    }


def hull(spans: Sequence[Span]) -> tuple[int | None, int | None]:
    return (spans[0][0], spans[-1][1]) if spans else (None, None)


def decide(
    project: Project,
    key: DisagreementKey,
    choice: str,
    rationale: str,
    attendees: str | Sequence[str] = (),
    actor: Actor = None,
    custom_span: Span | None = None,
    replace: bool = False,
) -> Change:
    """Record what the team decided on one unit and write that into the consensus layer.

    A passage already decided (an in-force decision on the same code overlapping it, for
    any coders) is refused with :class:`AlreadyDecided` unless ``replace``: the earlier
    decisions are then marked superseded by this one, never deleted, and the consensus
    layer stays what applying the decisions in force gives. Value: the new decision's id.
    """
    check_choice(choice, custom_span)
    check_rationale(rationale)
    with operation(project, "Workshop decision", actor) as op:
        session = op.session
        pair = resolve_pair(session, key.coder_a_id, key.coder_b_id)
        doc, code = get_document(session, key.document_id), get_code(session, key.code_id)
        unit = current_unit(session, key, doc)
        if custom_span is not None:
            check_span(doc, *custom_span)
        result = resolve(unit, choice, custom_span)
        taken = Taken(doc, code, pair.ids, key.span, choice, result, rationale, attendees, actor)
        words = choice_words(choice, pair.a_name, pair.b_name, result)
        record_decision(op, taken, words, (pair.a_name, pair.b_name), replace)
    return op.change


def check_rationale(rationale: str) -> None:
    if not rationale.strip():
        raise QcodeError("a decision needs its rationale: say why the team decided so")


@dataclass(frozen=True)
class Taken:
    """A decision about to be recorded: where, over which coders, what it codes and why."""

    doc: Document
    code: Code
    coder_ids: tuple[int, ...]
    span: Span
    choice: str
    result: Sequence[Span]
    rationale: str
    attendees: str | Sequence[str]
    actor: Actor
    kept_coder_id: int | None = None
    majority_k: int | None = None


def record_decision(
    op: Operation, taken: Taken, words: str, coder_names: Sequence[str], replace: bool
) -> WorkshopDecision:
    """Store a decision, supersede the in-force ones on its passage (only with ``replace``,
    else :class:`AlreadyDecided`) and rewrite the consensus layer there; audited."""
    session, doc, code = op.session, taken.doc, taken.code
    earlier = in_force_on(session, doc.id, code.id, taken.span)
    if earlier and not replace:
        infos = decision_infos(session, earlier)
        raise AlreadyDecided([infos[d.id] for d in earlier])
    before = [decision_state(session, d) for d in earlier]
    decision = new_decision(session, taken)
    for old in earlier:
        old.superseded_by_id, old.superseded_at = decision.id, utcnow()
    session.flush()
    others = [d for d in in_force_on(session, doc.id, code.id) if d.id != decision.id]
    regions = cleared_regions(taken.span, earlier)
    consensus_before = rewrite_consensus(session, doc, code, regions, taken.result, others)
    op.label = f"Workshop decision on '{code.name}' in {doc.name}: {words}"
    op.value = decision.id
    after = decision_after(session, coder_names, doc, code, decision, taken.result, words)
    after["supersedes"] = [d.guid for d in earlier]
    op.audit(
        DECIDE_ACTION,
        DECISION_TARGET,
        decision.guid,
        before={"decisions": before, "consensus": consensus_before},
        after=after,
        reason=decision.rationale,
    )
    return decision


def new_decision(session: Session, taken: Taken) -> WorkshopDecision:
    decided_by, name = resolve_actor(session, taken.actor)
    result_start, result_end = hull(taken.result)
    decision = WorkshopDecision(
        document_id=taken.doc.id,
        code_id=taken.code.id,
        coder_a_id=taken.coder_ids[0],
        coder_b_id=taken.coder_ids[1],
        span_start=taken.span[0],
        span_end=taken.span[1],
        choice=taken.choice,
        result_start=result_start,
        result_end=result_end,
        rationale=taken.rationale.strip(),
        attendees=", ".join(split_attendees(taken.attendees)),
        decided_by_id=decided_by.id if decided_by is not None else None,
        recorded_by=name,
        coders=",".join(str(coder_id) for coder_id in taken.coder_ids),
        kept_coder_id=taken.kept_coder_id,
        majority_k=taken.majority_k,
    )
    session.add(decision)
    session.flush()
    return decision


def decision_after(
    session: Session,
    coder_names: Sequence[str],
    doc: Document,
    code: Code,
    decision: WorkshopDecision,
    result: Sequence[Span],
    words: str,
) -> dict[str, object]:
    """A decision as recorded in the audit trail's "after" (``result`` is read back later)."""
    return {
        "document": doc.name,
        "code": code_path(session, code),
        "coders": list(coder_names),
        "span": [decision.span_start, decision.span_end],
        "text": doc.text[decision.span_start : decision.span_end],
        "choice": decision.choice,
        "decision": words,
        "result": [list(span) for span in result],
        "attendees": decision.attendees,
    }


def adopt_agreements(
    project: Project,
    coder_a: CoderRef,
    coder_b: CoderRef,
    code: str | Sequence[str] | int | None = None,
    document: str | int | None = None,
    include_descendants: bool = False,
    actor: Actor = None,
) -> Change:
    """Copy what both coders coded (their intersection) into the consensus layer.

    Units the team has decided (for any pair of coders) are left as decided; consensus
    coding already there is kept. Value: the number of characters added (0, and no
    change, if nothing was new).
    """
    with operation(project, "Adopt agreements", actor) as op:
        session = op.session
        scope = build_scope(session, coder_a, coder_b, code, document, include_descendants)
        plan = agreement_plan(session, scope)
        op.label = f"Adopt what {scope.pair.a_name} and {scope.pair.b_name} agree on"
        adopt_plan(op, plan, (scope.pair.a_name, scope.pair.b_name))
    return op.change


Plan = list[tuple[int, int, list[Span]]]  # (document id, code id, spans to add)


def adopt_plan(op: Operation, plan: Plan, coder_names: Sequence[str]) -> None:
    """Code a plan's spans into the consensus layer; audited, the value the characters added."""
    session, added = op.session, []
    for doc_id, code_id, spans in plan:
        doc, code_row = get_document(session, doc_id), get_code(session, code_id)
        consensus = ensure_coder(session, CONSENSUS)
        for start, end in spans:
            apply_code(session, doc, code_row, consensus, start, end)
        path = join_path(code_path(session, code_row))
        added.append({"document": doc.name, "code": path, "spans": [list(s) for s in spans]})
    op.value = sum(total_length(spans) for _d, _c, spans in plan)
    op.audit(
        "adopt agreements",
        "coders",
        " & ".join(coder_names),
        after={"characters": op.value, "added": added},
    )


def agreement_plan(session: Session, scope: Scope) -> Plan:
    """Per (document, code): agreed spans not yet in the consensus nor in a decided unit."""
    pair, groups = scope.pair, coded_spans(session, scope)
    lengths = document_lengths(session, {doc_id for doc_id, _code in groups})
    decided = decided_units(session, scope)
    consensus = session.scalars(select(Coder).where(Coder.name == CONSENSUS)).first()
    plan = []
    for (doc_id, code_id), by_coder in sorted(groups.items()):
        agreed = agreed_spans(lengths[doc_id], by_coder[pair.a_id], by_coder[pair.b_id])
        fresh = subtract(agreed, normalize(decided.get((doc_id, code_id), [])))
        if consensus is not None:
            fresh = subtract(fresh, consensus_spans(session, doc_id, code_id, consensus.id))
        if fresh:
            plan.append((doc_id, code_id, fresh))
    return plan


def decided_units(session: Session, scope: Scope) -> dict[tuple[int, int], list[Span]]:
    """Units decided in force (for any coders), per (document, code) in scope."""
    query = select(
        WorkshopDecision.document_id,
        WorkshopDecision.code_id,
        WorkshopDecision.span_start,
        WorkshopDecision.span_end,
    ).where(in_force())
    if scope.code_ids is not None:
        query = query.where(WorkshopDecision.code_id.in_(scope.code_ids))
    if scope.document_id is not None:
        query = query.where(WorkshopDecision.document_id == scope.document_id)
    decided: dict[tuple[int, int], list[Span]] = {}
    for doc_id, code_id, start, end in session.execute(query):
        decided.setdefault((doc_id, code_id), []).append((start, end))
    return decided
