"""Curators in, publications out: the spreadsheet round trip, TBX, and the printed glossary."""
