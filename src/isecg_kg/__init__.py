"""isecg-kg: a linked-data knowledge graph of international space-exploration coordination."""

__version__ = "0.1.0"
