"""Label normalisation for matching: case, punctuation, CamelCase, plurals, bracketed and known abbreviations.

Both sides go through the same function, so "AI system", "Artificial Intelligence System" and
"AISystem" meet at one form. Each label yields a set of variants (its normal form, the form with a
bracketed acronym removed, the acronym itself, and the form with abbreviations spelt out).
"""

import re
import unicodedata

# Abbreviations the dialogue and the vocabularies use; spelt out so either form matches the other.
ABBREVIATIONS: dict[str, str] = {
    "ai": "artificial intelligence",
    "ml": "machine learning",
    "dl": "deep learning",
    "nn": "neural network",
    "ann": "artificial neural network",
    "nlp": "natural language processing",
    "llm": "large language model",
    "uav": "unmanned aerial vehicle",
    "ugv": "unmanned ground vehicle",
    "usv": "unmanned surface vehicle",
    "uuv": "unmanned underwater vehicle",
    "ucav": "unmanned combat aerial vehicle",
    "aws": "autonomous weapon system",
    "laws": "lethal autonomous weapon system",
    "c2": "command and control",
    "hmi": "human machine interaction",
    "hci": "human computer interaction",
    "adm": "automated decision making",
    "gpai": "general purpose artificial intelligence",
}
_KEEP_FINAL_S = ("ss", "us", "is", "as", "ys", "ics")
_BRACKETED = re.compile(r"\(([^)]*)\)")
_STEM_SUFFIX = re.compile(r"(ousness|ously|ation|ition|ated|ate|ity|ous|ive|ion|ing|ed|al|y|e)$")


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


def normal_form(text: str) -> str:
    """Lower case, CamelCase split, punctuation to spaces, each word singular.

    >>> normal_form("Long ShortTerm Memory")
    'long short term memory'
    >>> normal_form("Human–machine interaction")
    'human machine interaction'
    >>> normal_form("Weapons Systems")
    'weapon system'
    """
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    words = re.sub(r"[^\w]+|_", " ", text).split()
    # An acronym ("LAWS", "UAVs") is not an English plural: keep it whole, lower-cased.
    return " ".join(word.lower() if word.isupper() else singular(word.lower()) for word in words)


def stem(form: str) -> str:
    """A normal form with derivational endings cut, so "autonomy" meets "autonomous" (weaker evidence).

    >>> stem("autonomy") == stem("autonomous"), stem("automation") == stem("automated")
    (True, True)
    """
    return " ".join(_STEM_SUFFIX.sub("", word) if len(word) > 5 else word for word in form.split())


def expand(form: str) -> str:
    """Spell out known abbreviations in a normal form.

    >>> expand("ai system")
    'artificial intelligence system'
    """
    return " ".join(ABBREVIATIONS.get(word, word) for word in form.split())


def variants(label: str) -> set[str]:
    """Every form under which `label` may match another label.

    >>> sorted(variants("Artificial Intelligence (AI)"))
    ['ai', 'artificial intelligence']
    """
    found: set[str] = set()
    without_brackets = _BRACKETED.sub(" ", label)
    for part in [label, without_brackets, *_BRACKETED.findall(label)]:
        form = normal_form(part)
        if form:
            found.add(form)
    if _BRACKETED.search(label):
        found.discard(normal_form(label))
    return found | {expand(form) for form in found}
