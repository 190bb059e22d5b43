"""Chinese labels in pinyin: with tone marks for reading, without for sorting and search keys.

pypinyin loads its phrase dictionaries (about 50 MB) when imported, so it is imported on first use:
a process that never romanises a label (a query worker, a server answering only SPARQL) never pays.
"""


def syllables(text: str, tones: bool = True) -> list[str]:
    """The pinyin of `text`, one item per syllable (other characters pass through as runs).

    >>> syllables("自主武器"), syllables("自主武器", tones=False)
    (['zì', 'zhǔ', 'wǔ', 'qì'], ['zi', 'zhu', 'wu', 'qi'])
    """
    from pypinyin import Style, lazy_pinyin

    return list(lazy_pinyin(text, style=Style.TONE if tones else Style.NORMAL))


def spelled(text: str) -> str:
    """The pinyin of `text` with tone marks, syllables separated by spaces.

    >>> spelled("自主武器系统")
    'zì zhǔ wǔ qì xì tǒng'
    """
    return " ".join(syllables(text))


def sort_key(text: str) -> str:
    """The toneless pinyin of `text` run together: the key the pinyin index sorts and searches by.

    >>> sort_key("自主武器系统")
    'zizhuwuqixitong'
    """
    return "".join(syllables(text, tones=False))
