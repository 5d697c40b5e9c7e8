"""Write a REFI-QDA codebook (.qdc): the code tree, flags in descriptions and as two sets."""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from qcode.errors import QcodeError
from qcode.export.refi.project_xml import clean, code_element, g, sub
from qcode.ingest.refi.elements import stable_guid
from qcode.ingest.refi.model import CODEBOOK_NAMESPACE, CONTEXT_SET, MECHANISM_SET, RefiProject

XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    f"{CODEBOOK_NAMESPACE} http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd"
)


def build_codebook(data: RefiProject) -> etree._Element:
    """The ``CodeBook`` element: ``Codes`` then ``Sets`` (one per flag, if any code has it)."""
    root = etree.Element(
        f"{{{CODEBOOK_NAMESPACE}}}CodeBook", nsmap={None: CODEBOOK_NAMESPACE, "xsi": XSI}
    )
    root.set("origin", clean(data.origin))
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    codes = sub(root, "Codes")
    for code in data.codes:
        code_element(codes, code, {})
    flagged = {
        CONTEXT_SET: [c.guid for c in data.all_codes() if "C" in c.flags],
        MECHANISM_SET: [c.guid for c in data.all_codes() if "M" in c.flags],
    }
    if any(flagged.values()):
        sets = sub(root, "Sets")
        for name, guids in flagged.items():
            if guids:
                element = sub(sets, "Set", guid=g(stable_guid("set", name)), name=name)
                for guid in guids:
                    sub(element, "MemberCode", guid=g(guid))  # (Project.xsd: targetGUID)
    return root


def write_qdc(data: RefiProject, output: Path) -> None:
    """Write the codebook file (refuses an empty codebook: the schema needs one code)."""
    if not data.codes:
        raise QcodeError("the codebook is empty; there is nothing to export")
    xml = etree.tostring(
        build_codebook(data), xml_declaration=True, encoding="utf-8", pretty_print=True
    )
    partial = output.with_name(output.name + ".part")
    try:
        partial.write_bytes(xml)
        os.replace(partial, output)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise QcodeError(f"{output}: could not be written ({exc.strerror or exc})") from exc
