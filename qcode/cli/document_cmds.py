"""`docs` and `attrs`: list, rename, delete, edit documents and their attributes; participants'."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qcode.cli.common import add_actor_argument, one_line_usage_errors, open_cli_project
from qcode.cli.output import print_table, stream_json
from qcode.errors import QcodeError

if TYPE_CHECKING:
    from qcode.services.documents.participants import AttributeInput

DOC_ACTIONS = ("rename", "delete", "edit", "set")
ATTR_ACTIONS = ("set", "import")


def register(commands: argparse._SubParsersAction) -> None:
    """Add `docs` and `attrs` with their actions; their usage errors are one line."""
    docs = commands.add_parser("docs", help="list documents, or rename, delete or edit one")
    docs.add_argument("project", metavar="PROJECT")
    docs.add_argument("--json", action="store_true")
    docs.set_defaults(handler=run_docs)
    add_doc_actions(docs.add_subparsers(dest="action", metavar="ACTION"))
    accept_action_first(docs, DOC_ACTIONS)
    one_line_usage_errors(docs)

    attrs = commands.add_parser("attrs", help="list participants' attributes, or set them")
    attrs.add_argument("project", metavar="PROJECT")
    attrs.add_argument("--json", action="store_true")
    attrs.set_defaults(handler=run_attrs)
    add_attr_actions(attrs.add_subparsers(dest="action", metavar="ACTION"))
    accept_action_first(attrs, ATTR_ACTIONS)
    one_line_usage_errors(attrs)


def add_doc_actions(actions: argparse._SubParsersAction) -> None:
    """`docs rename`, `delete` and `edit`."""
    rename = actions.add_parser("rename", help="rename a document")
    rename.add_argument("document", metavar="DOC")
    rename.add_argument("name", metavar="NEW_NAME")
    add_actor_argument(rename)
    rename.set_defaults(handler=run_rename)

    delete = actions.add_parser("delete", help="delete a document with its coding and memos")
    delete.add_argument("document", metavar="DOC")
    delete.add_argument("--yes", action="store_true", help="delete without asking")
    add_actor_argument(delete)
    delete.set_defaults(handler=run_delete)

    edit = actions.add_parser("edit", help="change a document's participant or wave")
    edit.add_argument("document", metavar="DOC")
    who = edit.add_mutually_exclusive_group()
    who.add_argument("--participant", metavar="LABEL", help="created if new")
    who.add_argument("--no-participant", action="store_true", help="belongs to no one")
    when = edit.add_mutually_exclusive_group()
    when.add_argument("--wave", type=int, metavar="N")
    when.add_argument("--no-wave", action="store_true", help="clear the wave")
    add_actor_argument(edit)
    edit.set_defaults(handler=run_edit)

    put = actions.add_parser("set", help="set (NAME=VALUE) or remove (NAME=) document attributes")
    put.add_argument("document", metavar="DOC")
    put.add_argument("values", nargs="+", metavar="NAME=VALUE")
    add_actor_argument(put)
    put.set_defaults(handler=run_docs_set)


def add_attr_actions(actions: argparse._SubParsersAction) -> None:
    """`attrs set` and `import`."""
    put = actions.add_parser("set", help="set (NAME=VALUE) or remove (NAME=) attributes")
    put.add_argument("participant", metavar="PARTICIPANT")
    put.add_argument("values", nargs="+", metavar="NAME=VALUE")
    add_actor_argument(put)
    put.set_defaults(handler=run_attrs_set)

    load = actions.add_parser("import", help="read a classification sheet (.csv or .xlsx)")
    load.add_argument("sheet", metavar="SHEET")
    add_actor_argument(load)
    load.set_defaults(handler=run_attrs_import)


def accept_action_first(parser: argparse.ArgumentParser, actions: Sequence[str]) -> None:
    """Also take `docs rename PROJECT …` for `docs PROJECT rename …` (the house order)."""
    parse: Callable[..., Any] = parser.parse_known_args

    def parse_known_args(args: Sequence[str] | None = None, namespace: Any = None) -> Any:
        words = list(args) if args is not None else sys.argv[1:]
        if len(words) > 1 and words[0] in actions and words[1] not in actions:
            words[0], words[1] = words[1], words[0]
        return parse(words, namespace)

    parser.parse_known_args = parse_known_args  # type: ignore[method-assign]


def run_docs(args: argparse.Namespace) -> int:
    from qcode.services.documents.attributes import document_attribute_table
    from qcode.services.documents.listing import list_documents

    with open_cli_project(args.project) as project, project.session() as session:
        rows = list_documents(session)
        attributes = document_attribute_table(session) if args.json else {}
    if args.json:
        stream_json({**row.as_dict(), "attributes": attributes.get(row.name, {})} for row in rows)
    else:
        print_table(
            ["document", "participant", "wave", "kind", "format", "chars"],
            [(r.name, r.participant, r.wave, r.kind, r.format, f"{r.chars:,}") for r in rows],
        )
    return 0


def run_rename(args: argparse.Namespace) -> int:
    from qcode.services.documents.editing import check_document_name, rename_document

    with open_cli_project(args.project) as project:
        change = rename_document(project, args.document, args.name, args.actor, args.reason)
    if change.is_empty:
        print(f"'{args.document}' already has that name; nothing changed")
    else:
        print(f"renamed '{args.document}' to '{check_document_name(args.name)}'")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    from qcode.services.documents.removal import delete_document, deletion_summary

    with open_cli_project(args.project) as project:
        if not args.yes:
            with project.session() as session:
                summary = deletion_summary(session, args.document)
            confirm_delete(args.document, summary.describe())
        change = delete_document(project, args.document, args.actor, args.reason)
    print(f"deleted '{args.document}' with {change.value.describe()}")
    return 0


def confirm_delete(document: str, removes: str) -> None:
    """Ask at a terminal; elsewhere refuse with the one line saying what would go."""
    if not sys.stdin.isatty():
        raise QcodeError(
            f"deleting '{document}' would also remove {removes}; "
            "nothing was deleted: run again with --yes to delete it"
        )
    print(f"Deleting '{document}' also removes {removes}.")
    try:
        answer = input("Delete it? [y/N] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() not in {"y", "yes"}:
        raise QcodeError(f"'{document}' was not deleted")


def run_edit(args: argparse.Namespace) -> int:
    from qcode.services.documents.editing import DocumentEdit, edit_document

    if args.wave is not None and args.wave < 1:
        raise QcodeError("--wave must be 1 or more")
    participant = "" if args.no_participant else args.participant
    edit = DocumentEdit(participant=participant, wave=args.wave, no_wave=args.no_wave)
    if edit.is_empty:
        raise QcodeError("docs edit: give --participant, --no-participant, --wave or --no-wave")
    with open_cli_project(args.project) as project:
        change = edit_document(project, args.document, edit, args.actor, args.reason)
        with project.session() as session:
            from qcode.services.lookup import get_document

            doc = get_document(session, args.document)
            who = doc.participant.label if doc.participant else "no participant"
            wave = f"wave {doc.wave}" if doc.wave is not None else "no wave"
    verb = "edited" if not change.is_empty else "nothing changed for"
    print(f"{verb} '{args.document}': {who}, {wave}")
    return 0


def run_docs_set(args: argparse.Namespace) -> int:
    from qcode.services.documents.attributes import set_document_attributes

    values = parse_values(args.values, "docs set")
    with open_cli_project(args.project) as project:
        change = set_document_attributes(project, args.document, values, args.actor, args.reason)
    if change.is_empty:
        print(f"'{args.document}' already has those attributes; nothing changed")
        return 0
    print(f"set attributes of '{args.document}': {shown_values(values)}")
    return 0


def shown_values(values: dict[str, AttributeInput | None]) -> str:
    """``role=GP, site removed`` for the values just set."""
    return ", ".join(
        f"{k}={_shown(v)}" if v is not None else f"{k} removed" for k, v in values.items()
    )


def run_attrs(args: argparse.Namespace) -> int:
    from qcode.services.documents.attributes import attribute_names, participant_rows

    with open_cli_project(args.project) as project, project.session() as session:
        rows = participant_rows(session)
    if args.json:
        stream_json(
            {"participant": r.label, "documents": r.documents, "attributes": r.attributes}
            for r in rows
        )
        return 0
    names = attribute_names(rows)
    print_table(
        ["participant", "documents", *names],
        [(r.label, r.documents, *(_shown(r.attributes.get(n)) for n in names)) for r in rows],
    )
    return 0


def _shown(value: object) -> str:
    if value is None:
        return ""
    return str(value).lower() if isinstance(value, bool) else str(value)


def parse_values(
    texts: Sequence[str], command: str = "attrs set"
) -> dict[str, AttributeInput | None]:
    """``NAME=VALUE`` words (numbers typed as with --attr); ``NAME=`` is None: remove it."""
    from qcode.services.documents.participants import parse_attribute_option

    values: dict[str, AttributeInput | None] = {}
    for text in texts:
        name, sep, raw = text.partition("=")
        if not sep or not name.strip():
            raise QcodeError(f"{command} expects NAME=VALUE (NAME= removes it), not '{text}'")
        if name.strip() in values:
            raise QcodeError(f"attribute '{name.strip()}' is given twice")
        values[name.strip()] = parse_attribute_option(text)[1] if raw.strip() else None
    return values


def run_attrs_set(args: argparse.Namespace) -> int:
    from qcode.services.documents.attributes import set_participant_attributes

    values = parse_values(args.values)
    with open_cli_project(args.project) as project:
        change = set_participant_attributes(
            project,
            args.participant,
            values,
            args.actor,
            args.reason,  # type: ignore[arg-type]
        )
    if change.is_empty:
        print(f"'{args.participant}' already has those attributes; nothing changed")
        return 0
    print(f"set attributes of '{args.participant}': {shown_values(values)}")
    return 0


def run_attrs_import(args: argparse.Namespace) -> int:
    from qcode.services.documents.attributes import import_classification_sheet

    with open_cli_project(args.project) as project:
        change = import_classification_sheet(project, Path(args.sheet), args.actor, args.reason)
    print(f"imported {change.value.describe()}")
    return 0
