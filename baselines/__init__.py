"""The models scored by the harness (majority, rules, tfidf-lr, llm), their registry and the leaderboard."""
