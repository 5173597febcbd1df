"""HAZOP studies: nodes, parameters and guide words, deviations, safeguards and recommendations."""
