"""Issue 13: the interface's strings are gettext message catalogues, read by Babel, not tables in code.

Every string a template asks for by name is in the catalogue with its English text and a Chinese
translation; nothing is fuzzy or left untranslated; the pages' languages read from it."""

import re
import tomllib

import pytest
from babel.messages.pofile import read_po
from govlex.api.messages import LOCALES, named, text
from govlex.api.templating import TEMPLATES, helpers
from helpers import ROOT

CATALOGUE = LOCALES / "zh" / "LC_MESSAGES" / "messages.po"


def names_in_templates() -> set[str]:
    found: set[str] = set()
    for template in TEMPLATES.glob("*.html"):
        found |= set(re.findall(r"\bt\(['\"]([a-z_0-9]+)['\"]\)", template.read_text(encoding="utf-8")))
    return found


def test_the_catalogue_is_the_one_in_the_repository() -> None:
    assert CATALOGUE == ROOT / "api" / "locale" / "zh" / "LC_MESSAGES" / "messages.po"
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


@pytest.mark.parametrize("name", sorted(names_in_templates()))
def test_every_name_a_template_uses_is_in_the_catalogue(name: str) -> None:
    assert text(name, "en") and text(name, "zh")


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
    assert "locale/*/LC_MESSAGES/*.po" in package_data["govlex.api"]
