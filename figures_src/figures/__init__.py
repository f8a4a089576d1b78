"""One module per page of the site. Each module lists its figures in FIGURES."""
