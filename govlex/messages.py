"""The interface's strings, read from gettext message catalogues (`govlex/locale/<lang>/LC_MESSAGES/messages.po`).

Every string a person reads in the pages, the graph views and the printed glossary comes from here.
Each message has a context naming it (`home`, `status.divergent`, `side.us`, …; templates and code ask
for strings by that name), its English text as the msgid and, in the Chinese catalogue, its Chinese
text as the msgstr: English is the source language, so it needs no catalogue of its own. The core reads
it too (the printed glossary, the names of reused properties), so it lives in the core package. The
`.po` files are read directly with Babel's `read_po` on first use (a few milliseconds) rather than
compiled to `.mo`: nothing generated is kept beside them, and the wheel ships the same files a checkout
reads. How to add a string: docs/architecture.md, "Adding an interface string".

>>> text("home", "en"), text("home", "zh"), named("status", "divergent", "zh"), named("status", "odd", "zh")
('Home', '首页', '存在分歧', 'odd')
>>> both("home"), both_named("status", "divergent")
(('Home', '首页'), ('divergent', '存在分歧'))
"""

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
TRANSLATED = {"zh": "zh"}
"""The page languages that have a catalogue, and its folder under `LOCALES`; English is the source."""


@cache
def _messages(lang: str) -> dict[str, str]:
    """The strings of `lang` by context: the msgid for English, else the msgstr (the msgid when empty)."""
    folder = TRANSLATED.get(lang, TRANSLATED["zh"])
    path = LOCALES / folder / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as po:
        catalogue = read_po(po, locale=folder)
    found: dict[str, str] = {}
    for message in catalogue:
        if not message.id or message.context is None:
            continue  # the header, or a message nobody can ask for by name
        english = str(message.id)
        found[message.context] = english if lang not in TRANSLATED else (str(message.string) or english)
    return found


def text(key: str, lang: str) -> str:
    """The interface string named `key` in `lang` ('en' or 'zh'); an unknown name is a `KeyError`."""
    return _messages(lang)[key]


def named(group: str, name: str, lang: str) -> str:
    """The display name of `name` in a group of values (`status`, `side`, `edge`, `measure`, `property`,
    …: the messages `<group>.<name>`) in `lang`, or `name` itself when the catalogue has none."""
    return _messages(lang).get(f"{group}.{name}", name)


def both(key: str) -> tuple[str, str]:
    """The interface string named `key` in English and in Chinese, for output that carries both (the
    graph views' language switch, the bilingual glossary)."""
    return text(key, "en"), text(key, "zh")


def both_named(group: str, name: str) -> tuple[str, str]:
    """`named(group, name, …)` in English and in Chinese."""
    return named(group, name, "en"), named(group, name, "zh")
