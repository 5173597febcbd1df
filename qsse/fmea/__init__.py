"""FMEA / AMDEC: process and design FMEA, rating guides, RPN and AIAG-VDA action priority."""
