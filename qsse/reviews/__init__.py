"""Process reviews and the management review (ISO 9001 §9.3)."""
