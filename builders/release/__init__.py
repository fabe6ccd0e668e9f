"""The release: Arrow tables, Parquet shards, MANIFEST.json, the atomic switch, verify, hydrate and stats."""
