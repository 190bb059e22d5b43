"""The SPARQL 1.1 Protocol endpoint's machinery: request checks, formats, and the engines that run queries."""
