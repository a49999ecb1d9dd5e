"""Concept action plans: their items (data), progress by year, and reporting dates."""
