"""Issue 13: the interface's strings are gettext message catalogues, read by Babel, not tables in code.

Every string a template or module asks for by name is in the catalogue with its English text and a
Chinese translation, and the catalogue holds nothing nobody asks for; nothing is fuzzy or left
untranslated; the pages' languages read from it."""

import re
import tomllib

import pytest
from babel.messages.pofile import read_po
from govlex.api.rendering import HOME_COUNTS
from govlex.api.templating import TEMPLATES, helpers
from helpers import ROOT

from govlex.messages import LOCALES, named, text

CATALOGUE = LOCALES / "zh" / "LC_MESSAGES" / "messages.po"
# How a name is asked for: `t('name')` in a page template (or a quoted name a template loops over and
# passes to `t`); `text`/`both` ("name") and `named`/`both_named` ("group") in a module that imports
# `govlex.messages`; the home page's counts ask for the names in `HOME_COUNTS`.
CALLS_BY_NAME = re.compile(r'\b(?:text|both)\(\s*"([^"]+)"')
CALLS_BY_GROUP = re.compile(r'\b(?:named|both_named)\(\s*"([^"]+)"')
QUOTED_IN_TEMPLATE = re.compile(r"""['"]([a-z_0-9.]+)['"]""")
ASKING_MODULES = sorted(
    p
    for folder in ("govlex", "api", "viz")
    for p in (ROOT / folder).rglob("*.py")
    if "govlex.messages import" in p.read_text(encoding="utf-8")
)


def contexts() -> set[str]:
    with CATALOGUE.open("rb") as po:
        return {m.context for m in read_po(po) if m.id and m.context}


def names_in_templates() -> set[str]:
    found: set[str] = set()
    for template in TEMPLATES.glob("*.html"):
        found |= set(re.findall(r"\bt\(['\"]([a-z_0-9.]+)['\"]\)", template.read_text(encoding="utf-8")))
    return found


def asked_for() -> tuple[set[str], set[str]]:
    """The names asked for one by one, and the groups (`status`, `edge`, …) asked for by member."""
    names = names_in_templates() | set(HOME_COUNTS)
    for template in TEMPLATES.glob("*.html"):
        names |= set(QUOTED_IN_TEMPLATE.findall(template.read_text(encoding="utf-8"))) & contexts()
    groups: set[str] = set()
    for module in ASKING_MODULES:
        source = module.read_text(encoding="utf-8")
        names |= set(CALLS_BY_NAME.findall(source))
        groups |= set(CALLS_BY_GROUP.findall(source))
    return names, groups


def test_the_catalogue_is_the_one_in_the_repository() -> None:
    assert CATALOGUE == ROOT / "govlex" / "locale" / "zh" / "LC_MESSAGES" / "messages.po"
    assert not list(LOCALES.rglob("*.mo")), "compiled catalogues are not kept: the .po is read directly"


def test_every_message_is_named_translated_and_not_fuzzy() -> None:
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po)
    messages = [m for m in catalogue if m.id]
    assert len(messages) > 100
    assert all(m.context for m in messages), "a message without a name no template can ask for"
    assert not [m.context for m in messages if not m.string], "untranslated"
    assert not [m.context for m in messages if m.fuzzy], "fuzzy"
    contexts = [m.context for m in messages]
    assert len(contexts) == len(set(contexts))


def test_the_askers_are_found() -> None:
    modules = {p.relative_to(ROOT).as_posix() for p in ASKING_MODULES}
    assert {"api/templating.py", "viz/style.py", "govlex/curation/glossary_model.py"} <= modules
    names, groups = asked_for()
    assert {"home", "network_title", "glossary_all_title"} <= names
    assert {"status", "edge", "property", "glossary_side"} <= groups


@pytest.mark.parametrize("name", sorted(asked_for()[0]))
def test_every_name_asked_for_is_in_the_catalogue(name: str) -> None:
    assert text(name, "en") and text(name, "zh")  # a name the catalogue lacks is a KeyError


def test_every_message_is_asked_for() -> None:
    names, groups = asked_for()
    unused = sorted(c for c in contexts() if c not in names and c.partition(".")[0] not in groups)
    assert not unused, f"{CATALOGUE.relative_to(ROOT)} holds messages nobody asks for: {', '.join(unused)}"


def test_every_group_asked_for_has_messages() -> None:
    _, groups = asked_for()
    empty = sorted(g for g in groups if not any(c.startswith(g + ".") for c in contexts()))
    assert not empty, f"asked for by group but with no message in the catalogue: {', '.join(empty)}"


def test_both_languages_read_from_the_catalogue() -> None:
    assert (text("home", "en"), text("home", "zh")) == ("Home", "首页")
    assert (text("language", "en"), text("language", "zh")) == ("中文", "English")
    assert named("relation", "broader", "zh") == "上位概念"
    english, chinese = helpers("en"), helpers("zh")
    assert (english["side"]("US"), chinese["side"]("US"), chinese["side"]("")) == (
        "United States",
        "美方",
        "未记录",
    )
    assert chinese["status"]("jointly-interpreted") == "已共同解读"


def test_an_unknown_name_fails_loudly_and_an_unknown_value_shows_itself() -> None:
    with pytest.raises(KeyError):
        text("no-such-string", "zh")
    assert named("status", "not-a-status", "zh") == "not-a-status"


def test_the_wheel_ships_the_catalogue() -> None:
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "locale/*/LC_MESSAGES/*.po" in package_data["govlex"]
