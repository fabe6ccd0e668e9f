"""Curation: which raw documents are admitted, near-duplicates, the annotation sample and the splits."""
