"""Issue 15, part 2: TBX-Basic export validated against the dialect's RELAX NG schema, and TBX import."""

import shutil
from pathlib import Path

import pytest
from helpers import ROOT, run_cli
from lxml import etree

TBX_DIR = ROOT.parent / "shared" / "external" / "tbx-basic"
SCHEMA = TBX_DIR / "TBXcoreStructV03_TBX-Basic_integrated.rng"
ASTRONOMY = TBX_DIR / "Example_Astronomy_DCA_VALID.tbx"
NS = {"t": "urn:iso:std:iso:30042:ed-2"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tbx") / "govlex.tbx"
    result = run_cli("export", "--tbx", "-o", str(path))
    assert result.returncode == 0, result.stderr
    return path


def test_export_is_valid_tbx_basic(exported: Path) -> None:
    schema = etree.RelaxNG(etree.parse(str(SCHEMA)))
    document = etree.parse(str(exported))
    assert schema.validate(document), schema.error_log
    root = document.getroot()
    assert (root.get("type"), root.get("style")) == ("TBX-Basic", "dca")


def test_export_has_one_entry_per_concept_with_both_languages(exported: Path) -> None:
    concepts = sum(
        text.count(" a glx:Concept") for text in [(ROOT / "data" / "concepts.ttl").read_text("utf-8")]
    )
    entries = etree.parse(str(exported)).getroot().findall(".//t:conceptEntry", NS)
    assert len(entries) == concepts
    by_id = {entry.get("id"): entry for entry in entries}
    aws = by_id["autonomous-weapons-systems"]
    assert [section.get(XML_LANG) for section in aws.findall("t:langSec", NS)] == ["en", "zh-Hans"]
    terms = {
        term_section.findtext("t:term", namespaces=NS): [
            n.text for n in term_section.findall("t:termNote", NS)
        ]
        for term_section in aws.iter("{urn:iso:std:iso:30042:ed-2}termSec")
    }
    assert terms["autonomous weapons systems"] == ["fullForm", "preferredTerm-admn-sts"]
    assert terms["自主武器系统"] == ["fullForm", "preferredTerm-admn-sts"]
    assert terms["AWS"] == ["abbreviation", "admittedTerm-admn-sts"]
    assert "glossary:us" in [a.text for a in aws.findall("t:admin[@type='customerSubset']", NS)]
    targets = {ref.get("target") for ref in aws.findall("t:ref[@type='relatedConcept']", NS)}
    assert "weapons-systems" in targets and targets <= set(by_id)
    sources = [
        a.text or "" for a in aws.iter("{urn:iso:std:iso:30042:ed-2}admin") if a.get("type") == "source"
    ]
    assert any("3000.09" in s for s in sources)


def test_import_of_a_foreign_termbase_proposes_candidates_and_writes_nothing() -> None:
    before = {p: p.read_bytes() for p in (ROOT / "data").rglob("*.ttl")}
    result = run_cli("import", "--tbx", str(ASTRONOMY))
    assert result.returncode == 0, result.stderr
    entries = len(etree.parse(str(ASTRONOMY)).getroot().findall(".//t:conceptEntry", NS))
    assert f"0 of {entries} entries match a govlex concept; {entries} are new" in result.stdout
    assert "open cluster" in result.stdout
    assert "nothing written" in result.stdout
    assert {p: p.read_bytes() for p in (ROOT / "data").rglob("*.ttl")} == before


def test_own_export_round_trips_to_the_same_concepts(exported: Path) -> None:
    from govlex.build import current_store
    from govlex.curation.tbx_import import match, read_tbx
    from govlex.store import EmbeddedStore

    candidates = match(read_tbx(exported), EmbeddedStore(current_store()))
    assert candidates
    for candidate in candidates:
        assert (candidate.match, candidate.score) == (candidate.entry_id, 1.0)
        assert candidate.new_terms == []


def test_accept_adds_only_the_missing_terms(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    termbase = tmp_path / "one.tbx"
    termbase.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">
  <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
  <text><body><conceptEntry id="x1">
    <langSec xml:lang="en">
      <termSec><term>lethality</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
      <termSec><term>killing power</term>
        <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
    </langSec>
  </conceptEntry></body></text>
</tbx>
""",
        encoding="utf-8",
    )
    before = {p.relative_to(data): p.read_bytes() for p in data.rglob("*.ttl")}
    result = run_cli("import", "--tbx", str(termbase), "--accept", "--no-reasoner", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    after = {p.relative_to(data): p.read_bytes() for p in data.rglob("*.ttl")}
    assert [p for p in after if after[p] != before[p]] == [Path("concepts.ttl")]
    text = after[Path("concepts.ttl")].decode()
    assert '"killing power"@en' in text
    assert len(text.splitlines()) == len(before[Path("concepts.ttl")].decode().splitlines())
