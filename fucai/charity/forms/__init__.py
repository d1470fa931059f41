"""Forms of the charity app, one module per topic."""
