"""Context and risks & opportunities: SWOT, PESTEL, interested parties, the configurable
criticality matrix and the register of risks and opportunities."""
