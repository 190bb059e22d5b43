"""Issue 17: the static site reads each page of the whole graph once for both languages (the page it
writes in Chinese is the one the server renders in Chinese: same context, "cite this" in Chinese), and
finds the things of every kind in one pass over the store."""

from govlex.api.entity_pages import every_page
from govlex.api.links import RECORD_KINDS
from helpers import VALID_BASE

from govlex.entities import known_slugs, slugs_by_kind
from govlex.loading import load_sources
from govlex.store import EmbeddedStore, store_from_dataset


def test_a_page_read_once_is_the_page_in_each_language() -> None:
    store = EmbeddedStore(store_from_dataset(load_sources([VALID_BASE]).dataset))
    english = list(every_page(store, "en"))
    chinese = list(every_page(store, "zh"))
    assert len(english) == len(chinese) > 5
    retitled = 0
    for en, zh in zip(english, chinese, strict=True):
        assert (en.name, en.args) == (zh.name, zh.args)
        assert en.in_language("zh") == zh
        assert zh.in_language("en") == en
        retitled += en.context["cite"].title != zh.context["cite"].title
    assert retitled > 0  # some thing has a Chinese title, so the check above compared two titles


def test_the_slugs_of_every_kind_in_one_pass_are_those_of_each_kind() -> None:
    store = EmbeddedStore(store_from_dataset(load_sources([VALID_BASE]).dataset))
    every = slugs_by_kind(store)
    assert len(every) > 5 and all(every.values())
    for kind in {*every, *RECORD_KINDS, "criterion", "source"}:
        assert every.get(kind, []) == known_slugs(store, kind), kind
