"""Audits along ISO 19011: programme, plan, checklists, findings, meetings and report."""
