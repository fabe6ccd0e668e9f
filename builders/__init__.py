"""Builders: raw sources -> normalised documents -> resolved annotations -> splits -> Parquet release."""
