"""Issue 17: search ranks exactly as the plain rule says, now that it finds matches with one regex pass
and ranks them with arrays: exact before prefix before substring, a preferred label +10, minus the
characters the key has beyond the query (at most 9); each concept once, by its best label; ties by
English label."""

import random

from pyoxigraph import Store

from govlex.catalog import ConceptSummary, label_keys, normalise, search, search_index_of
from govlex.store import EmbeddedStore

WORDS = ["autonomous", "weapon", "system", "lethal", "自主", "武器", "系统", "致命性", "control", "human"]


def _reference(
    entries: list[tuple[str, str, str, bool]], summaries: dict[str, ConceptSummary], q: str
) -> list[tuple[str, str, int]]:
    needle = normalise(q)
    best: dict[str, tuple[int, str]] = {}
    for key, slug, label, preferred in entries:
        if needle not in key or slug not in summaries:
            continue
        score = (300 if key == needle else 200 if key.startswith(needle) else 100) + (10 if preferred else 0)
        score -= min(len(key) - len(needle), 9)
        if score > best.get(slug, (-1, ""))[0]:
            best[slug] = (score, label)
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], summaries[item[0]].label_en.lower()))
    return [(slug, label, score) for slug, (score, label) in ranked[:50]]


def test_search_ranks_as_the_rule_says() -> None:
    rng = random.Random(7)
    summaries, entries = {}, []
    for n in range(400):
        slug = f"c{n}"
        english = " ".join(rng.sample(WORDS[:4] + WORDS[8:], rng.randint(1, 3))) + f" {n % 37}"
        chinese = "".join(rng.sample(WORDS[4:8], rng.randint(1, 3)))
        summaries[slug] = ConceptSummary(slug, f"urn:{slug}", english, chinese, (), (), ())
        for label, preferred in ((english, True), (chinese, True), (english.upper() + " alt", False)):
            entries += [(key, slug, label, preferred) for key in sorted(label_keys(label))]
    entries.append(("orphan", "not-a-concept", "orphan", True))
    store = EmbeddedStore(Store())
    index = search_index_of(tuple(summaries.values()), entries)
    store.derived("search_index", lambda: index)
    for q in ["weapon", "WEAPON 3", "自主", "zizhu", "wuqi xitong", "lethal", "1", "orphan", "nothing", "a"]:
        found = [(hit.concept.slug, hit.matched, hit.score) for hit in search(store, q)]
        assert found == _reference(entries, summaries, q), q
