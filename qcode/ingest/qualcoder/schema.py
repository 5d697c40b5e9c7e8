"""Which tables and columns a QualCoder database has at each version qcode reads (v8 to v17).

QualCoder keeps its version in ``project.databaseversion`` ("v8" … "v17") and upgrades a
project when it opens it, by adding tables and columns. Every version since v4 has the
core tables as the reader uses them (``code_text`` got ``ctid`` in v4, ``avid`` in v2,
``important`` in v3; ``source.av_text_id`` came in v5, graphs in v6 and v7, ``ris`` and
``source.risid`` in v8). What changed after v8, from QualCoder's upgrade code:

- v9: ``project.recently_used_codes``
- v10: ``code_image.pdf_page`` (image codings on PDF pages)
- v11: ``gr_pix_item.pdf_page``
- v12: table ``manage_files_display`` (a table layout)
- v13: table ``files_filter``
- v14: table ``coder_names`` (every coder's name and whether their coding is shown)
- v15: ``project.avbookmarkfile``, ``avbookmarkmsec``, ``avbookmarktextpos``
- v16: ``code_name.supercid``: a code can sit under another code, not only a category
- v17: ``label`` and ``arrow_mode`` on graph lines, table ``gr_memo_item`` (graph memos)

Positions (``pos0``/``pos1`` in ``code_text``, ``case_text`` and ``annotation``) are
offsets into ``source.fulltext`` as Python counts it: code points, end exclusive; the
coded text is kept beside them in ``code_text.seltext``.
"""

from __future__ import annotations

FIRST, LAST = 8, 17
SUPPORTED = f"v{FIRST} to v{LAST}"

# The tables and columns the reader uses, as every version from v8 has them.
READ: dict[str, tuple[str, ...]] = {
    "project": ("databaseversion", "date", "memo", "about"),
    "source": ("id", "name", "fulltext", "mediapath", "memo", "owner", "date"),
    "code_cat": ("catid", "name", "memo", "owner", "date", "supercatid"),
    "code_name": ("cid", "name", "memo", "catid", "owner", "date", "color"),
    "code_text": (
        "ctid",
        "cid",
        "fid",
        "seltext",
        "pos0",
        "pos1",
        "owner",
        "date",
        "memo",
        "important",
    ),
    "cases": ("caseid", "name", "memo", "owner", "date"),
    "case_text": ("id", "caseid", "fid", "pos0", "pos1", "owner", "date", "memo"),
    "annotation": ("anid", "fid", "pos0", "pos1", "memo", "owner", "date"),
    "attribute_type": ("name", "caseOrFile", "valuetype", "memo"),
    "attribute": ("name", "attr_type", "value", "id"),
    "journal": ("jid", "name", "jentry", "date", "owner"),
    "code_image": ("imid", "id", "cid"),
    "code_av": ("avid", "id", "cid"),
    "graph": ("grid",),
    "ris": ("risid",),
}

# What later versions added that the reader uses.
ADDED: dict[int, dict[str, tuple[str, ...]]] = {
    14: {"coder_names": ("name",)},
    16: {"code_name": ("supercid",)},
}


def version_number(raw: object) -> int | None:
    """``"v17"`` → 17; None if it is not a version QualCoder writes."""
    text = str(raw or "").strip().lower().removeprefix("v")
    return int(text) if text.isdigit() else None


def required(version: int) -> dict[str, tuple[str, ...]]:
    """The tables and columns the reader needs in a database of ``version``."""
    tables = dict(READ)
    for since, added in sorted(ADDED.items()):
        if since <= version:
            for table, columns in added.items():
                tables[table] = tables.get(table, ()) + columns
    return tables


def missing(present: dict[str, set[str]], version: int) -> list[str]:
    """What a database of ``version`` lacks: ``"table journal"``, ``"code_text.pos0"``.

    ``present`` maps each table to its column names in lower case (SQLite ignores case).
    """
    gaps = []
    for table, columns in required(version).items():
        if table not in present:
            gaps.append(f"table {table}")
            continue
        absent = [column for column in columns if column.lower() not in present[table]]
        gaps.extend(f"{table}.{column}" for column in absent)
    return gaps
