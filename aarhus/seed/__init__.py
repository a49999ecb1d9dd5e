"""Demo and bulk data, built through the operations."""
