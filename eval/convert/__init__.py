"""Converters from outside annotation formats to the gold documents that ``diploquote eval --gold`` reads."""
