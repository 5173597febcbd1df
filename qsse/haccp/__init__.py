"""HACCP plans: Codex 7 principles and 12 steps, hazard analysis, decision tree, CCPs and OPRPs."""
