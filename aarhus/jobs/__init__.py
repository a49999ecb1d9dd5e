"""Background work: the scheduler process and the one job runner (a jobs table)."""
