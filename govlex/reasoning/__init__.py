"""Definitions as classes: the build-time reasoning over interpretations' criteria, and reading its results.

`definitions` reads each interpretation's criteria as an OWL class and lets HermiT work out which
reference systems each covers and how the definitions' scopes relate; `record` writes that into the
inferred graph with PROV-O provenance; `results` is what serving reads back (no reasoner at run time).
"""
