"""QualCoder's file and case attributes as typed values (text, integer or float).

``attribute_type`` names each attribute, says whether it is a case's or a file's and
whether it is ``character`` or ``numeric``; ``attribute`` holds the values as text, one
row per attribute and file or case (an empty value is no value). A numeric attribute is
an integer if every value is a whole number, else a float; one whose values are not all
numbers is kept as text, and that is reported.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from qcode.ingest.qualcoder.reading import Reading, text_of
from qcode.ingest.refi.model import RefiValue


def read_attributes(state: Reading, kind: str) -> dict[int, list[RefiValue]]:
    """``kind`` "file" or "case": each file's or case's id → its attributes, by name."""
    declared = {
        text_of(row["name"]): text_of(row["valuetype"]).lower()
        for row in state.rows("SELECT * FROM attribute_type")
        if text_of(row["caseOrFile"]).lower() == kind
    }
    values: dict[str, dict[int, str]] = defaultdict(dict)
    for row in state.rows("SELECT * FROM attribute WHERE lower(attr_type) = ?", (kind,)):
        value = text_of(row["value"]).strip()
        if value and isinstance(row["id"], int):
            values[text_of(row["name"])][row["id"]] = value
    found: dict[int, list[RefiValue]] = defaultdict(list)
    for name in sorted(values, key=str.casefold):
        type_, converted = typed(values[name], declared.get(name) == "numeric")
        if declared.get(name) == "numeric" and type_ == "text":
            state.report(
                f"{kind} attribute '{name}' is numeric in QualCoder but not every value is a "
                "number; kept as text"
            )
        for ident, value in converted.items():
            found[ident].append(RefiValue(name, type_, value))
    return found


def typed(values: dict[int, str], numeric: bool) -> tuple[str, dict[int, str]]:
    """The qcode type of one attribute's values, and the values as qcode stores that type."""
    if not numeric:
        return "text", values
    try:
        numbers = {ident: Decimal(value) for ident, value in values.items()}
    except InvalidOperation:
        return "text", values
    if any(not number.is_finite() for number in numbers.values()):
        return "text", values
    if all(number == number.to_integral_value() for number in numbers.values()):
        return "integer", {ident: str(int(number)) for ident, number in numbers.items()}
    return "float", {ident: str(float(number)) for ident, number in numbers.items()}
