"""Links to external governance vocabularies: load them, suggest mappings, curate, evaluate and publish them.

Modules: `fetch` (bytes from a file or URL), `load` (parse into a named graph), `registry` (what is
loaded, persisted beside the build), `vocabulary` (terms and labels of a vocabulary and of govlex),
`normalise` and `suggest` (candidate mappings), `mappings` (the curated mappings in `data/mappings/`),
`sssom_io` (SSSOM TSV), `evaluate` (suggestions against curated mappings).
"""
