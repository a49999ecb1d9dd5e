"""Users, roles, sign-in and personal API tokens."""
