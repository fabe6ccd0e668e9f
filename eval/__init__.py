"""The evaluation harness: prediction files -> matching -> metrics -> statistics -> reports."""
