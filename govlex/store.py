"""The embedded store: an in-process pyoxigraph dataset built from the sources or from a build's N-Quads."""

from pathlib import Path

from pyoxigraph import RdfFormat, Store
from rdflib import Dataset


def store_from_dataset(dataset: Dataset) -> Store:
    """Copy an rdflib dataset, named graphs and all, into a fresh in-memory pyoxigraph store."""
    store = Store()
    data = dataset.serialize(format="nquads", encoding="utf-8")
    store.bulk_load(data, format=RdfFormat.N_QUADS)
    return store


def store_from_nquads(path: Path) -> Store:
    """A fresh in-memory store holding the N-Quads file at `path` (a build artefact)."""
    store = Store()
    store.bulk_load(path=str(path), format=RdfFormat.N_QUADS)
    return store
