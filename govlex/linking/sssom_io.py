"""SSSOM TSV in and out (the community format for mappings), through the `sssom` and `curies` packages.

Rows are written in the order given (callers rank them by confidence) and uncondensed, so every
row carries every value and a file written here reads back to the same `Mapping`s.
"""

import io
import warnings
from collections.abc import Iterable
from pathlib import Path

from curies import Converter

from govlex.errors import InputError
from govlex.linking.load import namespace_of
from govlex.linking.mappings import Mapping, converter

MAPPING_SET_BASE = "https://w3id.org/govlex/mappings/"
DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
_CURIE_SLOTS = ("subject_id", "predicate_id", "object_id", "mapping_justification", "author_id")
_TEXT_SLOTS = ("subject_label", "object_label", "mapping_date", "mapping_tool", "comment", "other")


def to_sssom(mappings: Iterable[Mapping], set_name: str, extra_prefixes: dict[str, str] | None = None) -> str:
    """The mappings as an SSSOM TSV document (YAML header with the CURIE map, then one row each)."""
    from sssom import MappingSetDataFrame
    from sssom.writers import write_table
    from sssom_schema import Mapping as SssomMapping

    mappings = list(mappings)
    curies = converter({**_generated_prefixes(mappings, extra_prefixes), **(extra_prefixes or {})})
    rows = []
    for mapping in mappings:
        values: dict[str, object] = {
            slot: curies.compress(getattr(mapping, slot), passthrough=True)
            for slot in _CURIE_SLOTS
            if getattr(mapping, slot)
        }
        if "author_id" in values:
            values["author_id"] = [values["author_id"]]
        values.update({slot: getattr(mapping, slot) for slot in _TEXT_SLOTS if getattr(mapping, slot)})
        if mapping.confidence is not None:
            values["confidence"] = round(mapping.confidence, 3)
        rows.append(SssomMapping(**values))
    metadata = {"mapping_set_id": MAPPING_SET_BASE + set_name, "license": DATA_LICENSE}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # Only the prefixes in use go into the header (sssom's own pruning drops prefixes with a dash).
        used = {str(value).split(":", 1)[0] for row in rows for value in _curie_values(row)}
        header = Converter.from_prefix_map({p: ns for p, ns in curies.prefix_map.items() if p in used})
        frame = MappingSetDataFrame.from_mappings(rows, converter=header, metadata=metadata)
        # The sssom package reorders rows; put them back in the caller's (ranked) order.
        order = {key: rank for rank, key in enumerate(_keys(rows))}
        ranks = [
            order[key]
            for key in zip(frame.df.subject_id, frame.df.predicate_id, frame.df.object_id, strict=True)
        ]
        frame.df = frame.df.iloc[sorted(range(len(ranks)), key=ranks.__getitem__)].reset_index(drop=True)
        buffer = io.StringIO()
        write_table(frame, buffer, sort=False, condense=False)
    return buffer.getvalue()


def _generated_prefixes(mappings: list[Mapping], extra: dict[str, str] | None) -> dict[str, str]:
    """Prefixes `ns1`, `ns2`, ... for namespaces no known prefix covers: SSSOM wants CURIEs everywhere."""
    known = converter(extra)
    unknown = sorted(
        {
            namespace_of(iri)
            for m in mappings
            for iri in (getattr(m, slot) for slot in _CURIE_SLOTS)
            if iri and known.compress(iri) is None
        }
    )
    return {f"ns{number}": namespace for number, namespace in enumerate(unknown, start=1)}


def _curie_values(row: object) -> list[str]:
    values = [getattr(row, slot) for slot in _CURIE_SLOTS]
    return [v for value in values if value for v in (value if isinstance(value, list) else [value])]


def _keys(rows: list[object]) -> list[tuple[str, str, str]]:
    return [(row.subject_id, row.predicate_id, row.object_id) for row in rows]  # type: ignore[attr-defined]


def read_sssom(path: Path) -> list[Mapping]:
    """The rows of an SSSOM TSV file as `Mapping`s with full IRIs; a malformed file raises `InputError`.

    Rows negated with `predicate_modifier` `Not` (a reviewer's rejection) are left out.
    """
    from sssom.parsers import parse_sssom_table

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            frame = parse_sssom_table(path, prefix_map=converter())
    except Exception as err:  # the sssom parser raises many unrelated types (YAML, pandas, validation)
        raise InputError(path, f"not a readable SSSOM TSV file: {err}") from None
    missing = {"subject_id", "predicate_id", "object_id", "mapping_justification"} - set(frame.df.columns)
    if missing:
        raise InputError(path, f"SSSOM columns missing: {', '.join(sorted(missing))}")
    found = []
    for number, row in enumerate(frame.df.to_dict("records"), start=1):
        if row.get("predicate_modifier") == "Not":
            continue  # a reviewer's rejection
        values = {key: (str(value) if value not in (None, "") else None) for key, value in row.items()}
        try:
            iris = {
                slot: frame.converter.expand_or_standardize(text, strict=True)
                if (text := values.get(slot))
                else None
                for slot in _CURIE_SLOTS
            }
        except Exception as err:  # curies raises its own types for unknown prefixes
            raise InputError(path, f"row {number}: {err}") from None
        confidence = row.get("confidence")
        found.append(
            Mapping(
                subject_id=str(iris["subject_id"]),
                predicate_id=str(iris["predicate_id"]),
                object_id=str(iris["object_id"]),
                mapping_justification=str(iris["mapping_justification"]),
                author_id=iris["author_id"],
                confidence=float(confidence) if confidence not in (None, "") else None,
                **{slot: values.get(slot) for slot in _TEXT_SLOTS},
            )
        )
    return found
