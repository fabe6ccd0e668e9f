"""Annotations: gold files resolved against the text, validated, with the speaker registry and the agreement passes."""
