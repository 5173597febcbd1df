"""Surveillance plan of residual risks: controls, their calendar and results."""
