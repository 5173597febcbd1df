"""Demo data of document control: MBP's documentary system (see the demo organisation).

The quality manual and the QSSE policy, about twenty procedures and work instructions of the
processes of Montluçon and Moulins, forms, and a few external documents; most in force with their
earlier versions obsolete, one procedure in review with the reviewer's signature given, one draft,
the salary policy and the CSE agreement confidential (named readers only), the contract-review
procedure restricted. Every signature is a real electronic signature made through the services
with the demo password; the reading of the QSSE policy is acknowledged by part of the staff.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from .company import DEMO_PASSWORD

# (type, process, title, confidentiality, owner, reviewer, approver, versions, months since 1.0, site)
DOCUMENTS: tuple[tuple[str, str, str, str, str, str, str, int, int, str], ...] = (
    (
        "manual",
        "",
        "Manuel qualité, sécurité, santé et environnement",
        "public",
        "qsse_manager",
        "qsse_assistant",
        "director",
        3,
        40,
        "",
    ),
    ("policy", "", "Politique QSSE de MBP", "public", "director", "qsse_manager", "director", 3, 34, ""),
    (
        "policy",
        "",
        "Politique de rémunération et grilles salariales",
        "confidential",
        "hr",
        "finance",
        "director",
        1,
        10,
        "",
    ),
    (
        "procedure",
        "MAN-02",
        "Maîtrise des informations documentées",
        "internal",
        "qsse_manager",
        "qsse_assistant",
        "director",
        2,
        30,
        "",
    ),
    (
        "procedure",
        "MAN-02",
        "Traitement des non-conformités et actions correctives",
        "internal",
        "qsse_manager",
        "machining",
        "director",
        3,
        36,
        "",
    ),
    (
        "procedure",
        "MAN-02",
        "Audits internes",
        "internal",
        "qsse_manager",
        "auditor_1",
        "director",
        2,
        28,
        "",
    ),
    (
        "procedure",
        "MAN-01",
        "Revue de direction",
        "internal",
        "director",
        "qsse_manager",
        "director",
        1,
        20,
        "",
    ),
    (
        "procedure",
        "REA-01",
        "Revue de contrat et offres clients",
        "restricted",
        "sales",
        "design",
        "director",
        2,
        26,
        "",
    ),
    (
        "procedure",
        "REA-03",
        "Évaluation et surveillance des fournisseurs",
        "internal",
        "purchasing",
        "qsse_manager",
        "director",
        2,
        24,
        "",
    ),
    (
        "procedure",
        "REA-05",
        "Maîtrise de la production en usinage",
        "internal",
        "machining",
        "lead_machining",
        "qsse_manager",
        3,
        38,
        "MTL",
    ),
    (
        "procedure",
        "REA-08",
        "Traitement des réclamations clients (8D)",
        "internal",
        "sales",
        "qsse_manager",
        "director",
        2,
        22,
        "",
    ),
    (
        "procedure",
        "SUP-01",
        "Gestion des compétences et habilitations",
        "internal",
        "hr",
        "qsse_manager",
        "director",
        1,
        18,
        "",
    ),
    (
        "procedure",
        "SUP-03",
        "Étalonnage et vérification des équipements de mesure",
        "internal",
        "metrology",
        "qsse_manager",
        "director",
        2,
        30,
        "MTL",
    ),
    (
        "procedure",
        "SUP-05",
        "Préparation et réponse aux situations d'urgence",
        "internal",
        "qsse_manager",
        "maintenance",
        "director",
        2,
        44,
        "",
    ),
    (
        "procedure",
        "SUP-05",
        "Gestion des déchets dangereux",
        "internal",
        "qsse_manager",
        "lead_surface",
        "director",
        1,
        15,
        "MTL",
    ),
    (
        "work-instruction",
        "REA-05",
        "Réglage et démarrage d'un tour CNC",
        "internal",
        "machining",
        "lead_machining",
        "qsse_manager",
        2,
        20,
        "MTL",
    ),
    (
        "work-instruction",
        "REA-06",
        "Conduite de la ligne d'anodisation",
        "internal",
        "surface",
        "lead_surface",
        "qsse_manager",
        2,
        26,
        "MTL",
    ),
    (
        "work-instruction",
        "REA-06",
        "Préparation des peintures en cabine",
        "internal",
        "surface",
        "lead_surface",
        "qsse_manager",
        1,
        12,
        "MTL",
    ),
    (
        "work-instruction",
        "REA-07",
        "Contrôle final et certificat de conformité",
        "internal",
        "metrology",
        "op_inspector",
        "qsse_manager",
        2,
        24,
        "",
    ),
    (
        "work-instruction",
        "SUP-05",
        "Manipulation des solvants de dégraissage",
        "internal",
        "qsse_manager",
        "lead_surface",
        "director",
        1,
        16,
        "MTL",
    ),
    (
        "work-instruction",
        "REA-07",
        "Emballage et expédition des pièces aéronautiques",
        "internal",
        "moulins_manager",
        "lead_shipping",
        "qsse_manager",
        1,
        14,
        "MOU",
    ),
    (
        "work-instruction",
        "SUP-05",
        "Conduite des chariots élévateurs",
        "internal",
        "qsse_manager",
        "lead_logistics",
        "director",
        1,
        30,
        "",
    ),
    (
        "form",
        "MAN-02",
        "Fiche de non-conformité",
        "internal",
        "qsse_assistant",
        "qsse_manager",
        "qsse_manager",
        2,
        30,
        "",
    ),
    (
        "form",
        "SUP-01",
        "Grille d'évaluation des compétences",
        "restricted",
        "hr",
        "qsse_manager",
        "director",
        1,
        12,
        "",
    ),
    (
        "record",
        "MAN-01",
        "Accord d'entreprise CSE sur le temps de travail",
        "confidential",
        "hr",
        "cse_secretary",
        "director",
        1,
        8,
        "",
    ),
    (
        "external",
        "",
        "NF EN ISO 9001:2015 – Systèmes de management de la qualité",
        "internal",
        "qsse_manager",
        "qsse_assistant",
        "qsse_manager",
        1,
        40,
        "",
    ),
    (
        "external",
        "",
        "Arrêté ministériel du 9 avril 2019 (traitement de surface, rubrique 2565)",
        "internal",
        "qsse_manager",
        "qsse_assistant",
        "qsse_manager",
        1,
        20,
        "",
    ),
)

CHANGES = (
    "Mise à jour après l'audit de certification",
    "Intégration des exigences clients aéronautiques (EN 9100)",
    "Nouvelle organisation après le départ en retraite du responsable",
    "Prise en compte du retour d'expérience des réclamations",
)


def _sections(title: str, process_name: str) -> dict[str, str]:
    return {
        "purpose": f"Définir les dispositions retenues par MBP pour : {title.lower()}.",
        "scope": "S'applique aux sites de Montluçon et de Moulins, processus "
        f"« {process_name or 'système QSSE'} ».",
        "references": "- NF EN ISO 9001:2015\n- NF EN ISO 14001:2015\n- Manuel QSSE de MBP",
        "definitions": "**QSSE** : qualité, santé, sécurité, environnement.",
        "responsibilities": "| Qui | Quoi |\n|---|---|\n| Pilote du processus | Applique et met à jour |\n"
        "| Responsable QSSE | Vérifie et diffuse |",
        "description": "1. Identifier le besoin.\n2. Réaliser selon les modes opératoires en vigueur.\n"
        "3. Enregistrer le résultat dans OpenQSSE.\n"
        "4. Analyser les écarts et ouvrir les actions nécessaires.",
        "records": "- Enregistrements dans OpenQSSE (conservés selon le tableau de conservation)",
    }


class _CachedPassword:
    """The demo signs some 60 times with the same password: the services check it each time, and the
    production hasher takes about half a second a check; the first real check per account is kept."""

    def __init__(self, user: Any):
        self.valid = user.check_password(DEMO_PASSWORD)

    def __call__(self, raw: str) -> bool:
        return self.valid and raw == DEMO_PASSWORD


def seed_documents(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """Create MBP's documents through the services; returns counts by kind."""
    from qsse.documents import services
    from qsse.documents.models import DocumentType

    services.types_load()
    rng = random.Random(8)
    people = org.people
    types = {item.code: item for item in DocumentType.objects.all()}
    signers: dict[int, Any] = {}

    def account(key: str):
        person = people.get(key)
        if person is None or person.user_id is None:  # someone without an account signs nothing
            person = people["qsse_manager"]
        if person.user_id not in signers:
            person.user.check_password = _CachedPassword(person.user)
            signers[person.user_id] = person.user
        return person

    def sign_and_publish(version, reviewer, approver, owner_user, effective_on):
        services.version_submit(user=owner_user, version=version)
        services.version_sign(user=reviewer.user, version=version, meaning="reviewed", password=DEMO_PASSWORD)
        services.version_sign(user=approver.user, version=version, meaning="approved", password=DEMO_PASSWORD)
        version.refresh_from_db()
        services.version_publish(user=user, version=version, effective_on=effective_on, today=today)

    manager = account("qsse_manager")
    staff = [person for person in people.values() if person.user_id and person.is_active]
    counts = {"documents": 0, "document_versions": 0, "signatures": 0, "read_receipts": 0}
    for index, (
        code,
        process_code,
        title,
        level,
        owner_key,
        reviewer_key,
        approver_key,
        versions,
        months,
        site,
    ) in enumerate(DOCUMENTS):
        owner, reviewer, approver = account(owner_key), account(reviewer_key), account(approver_key)
        if reviewer.pk == approver.pk:
            reviewer = account("qsse_assistant")
        process = processes.get(process_code) if process_code else None
        extra: dict[str, Any] = {"confidentiality": level}
        if site:
            extra["sites"] = [org.sites[site]]
        if level == "confidential":
            extra["granted_people"] = (
                [people["director"], people["finance"]]
                if "rémunération" in title
                else [people["cse_secretary"]]
            )
        if code == "policy" and level == "public":
            extra["distribution_sites"] = list(org.sites.values())
        elif code in ("procedure", "work-instruction"):
            extra["distribution_roles"] = ["process_owner"]
        if code in ("manual", "procedure"):
            extra["paper_location"] = "Montluçon, bâtiment A, bureau QSSE, armoire 2"
            extra["paper_reference"] = f"Classeur {index + 1:02d}"
        document = services.document_create(
            user=manager.user, document_type=types[code], title=title, owner=owner, process=process, **extra
        )
        counts["documents"] += 1
        version = document.versions.get()
        written = document.content_kind == "written"
        started = today - timedelta(days=30 * months)
        step = max(30, 30 * months // max(versions, 1))
        for number in range(versions):
            if written:
                sections = _sections(title, getattr(process, "name", ""))
                if number:
                    sections["description"] += (
                        f"\n5. Révision {number + 1} : {CHANGES[(index + number) % len(CHANGES)].lower()}."
                    )
                services.version_update(
                    user=manager.user,
                    version=version,
                    sections=sections,
                    reviewers=[reviewer],
                    approvers=[approver],
                )
            else:
                from django.core.files.uploadedfile import SimpleUploadedFile

                content = f"%PDF-1.4\n% {title} v{version.label}\n".encode()
                services.version_update(
                    user=manager.user,
                    version=version,
                    upload=SimpleUploadedFile(
                        f"{document.reference}.pdf", content, content_type="application/pdf"
                    ),
                    reviewers=[reviewer],
                    approvers=[approver],
                )
            sign_and_publish(
                version, reviewer, approver, manager.user, started + timedelta(days=step * number)
            )
            counts["document_versions"] += 1
            counts["signatures"] += 2
            if number + 1 < versions:
                version = services.version_create(
                    user=manager.user,
                    document=document,
                    is_major=rng.random() < 0.6,
                    change_description=CHANGES[(index + number) % len(CHANGES)],
                )
        if code == "policy" and level == "public":
            # Publishing updated another instance of the document: read the version in force back.
            document.refresh_from_db(fields=["current_version"])
            readers = [person for person in staff if rng.random() < 0.7]
            for person in readers:
                services.read_acknowledge(user=person.user, version=document.current_version)
                counts["read_receipts"] += 1
    # One procedure in review (the reviewer has signed), one draft.
    document = services.document_create(
        user=manager.user,
        document_type=types["procedure"],
        title="Gestion des modifications (management du changement)",
        owner=manager,
        process=processes.get("MAN-02"),
    )
    version = document.versions.get()
    reviewer = account("qsse_assistant")
    services.version_update(
        user=manager.user,
        version=version,
        sections=_sections(document.title, "Management QSSE et amélioration continue"),
        reviewers=[reviewer],
        approvers=[account("director")],
    )
    services.version_submit(user=manager.user, version=version)
    services.version_sign(user=reviewer.user, version=version, meaning="reviewed", password=DEMO_PASSWORD)
    counts["signatures"] += 1
    draft = services.document_create(
        user=manager.user,
        document_type=types["work-instruction"],
        title="Consignation des énergies avant maintenance",
        owner=account("maintenance"),
        process=processes.get("SUP-02"),
    )
    services.version_update(
        user=manager.user,
        version=draft.versions.get(),
        sections={"purpose": "Consigner avant toute intervention."},
    )
    counts["documents"] += 2
    counts["document_versions"] += 2
    return counts
