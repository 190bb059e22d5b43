"""The record of change: releases (`release`), what changed between two states of the data (`snapshot`,
`diff`), each concept's history (`timeline`) and how far the two sides' readings are apart over time
(`convergence`)."""
