"""Writes of the marketing app: one service per business step, each audited."""
