"""The data-analysis toolbox: datasets, pivot tables, Pareto, histograms, control charts,
capability and decision tools."""
