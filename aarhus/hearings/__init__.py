"""Public hearings: the notice, comments and positions, the protocol, the expertise that follows, feeds."""
