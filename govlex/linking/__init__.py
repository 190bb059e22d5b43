"""Links to external governance vocabularies: load them, suggest mappings, curate, evaluate and publish them.

Modules: `fetch` (bytes from a file or URL, kept on disk), `load` (parse into a named graph; with
`xmlentities` for XML entity checks, `owlxml` for OWL/XML, `obo` for OBO flat files and `jsonld` for
contexts given by reference), `registry` (what is loaded, persisted beside the build), `vocabulary`
(terms, labels, definitions and deprecation of a vocabulary and of govlex), `normalise` and `suggest`
(candidate mappings), `mappings` (the curated mappings in `data/mappings/`), `sssom_io` (SSSOM TSV),
`evaluate` (suggestions against curated mappings).
"""
