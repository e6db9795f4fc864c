"""Explainer-site generator: seed articles and curated YAML in, a static explainer site out."""

__version__ = "0.1.0"
