"""Test data of the audit module, built through the services."""

from __future__ import annotations

from datetime import date

from qsse.audits import services
from qsse.audits.models import Standard
from qsse.core.choices import Role
from qsse.organization.models import Department
from qsse.processes.models import Process


def load_standards(user) -> dict[str, Standard]:
    return {s.code: s for s in services.standards_load_defaults(user=user)}


def make_process(code: str, name: str, owner=None) -> Process:
    return Process.objects.create(code=code, name=name, kind="realisation", owner=owner)


class AuditWorld:
    """A QSSE manager, a qualified lead auditor, a second auditor, a process owner and a process."""

    def __init__(self, member, site):
        self.manager = member(Role.QSSE_MANAGER, site=site, username="manager")
        self.lead = member(Role.AUDITOR, site=site, username="lead")
        self.auditor = member(Role.AUDITOR, site=site, username="auditor")
        self.owner = member(Role.PROCESS_OWNER, site=site, username="owner")
        self.site = site
        workshop = Department.objects.create(site=site, name="Atelier usinage")
        self.owner.department = workshop
        self.owner.save()
        self.process = make_process("REA-05", "Usinage", owner=self.owner)
        self.standards = load_standards(self.manager.user)
        self.iso9001 = self.standards["ISO 9001:2015"]
        services.auditor_save(
            user=self.manager.user,
            person=self.lead,
            standards=[self.iso9001],
            qualified_on=date(2024, 3, 1),
            is_lead_auditor=True,
        )
        services.auditor_save(user=self.manager.user, person=self.auditor, standards=[self.iso9001])

    def clause(self, code: str):
        return self.iso9001.clauses.get(code=code)

    def audit(self, **kwargs):
        fields = {
            "user": self.manager.user,
            "title": "Audit interne usinage",
            "site": self.site,
            "planned_start": date(2026, 3, 10),
            "process": self.process,
            "standard": self.iso9001,
            "lead_auditor": self.lead,
            "auditors": [self.auditor],
            "auditees": [self.owner],
            "criteria": [self.clause("8.5"), self.clause("7.1")],
        }
        fields.update(kwargs)
        return services.audit_create(**fields)
