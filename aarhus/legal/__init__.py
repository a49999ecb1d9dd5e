"""The statutory calendar and rule versions as stored data, the calculator and its admin."""
