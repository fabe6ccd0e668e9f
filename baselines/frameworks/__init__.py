"""Adapters that run DiploQuote's attribution task from LLM evaluation frameworks
(lm-evaluation-harness, Inspect AI) and score it with the harness."""
