"""QSSE policy, SMART objectives, indicators, measurements and dashboards."""
