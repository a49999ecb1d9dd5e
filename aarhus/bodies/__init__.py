"""Regions of Kazakhstan and the public bodies that act in them."""
