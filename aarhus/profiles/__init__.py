"""Public pages of the bodies (as Alaveteli has for authorities): each body's hearings, its requests with answer
times, and its compliance record."""
