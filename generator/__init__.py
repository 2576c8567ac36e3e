"""Praktijkgids generator: YAML/Markdown knowledge → tailored MkDocs editions and checklists.

Pipeline (one module per stage): load → validate → editions (select) → render → build;
`pipeline` is the front door, `cli` the `handbook` command.
"""
