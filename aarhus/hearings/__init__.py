"""Public hearings: notice, comments, positions, protocol."""
