"""The science: the catalogue of activation functions, the data, the models, how they are trained
and attacked, and the statistics that turn runs over seeds into numbers a page can quote.
Knows nothing of pictures or of the build."""
