"""Label normalisation for matching: case, punctuation, CamelCase, plurals, spelling, acronyms.

Both sides go through the same functions, so "AI system", "Artificial Intelligence System" and
"AISystem" meet at one form. Each label yields a set of variants (its normal form, the form with a
bracketed acronym removed, the acronym itself, and the form with acronyms spelt out). Which acronym
stands for what is read off the labels being matched (`acronyms`), wherever one label of a term is
the initials of another ("ML" and "machine learning") or a label carries its acronym in brackets
("Artificial Intelligence (AI)"); `FALLBACK` only covers what the dialogue abbreviates and no label
need spell out.
"""

import re
import unicodedata
from collections.abc import Iterable

Acronyms = dict[str, set[str]]
"""Acronym (lower case) → the spelt-out normal forms the labels give it."""

# Abbreviations the dialogue uses, for vocabularies whose labels never spell them out.
FALLBACK: dict[str, str] = {
    "ai": "artificial intelligence",
    "ml": "machine learning",
    "dl": "deep learning",
    "nn": "neural network",
    "nlp": "natural language processing",
    "llm": "large language model",
    "uav": "unmanned aerial vehicle",
    "ugv": "unmanned ground vehicle",
    "usv": "unmanned surface vehicle",
    "uuv": "unmanned underwater vehicle",
    "ucav": "unmanned combat aerial vehicle",
    "laws": "lethal autonomous weapon system",
    "c2": "command and control",
}
_KEEP_FINAL_S = ("ss", "us", "is", "as", "ys", "ics")
_BRACKETED = re.compile(r"\(([^)]*)\)")
_STEM_SUFFIX = re.compile(r"(ousness|ously|ation|ition|ated|ate|ity|ous|ive|ion|ing|ed|al|y|e)$")
# British → American endings. Both sides are folded the same way, so a rule only has to be
# consistent, not right: "exercise" → "exercize" on both sides still meets itself. Short words are
# left alone so "hour" and "four" do not fold into "hor" and "for".
_SPELLING = [
    (re.compile(r"(?<=\w{3})is(ation|ing|ed|er|e)$"), r"iz\1"),  # organisation, optimise(d)
    (re.compile(r"(?<=\w{2})ys(ing|ed|e)$"), r"yz\1"),  # analyse
    (re.compile(r"(?<=\w{3})our(ed|ing|s)?$"), r"or\1"),  # behaviour, labour
    (re.compile(r"(?<=\w{2}[^aeiou])tre$"), "ter"),  # centre, metre
    (re.compile(r"(?<=\w{2})ell(ing|ed|er)$"), r"el\1"),  # modelling, labelled
    (re.compile(r"^(def|off|lic|pret)ence$"), r"\1ense"),  # defence, licence
    (re.compile(r"(?<=\w{3})ogue$"), "og"),  # catalogue, dialogue
    (re.compile(r"^programme$"), "program"),
]
_CONNECTIVES = {"and", "of", "for", "the", "in", "on", "to", "a", "an"}


def singular(word: str) -> str:
    """A crude English singular, enough for labels.

    >>> [singular(w) for w in ["systems", "policies", "processes", "autonomous", "bias", "analysis", "robotics"]]
    ['system', 'policy', 'process', 'autonomous', 'bias', 'analysis', 'robotics']
    """
    if len(word) <= 3 or not word.endswith("s") or word.endswith(_KEEP_FINAL_S):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    return word[:-1]


def american(word: str) -> str:
    """A word with British spelling folded to American.

    >>> [american(w) for w in ["organisation", "analysed", "behaviour", "centre", "modelling", "defence", "hour"]]
    ['organization', 'analyzed', 'behavior', 'center', 'modeling', 'defense', 'hour']
    """
    for pattern, replacement in _SPELLING:
        folded = pattern.sub(replacement, word)
        if folded != word:
            return folded
    return word


