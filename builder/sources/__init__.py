"""The sources registry (content/sources.yaml), citations and notes: who says so, where, when.

load.py reads the registry, citations.py finds `[@key]` in Markdown, notes.py anchors a
seed article's notes to their phrases, attach.py gives each page its notes and sources,
check.py indexes where each source is cited, views.py is how pages show them, and
alive.py asks whether their addresses still answer (`check --links`). The package itself
imports none of them: each stage imports the module it uses.
"""
