"""govlex: a knowledge graph of AI governance concepts."""

__version__ = "0.1.0"
