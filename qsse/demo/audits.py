# ruff: noqa: E501  (data: long French sentences read better unwrapped)
"""Demo data of the audits module: the story of MBP (see docs of the demo organisation).

MBP runs a triennial internal audit programme 2025–2027 over ISO 9001, ISO 14001 and ISO 45001,
audited by its two qualified internal auditors (Marc Lambert and Sophie Renaud). Machining and
purchasing were audited in 2025, the heat-treatment subcontractor in autumn 2025 (second-party
audit), surface treatment and machining again (high risk, annual) in 2026; the metrology audit is
planned in the coming weeks. NC findings opened non-conformity records with their actions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from qsse.audits import services
from qsse.audits.choices import AuditStatus, TemplateTheme

from .company import SUPPLIER_HEAT_TREATMENT

TEMPLATES = {
    TemplateTheme.PROCESS_SHEET: (
        "Fiche processus",
        [
            ("La fiche processus est-elle à jour (finalité, entrées, sorties, ressources) ?", "4.4"),
            ("Le pilote connaît-il les interactions avec les processus amont et aval ?", "4.4"),
        ],
    ),
    TemplateTheme.ORGANISATION: (
        "Organisation et compétences",
        [
            ("Les responsabilités et autorités sont-elles définies et connues ?", "5.3"),
            ("Les compétences requises sont-elles identifiées et les habilitations à jour ?", "7.2"),
        ],
    ),
    TemplateTheme.STEERING: (
        "Pilotage",
        [
            ("Les objectifs du processus sont-ils définis, mesurés et analysés ?", "6.2"),
            ("Les risques et opportunités du processus sont-ils identifiés et traités ?", "6.1"),
        ],
    ),
    TemplateTheme.ACTIVITIES: (
        "Activités",
        [
            (
                "Les activités sont-elles réalisées selon les documents applicables (gammes, modes opératoires) ?",
                "8.5",
            ),
            ("Les moyens de mesure utilisés sont-ils identifiés et étalonnés ?", "7.1"),
            ("Les éléments de sortie non conformes sont-ils identifiés et maîtrisés ?", "8.7"),
        ],
    ),
    TemplateTheme.IMPROVEMENT: (
        "Amélioration",
        [
            ("Les non-conformités sont-elles analysées et les actions correctives efficaces ?", "10.2"),
            ("Les actions issues du dernier audit sont-elles soldées ?", "10.2"),
        ],
    ),
}

# (process code, year, month, risk, last result, rationale)
PROGRAMME_ITEMS = [
    (
        "REA-05",
        2025,
        3,
        "high",
        "minor",
        "Processus cœur de métier, 2 NC mineures à l'audit de 2024 : audit annuel.",
    ),
    ("REA-03", 2025, 6, "medium", "minor", "Dérive des délais fournisseurs en 2024."),
    ("MAN-02", 2025, 9, "medium", "good", "Audit du système de management intégré."),
    ("REA-07", 2025, 11, "medium", "good", "Contrôle final : réclamations client stables."),
    (
        "REA-06",
        2026,
        2,
        "high",
        "none",
        "Risques environnementaux (bains, rejets) et chimiques : priorité ISO 14001 / 45001.",
    ),
    ("REA-05", 2026, 5, "high", "minor", "Suivi annuel de l'usinage (audit ISO 45001 de la zone tours)."),
    (
        "SUP-03",
        2026,
        12,
        "medium",
        "none",
        "Métrologie : NC mineure de l'audit usinage 2025 sur l'étalonnage.",
    ),
    ("REA-01", 2026, 10, "low", "good", "Revue de contrat sans écart depuis 2023."),
    ("REA-02", 2027, 3, "medium", "good", "Conception et industrialisation : nouveaux PPAP IATF."),
    ("REA-04", 2027, 4, "low", "good", "Planification de la production."),
    ("REA-08", 2027, 5, "medium", "good", "Traitement des réclamations."),
    ("SUP-01", 2027, 6, "low", "good", "Compétences et habilitations."),
    ("SUP-02", 2027, 9, "medium", "good", "Maintenance préventive des machines critiques."),
    ("SUP-04", 2027, 10, "low", "good", "Maîtrise documentaire."),
    ("SUP-05", 2027, 11, "high", "good", "Santé-sécurité-environnement : audit ISO 45001 / 14001."),
    ("MAN-01", 2027, 2, "low", "good", "Revue de direction."),
    ("MAN-03", 2027, 6, "low", "good", "Communication interne et externe."),
    # SUP-06 Finance is left out on purpose: the coverage matrix flags it (scope decision pending).
]


@dataclass
class Finding:
    kind: str
    clause: str
    description: str
    requirement: str = ""
    evidence: str = ""
    action: str = ""  # when set, a corrective action with this title... the owner is the process owner


@dataclass
class AuditStory:
    title: str
    start: date
    days: int
    standard: str
    clauses: list[str]
    auditor: str  # lead auditor key
    co_auditor: str | None
    process: str | None = None
    supplier: str = ""
    supplier_site: str = ""
    answers: list[str] = field(default_factory=list)  # cycled over the checklist
    findings: list[Finding] = field(default_factory=list)
    maturity: int = 3
    positive: str = ""
    conclusion: str = ""
    close: bool = True
    item: tuple[str, int] | None = None


STORIES = [
    AuditStory(
        title="Audit interne ISO 9001 – Usinage",
        start=date(2025, 3, 18),
        days=1,
        standard="ISO 9001:2015",
        clauses=["7.1", "7.2", "8.5", "8.7"],
        auditor="auditor_2",
        co_auditor="auditor_1",
        process="REA-05",
        answers=[
            "conform",
            "conform",
            "conform",
            "minor",
            "conform",
            "ofi",
            "conform",
            "conform",
            "conform",
            "conform",
            "observation",
            "conform",
        ],
        findings=[
            Finding(
                "conformity", "8.5", "Gammes et programmes CN disponibles au poste, versions maîtrisées."
            ),
            Finding(
                "minor_nc",
                "7.1",
                "Deux micromètres de l'îlot tours utilisés au-delà de leur date d'étalonnage.",
                requirement="Les ressources de surveillance et de mesure sont vérifiées ou étalonnées à intervalles spécifiés (§7.1.5).",
                evidence="Micromètres MIC-0142 et MIC-0157 : échéance dépassée de 3 semaines ; étiquette non à jour.",
                action="Mettre en place une alerte ERP sur les échéances d'étalonnage de l'atelier",
            ),
            Finding("ofi", "8.7", "Formaliser le bac rouge des pièces non conformes sur chaque îlot."),
        ],
        maturity=3,
        positive="Forte implication de l'équipe ; tableau de bord d'atelier tenu à jour chaque jour.",
        conclusion="Processus maîtrisé dans l'ensemble ; la maîtrise des moyens de mesure en atelier doit être renforcée.",
        item=("REA-05", 2025),
    ),
    AuditStory(
        title="Audit interne ISO 9001 – Achats et fournisseurs",
        start=date(2025, 6, 12),
        days=1,
        standard="ISO 9001:2015",
        clauses=["8.4", "6.1", "7.5"],
        auditor="auditor_1",
        co_auditor=None,
        process="REA-03",
        answers=["conform", "conform", "minor", "conform", "conform", "observation", "conform", "conform"],
        findings=[
            Finding(
                "minor_nc",
                "8.4",
                "L'évaluation annuelle 2024 de trois sous-traitants n'a pas été réalisée.",
                requirement="Critères d'évaluation, de sélection et de réévaluation des prestataires externes appliqués (§8.4.1).",
                evidence="Grille d'évaluation 2024 absente pour Thermi-Traitements de la Loire, Peintures du Centre et Transports Auvergne.",
                action="Réaliser les évaluations 2024 manquantes et planifier celles de 2025",
            ),
            Finding(
                "observation",
                "7.5",
                "Cahiers des charges sous-traitance stockés hors GED pour deux références.",
            ),
        ],
        maturity=3,
        positive="Revue mensuelle du taux de service fournisseurs ; dialogue régulier avec les fournisseurs clés.",
        conclusion="Processus globalement efficace ; la réévaluation des prestataires externes doit être systématique.",
        item=("REA-03", 2025),
    ),
    AuditStory(
        title="Audit fournisseur – traitement thermique",
        start=date(2025, 10, 7),
        days=1,
        standard="ISO 9001:2015",
        clauses=["8.5", "8.6", "7.1"],
        auditor="auditor_2",
        co_auditor=None,
        supplier=SUPPLIER_HEAT_TREATMENT,
        supplier_site="Roanne",
        answers=["conform", "major", "conform", "conform", "minor", "conform", "conform", "conform"],
        findings=[
            Finding(
                "major_nc",
                "8.5",
                "Enregistrements de cycles de four incomplets : traçabilité charge → lot client non assurée.",
                requirement="Identification et traçabilité des éléments de sortie (§8.5.2).",
                evidence="Charges n° 25-1187 à 25-1203 : diagramme température/temps absent pour 6 charges sur 17.",
                action="Exiger du sous-traitant un plan d'actions et vérifier sa mise en œuvre",
            ),
            Finding(
                "minor_nc",
                "7.1",
                "Thermocouple de contrôle du four n° 2 sans certificat d'étalonnage valide.",
                requirement="Moyens de mesure étalonnés (§7.1.5).",
                evidence="Certificat daté de 2023, périodicité annuelle.",
            ),
        ],
        maturity=2,
        positive="Accueil ouvert, équipe technique compétente ; fours récents.",
        conclusion="Fournisseur à placer sous surveillance renforcée jusqu'à la preuve de l'efficacité de ses actions.",
    ),
    AuditStory(
        title="Audit interne ISO 14001 – Traitement de surface",
        start=date(2026, 2, 10),
        days=2,
        standard="ISO 14001:2015",
        clauses=["6.1.2", "6.1.3", "8.1", "8.2", "9.1.2"],
        auditor="auditor_1",
        co_auditor="auditor_2",
        process="REA-06",
        answers=[
            "conform",
            "conform",
            "major",
            "conform",
            "observation",
            "conform",
            "minor",
            "conform",
            "conform",
            "conform",
            "conform",
            "ofi",
        ],
        findings=[
            Finding(
                "major_nc",
                "8.2",
                "Rétention du bac de dégraissage fissurée : risque de déversement au réseau d'eaux pluviales.",
                requirement="Préparation et réponse aux situations d'urgence environnementales (§8.2) ; arrêté préfectoral du site.",
                evidence="Constat visuel le 10/02 : fissure de 40 cm sur la rétention R3 ; kit antipollution absent du poste.",
                action="Remplacer la rétention R3 et remettre un kit antipollution au poste",
            ),
            Finding(
                "minor_nc",
                "9.1.2",
                "Évaluation de conformité réglementaire 2025 non tracée pour les rejets aqueux.",
                requirement="Évaluation de la conformité aux obligations (§9.1.2).",
                evidence="Analyses trimestrielles présentes mais pas de conclusion formalisée.",
            ),
            Finding(
                "ofi", "6.1.2", "Intégrer la consommation d'eau des rinçages à l'analyse environnementale."
            ),
        ],
        maturity=2,
        positive="Bonne connaissance des aspects environnementaux par les opérateurs ; fiches de données de sécurité à jour.",
        conclusion="La maîtrise opérationnelle des risques de pollution accidentelle doit être rétablie en priorité.",
        item=("REA-06", 2026),
    ),
    AuditStory(
        title="Audit interne ISO 45001 – Usinage",
        start=date(2026, 5, 19),
        days=1,
        standard="ISO 45001:2018",
        clauses=["6.1", "8.1", "5.4", "7.2"],
        auditor="auditor_2",
        co_auditor=None,
        process="REA-05",
        answers=[
            "conform",
            "conform",
            "conform",
            "observation",
            "conform",
            "conform",
            "conform",
            "conform",
            "conform",
            "conform",
            "conform",
            "conform",
        ],
        findings=[
            Finding(
                "conformity", "8.1", "Carters et arrêts d'urgence des tours vérifiés, consignations tracées."
            ),
            Finding(
                "observation",
                "7.2",
                "Deux intérimaires sans accueil sécurité signé le jour de l'audit (régularisé).",
            ),
        ],
        maturity=4,
        positive="Nette progression depuis 2025 : causeries sécurité hebdomadaires, port des EPI systématique.",
        conclusion="Processus efficace ; maintenir la vigilance sur l'accueil des intérimaires.",
        close=False,
        item=("REA-05", 2026),
    ),
]


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def seed_audits(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """Create the audits records of the demo organisation; returns counts by kind for the summary."""
    people = org.people
    site = org.sites["MTL"]
    standards = {s.code: s for s in services.standards_load_defaults(user=user)}
    trio = [standards["ISO 9001:2015"], standards["ISO 14001:2015"], standards["ISO 45001:2018"]]
    services.auditor_save(
        user=user,
        person=people["auditor_1"],
        standards=trio,
        qualified_on=date(2021, 6, 15),
        trainings="Auditeur interne système intégré QSE (3 jours, 2021) ; ISO 19011:2018 (1 jour, 2023)",
        is_lead_auditor=True,
    )
    services.auditor_save(
        user=user,
        person=people["auditor_2"],
        standards=trio,
        qualified_on=date(2022, 3, 8),
        trainings="Auditeur interne ISO 9001 (2 jours, 2022) ; audit fournisseur (2 jours, 2023) ; ISO 14001 / 45001 (2 jours, 2024)",
        is_lead_auditor=True,
    )
    iso9001 = standards["ISO 9001:2015"]
    clauses = {c.code: c for c in iso9001.clauses.all()}
    templates = [
        services.checklist_template_create(
            user=user,
            name=name,
            theme=theme,
            standard=iso9001,
            questions=[(text, clauses.get(code)) for text, code in questions],
        )
        for theme, (name, questions) in TEMPLATES.items()
    ]

    programme = services.programme_create(
        user=user,
        title="Programme d'audits internes QSSE",
        start_year=2025,
        end_year=2027,
        standards=trio,
        manager=people["qsse_manager"],
        status="approved",
        objectives="Vérifier sur trois ans l'efficacité de chaque processus et la conformité aux normes ISO 9001, ISO 14001 et ISO 45001 ; préparer le renouvellement de la certification en 2027.",
        scope="Tous les processus du système de management intégré, sites de Montluçon et de Moulins ; sous-traitants critiques (audits de second partie).",
        risks_opportunities="Risque : disponibilité des deux auditeurs internes (charge de leur poste). Opportunité : former un troisième auditeur en 2026 ; mutualiser audits 9001/14001/45001 par processus.",
    )
    items = {}
    for code, year, month, risk, last, rationale in PROGRAMME_ITEMS:
        standard = (
            standards["ISO 14001:2015"]
            if code == "REA-06"
            else standards["ISO 45001:2018"]
            if code in ("SUP-05",)
            else iso9001
        )
        if code == "REA-05" and year == 2026:
            standard = standards["ISO 45001:2018"]
        items[(code, year)] = services.programme_item_create(
            user=user,
            programme=programme,
            process=processes[code],
            standard=standard,
            planned_year=year,
            planned_month=month,
            risk_level=risk,
            last_result=last,
            rationale=rationale,
        )
    services.programme_item_create(
        user=user,
        programme=programme,
        supplier_name=SUPPLIER_HEAT_TREATMENT,
        standard=iso9001,
        planned_year=2025,
        planned_month=10,
        risk_level="high",
        last_result="none",
        rationale="Sous-traitant critique (dureté des pièces de sécurité) ; NC de dureté en 2025.",
    )

    counts = {"audits": 0, "audit findings": 0, "audit NC records": 0}
    for story in STORIES:
        end = story.start + timedelta(days=story.days - 1)
        if end >= today:
            continue  # a shorter demo history: this audit has not happened yet
        _seed_audit(
            story,
            user=user,
            people=people,
            site=site,
            processes=processes,
            standards=standards,
            templates=templates,
            items=items,
            counts=counts,
            today=today,
        )

    # The next audit, in the coming weeks: prepared (plan, checklist), not started.
    start = today + timedelta(days=16)
    metrology = services.audit_create(
        user=user,
        title="Audit interne ISO 9001 – Métrologie",
        site=site,
        planned_start=start,
        planned_end=start,
        process=processes["SUP-03"],
        standard=iso9001,
        programme_item=items[("SUP-03", 2026)] if start.year == 2026 else None,
        scope="Gestion du parc d'instruments, étalonnages internes et externes, traitement des instruments hors tolérance.",
        objectives="Vérifier l'efficacité des actions issues de l'audit usinage 2025 (§7.1.5).",
        criteria=[clauses["7.1"], clauses["8.7"], clauses["10.2"]],
        lead_auditor=people["auditor_1"],
        auditors=[],
        auditees=[people["metrology"]],
    )
    services.plan_slot_add(
        user=user,
        audit=metrology,
        starts_at=_aware(start, 8, 30),
        ends_at=_aware(start, 9),
        activity="Réunion d'ouverture",
        auditee="Hélène Dubois",
    )
    services.plan_slot_add(
        user=user,
        audit=metrology,
        starts_at=_aware(start, 9),
        ends_at=_aware(start, 11),
        activity="§7.1 – Parc d'instruments et étalonnages",
        auditee="Hélène Dubois",
    )
    services.plan_slot_add(
        user=user,
        audit=metrology,
        starts_at=_aware(start, 11),
        ends_at=_aware(start, 12),
        activity="Réunion de clôture",
        auditee="Hélène Dubois",
    )
    services.checklist_add_from_template(user=user, audit=metrology, template=templates[3])
    services.checklist_add_from_clauses(user=user, audit=metrology, clauses=list(metrology.criteria.all()))
    services.audit_set_status(user=user, audit=metrology, status=AuditStatus.PREPARED)
    counts["audits"] += 1
    counts["audit programmes"] = 1
    return counts


def _seed_audit(
    story: AuditStory, *, user, people, site, processes, standards, templates, items, counts, today
) -> None:
    standard = standards[story.standard]
    clauses = {c.code: c for c in standard.clauses.all()}
    process = processes[story.process] if story.process else None
    end = story.start + timedelta(days=story.days - 1)
    lead = people[story.auditor]
    auditees = [process.owner] if process is not None and process.owner else []
    audit = services.audit_create(
        user=user,
        kind="supplier" if story.supplier else "internal",
        title=story.title,
        site=site,
        planned_start=story.start,
        planned_end=end,
        process=process,
        supplier_name=story.supplier,
        supplier_site=story.supplier_site,
        standard=standard,
        programme_item=items.get(story.item) if story.item else None,
        scope="Activités du processus sur le site de Montluçon."
        if process
        else "Traitement thermique des pièces MBP (trempe, revenu), contrôle de dureté, traçabilité.",
        objectives="Évaluer la conformité aux exigences de la norme et l'efficacité du processus.",
        criteria=[clauses[c] for c in story.clauses if c in clauses],
        lead_auditor=lead,
        auditors=[people[story.co_auditor]] if story.co_auditor else [],
        auditees=auditees,
    )
    services.plan_slot_add(
        user=user,
        audit=audit,
        starts_at=_aware(story.start, 8, 30),
        ends_at=_aware(story.start, 9),
        activity="Réunion d'ouverture",
    )
    services.plan_slot_add(
        user=user,
        audit=audit,
        starts_at=_aware(story.start, 9),
        ends_at=_aware(story.start, 12),
        activity="Visite terrain et entretiens",
        auditee=str(auditees[0]) if auditees else story.supplier,
    )
    services.plan_slot_add(
        user=user,
        audit=audit,
        starts_at=_aware(end, 16),
        ends_at=_aware(end, 17),
        activity="Réunion de clôture",
    )
    services.audit_set_status(user=user, audit=audit, status=AuditStatus.PREPARED)
    if process is not None and story.standard == "ISO 9001:2015":
        for template in templates:
            services.checklist_add_from_template(user=user, audit=audit, template=template)
    services.checklist_add_from_clauses(user=user, audit=audit, clauses=list(audit.criteria.all()))
    questions = list(audit.questions.all())
    services.checklist_answers_bulk(
        user=user,
        audit=audit,
        answers=[
            {
                "question": q.pk,
                "answer": story.answers[i % len(story.answers)],
                "evidence": "Vérifié sur le terrain et sur enregistrements."
                if story.answers[i % len(story.answers)] == "conform"
                else "Voir constat.",
            }
            for i, q in enumerate(questions)
        ],
    )
    attendees = [lead, *auditees, *([people[story.co_auditor]] if story.co_auditor else [])]
    services.meeting_save(
        user=user,
        audit=audit,
        kind="opening",
        held_at=_aware(story.start, 8, 30),
        attendees=attendees,
        other_attendees="" if process else f"Direction et responsable qualité de {story.supplier}",
        agenda="Présentation de l'équipe, périmètre, critères, planning, modalités de restitution.",
    )
    for finding in story.findings:
        owner = process.owner if process is not None else people["purchasing"]
        created = services.finding_create(
            user=user,
            audit=audit,
            kind=finding.kind,
            description=finding.description,
            clause=clauses.get(finding.clause),
            requirement=finding.requirement,
            evidence=finding.evidence,
            action_owner=owner if finding.action else None,
            action_due_on=end + timedelta(days=45) if finding.action else None,
            today=end,
        )
        counts["audit findings"] += 1
        if created.nonconformity_id:
            counts["audit NC records"] += 1
    services.meeting_save(
        user=user,
        audit=audit,
        kind="closing",
        held_at=_aware(end, 16),
        attendees=attendees,
        agenda="Restitution des constats, points forts, suite à donner.",
        minutes="Constats présentés et acceptés par l'audité ; plan d'actions attendu sous 30 jours.",
    )
    services.audit_update(
        user=user,
        audit=audit,
        maturity_rating=story.maturity,
        positive_points=story.positive,
        conclusion=story.conclusion,
        distribution="Direction, responsable QSSE, pilote du processus"
        if process
        else "Direction, responsable achats, responsable QSSE",
    )
    services.audit_set_status(
        user=user, audit=audit, status=AuditStatus.REPORTED, today=min(end + timedelta(days=7), today)
    )
    if story.close and end + timedelta(days=60) < today:
        services.audit_set_status(user=user, audit=audit, status=AuditStatus.CLOSED)
    counts["audits"] += 1
