"""Background work: the scheduler process and the job worker that runs the jobs table."""