def normal_form(text: str) -> str:
    """Lower case, CamelCase split, punctuation to spaces, each word singular and in American spelling.

    >>> normal_form("Long ShortTerm Memory")
    'long short term memory'
    >>> normal_form("Human–machine interaction")
    'human machine interaction'
    >>> normal_form("Weapons Systems"), normal_form("Intelligentised warfare")
    ('weapon system', 'intelligentized warfare')
    """
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    words = re.sub(r"[^\w]+|_", " ", text).split()
    # An acronym ("LAWS", "UAVs") is not an English plural: keep it whole, lower-cased.
    return " ".join(word.lower() if word.isupper() else american(singular(word.lower())) for word in words)


def stem(form: str) -> str:
    """A normal form with derivational endings cut, so "autonomy" meets "autonomous" (weaker evidence).

    >>> stem("autonomy") == stem("autonomous"), stem("automation") == stem("automated")
    (True, True)
    """
    return " ".join(_STEM_SUFFIX.sub("", word) if len(word) > 5 else word for word in form.split())


def _spells(acronym: str, words: list[str]) -> bool:
    """Whether `acronym` is the initials of `words`, connectives ("and", "of") optional."""
    if not acronym:
        return not words
    if not words:
        return False
    head, rest = words[0], words[1:]
    if head in _CONNECTIVES and _spells(acronym, rest):
        return True
    return head[0] == acronym[0] and _spells(acronym[1:], rest)


def acronym_pairs(labels: Iterable[str]) -> Iterable[tuple[str, str]]:
    """(acronym, spelt-out normal form) pairs that one term's labels state.

    >>> sorted(acronym_pairs(["machine learning", "ML"]))
    [('ml', 'machine learning')]
    >>> sorted(acronym_pairs(["Artificial Intelligence (AI)"]))
    [('ai', 'artificial intelligence')]
    >>> sorted(acronym_pairs(["lethal autonomous weapons systems", "LAWS", "killer robots"]))
    [('laws', 'lethal autonomous weapon system')]
    """
    texts = list(labels)
    short: list[str] = []
    long: list[str] = []
    for text in texts:
        for bracketed in _BRACKETED.findall(text):
            outside = normal_form(_BRACKETED.sub(" ", text))
            if re.fullmatch(r"[A-Z][A-Za-z]{1,7}", bracketed.strip()) and _spells(
                bracketed.strip().lower(), outside.split()
            ):
                yield bracketed.strip().lower(), outside
        bare = (
            text.strip().rstrip("s") if text.strip().endswith("s") and text[:-1].isupper() else text.strip()
        )
        if re.fullmatch(r"[A-Z]{2,8}", bare):
            short.append(bare.lower())
        elif " " in normal_form(text):
            long.append(normal_form(text))
    for acronym in short:
        for form in long:
            if _spells(acronym, form.split()):
                yield acronym, form


def acronyms(label_sets: Iterable[Iterable[str]]) -> Acronyms:
    """Every acronym the given terms' labels spell out (one iterable of labels per term); an acronym
    no label spells out keeps its `FALLBACK` reading."""
    found: Acronyms = {}
    for labels in label_sets:
        for acronym, form in acronym_pairs(labels):
            found.setdefault(acronym, set()).add(form)
    for acronym, form in FALLBACK.items():
        found.setdefault(acronym, {form})
    return found


def expand(form: str, known: Acronyms) -> set[str]:
    """A normal form with each known acronym spelt out (one variant per reading of an ambiguous one).

    >>> sorted(expand("ai system", {"ai": {"artificial intelligence"}}))
    ['artificial intelligence system']
    """
    results = [""]
    for word in form.split():
        readings = sorted(known.get(word, {word}))
        results = [f"{done} {reading}".strip() for done in results for reading in readings][:8]
    return set(results)


def variants(label: str, known: Acronyms | None = None) -> set[str]:
    """Every form under which `label` may match another label.

    >>> sorted(variants("Artificial Intelligence (AI)"))
    ['ai', 'artificial intelligence']
    >>> sorted(variants("ML model", {"ml": {"machine learning"}}))
    ['machine learning model', 'ml model']
    """
    found: set[str] = set()
    without_brackets = _BRACKETED.sub(" ", label)
    for part in [label, without_brackets, *_BRACKETED.findall(label)]:
        form = normal_form(part)
        if form:
            found.add(form)
    if _BRACKETED.search(label):
        found.discard(normal_form(label))
    return found | {expanded for form in found for expanded in expand(form, known or {})}
