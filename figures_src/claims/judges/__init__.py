"""The judges, one module per topic of the lecture (as figures/ holds one module of figures per page)."""
