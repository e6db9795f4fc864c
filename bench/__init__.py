"""Benchmark harness: time our builder against Hugo, Eleventy, MkDocs and Pelican on one corpus."""
