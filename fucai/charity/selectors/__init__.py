"""Reads of the charity app, scoped to the user (``visible_to``), one module per topic."""
