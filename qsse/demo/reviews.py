"""Demo data of the reviews module: the story of MBP (see docs of the demo organisation).

- The 2025 management review, held in Montluçon on 22 January 2026 and signed by the managing director,
  with six decisions whose actions are partly done (two checked effective, one done, two in progress,
  one overdue);
- the 2026 management review, a draft planned for January 2027, its inputs already collected;
- the reviews of three processes for the first half of 2026: machining and sales (signed), surface
  treatment (held, awaiting signature).

Records are created through the services; only the moments (signature, completion of actions) are
moved to their place in the story, as the rest of the demo does.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from qsse.actions import services as action_services
from qsse.actions.choices import ActionStatus, EfficacyResult
from qsse.actions.models import Action
from qsse.reviews import services
from qsse.reviews.choices import ReviewInput, ReviewOutput
from qsse.reviews.models import ManagementReview, ProcessReview

REVIEW_2025_ON = date(2026, 1, 22)
REVIEW_2026_ON = date(2027, 1, 21)
PROCESS_REVIEWS_ON = date(2026, 7, 9)

COMMENTS_2025 = {
    ReviewInput.PREVIOUS_ACTIONS: (
        "Les décisions de la revue 2024 sont soldées à 80 % ; le plan de formation des régleurs a pris "
        "trois mois de retard (départ du formateur interne)."
    ),
    ReviewInput.CONTEXT_CHANGES: (
        "Hausse du prix de l'énergie (+18 %) et demande croissante du client aéronautique ; nouvelle "
        "réglementation sur les rejets de la ligne de traitement de surface (arrêté préfectoral 2025)."
    ),
    ReviewInput.CUSTOMER_SATISFACTION: (
        "Réclamations en hausse sur le second semestre, principalement des retards de livraison "
        "(Moulins) ; l'enquête de satisfaction annuelle donne 7,6/10 (7,9 en 2024)."
    ),
    ReviewInput.OBJECTIVES: (
        "Sept objectifs sur neuf atteints ; le taux de service client (93 %) reste sous la cible de 95 %."
    ),
    ReviewInput.PROCESS_PERFORMANCE: (
        "Taux de rebut usinage ramené à 1,8 % ; le TRS des tours CNC plafonne à 62 % faute de "
        "changements de série rapides."
    ),
    ReviewInput.NONCONFORMITIES: (
        "Les bavures sur alésages restent la première cause de non-conformité ; coût de non-qualité en "
        "baisse de 12 %."
    ),
    ReviewInput.MONITORING_RESULTS: (
        "Étalonnage : 98 % des instruments à jour ; la machine à mesurer tridimensionnelle montre des "
        "dérives répétées (trois interventions en 2025)."
    ),
    ReviewInput.AUDIT_RESULTS: (
        "Audit de surveillance ISO 9001 (octobre 2025) : 2 non-conformités mineures, 5 pistes de progrès. "
        "Audits internes : 11 audits réalisés sur 12 prévus."
    ),
    ReviewInput.SUPPLIER_PERFORMANCE: (
        "Le fournisseur de barres d'aluminium a un taux de service de 88 % ; plan de surveillance renforcé "
        "et recherche d'un second fournisseur."
    ),
    ReviewInput.RESOURCES: (
        "Poste de régleur CNC de nuit vacant depuis septembre ; machine à mesurer tridimensionnelle en fin "
        "de vie."
    ),
    ReviewInput.RISK_OPPORTUNITY_ACTIONS: (
        "Les actions sur le risque de dépendance au client automobile avancent (deux nouveaux clients "
        "aéronautiques) ; risque chimique de la ligne d'anodisation : captage renforcé, efficace."
    ),
    ReviewInput.IMPROVEMENT_OPPORTUNITIES: (
        "SMED sur les tours, intégration de la ligne d'anodisation au périmètre ISO 14001, étude EN 9100."
    ),
}

CONCLUSIONS_2025 = (
    "Le système de management QSSE est pertinent au regard du contexte de MBP et de ses orientations "
    "stratégiques.\n"
    "Il est adéquat, sous réserve de renforcer les ressources en réglage et en métrologie.\n"
    "Il est efficace : sept objectifs sur neuf atteints, coût de non-qualité en baisse ; la maîtrise des "
    "délais de livraison reste à améliorer."
)

# (output kind, text, owner key, due date, what became of the action)
DECISIONS_2025 = [
    (
        ReviewOutput.IMPROVEMENT,
        "Déployer le SMED sur les trois tours CNC de l'atelier d'usinage",
        "machining",
        date(2026, 6, 30),
        "effective",
    ),
    (
        ReviewOutput.RESOURCE_NEED,
        "Recruter un régleur CNC pour l'équipe de nuit",
        "hr",
        date(2026, 4, 30),
        "done",
    ),
    (
        ReviewOutput.OBJECTIVE_NOT_MET,
        "Plan de fiabilisation des délais de livraison de Moulins (taux de service 93 % pour 95 % visés)",
        "moulins_manager",
        date(2026, 3, 31),
        "effective",
    ),
    (
        ReviewOutput.QMS_CHANGE,
        "Intégrer la ligne d'anodisation dans le périmètre de la certification ISO 14001",
        "qsse_manager",
        date(2026, 12, 15),
        "in_progress",
    ),
    (
        ReviewOutput.RESOURCE_NEED,
        "Remplacer la machine à mesurer tridimensionnelle du laboratoire de métrologie",
        "metrology",
        date(2026, 10, 31),
        "planned",
    ),
    (
        ReviewOutput.STRATEGIC_DIRECTION,
        "Étudier la certification EN 9100 pour le marché aéronautique",
        "director",
        date(2026, 12, 31),
        "in_progress",
    ),
]

# (process code, conclusion, decision text, decision owner key, decision due, signed)
PROCESS_REVIEWS = [
    (
        "REA-05",
        "Processus performant : rebut à 1,7 %, TRS en hausse de 4 points depuis le SMED sur le tour n° 2. "
        "Ressources suffisantes depuis l'arrivée du régleur de nuit.",
        "Étendre le SMED aux deux fraiseuses 5 axes",
        "machining",
        date(2026, 12, 31),
        True,
    ),
    (
        "REA-06",
        "Conformité des rejets respectée ; deux dérives de concentration du bain d'anodisation au premier "
        "trimestre, traitées. Risque chimique maîtrisé.",
        "Automatiser le suivi de concentration des bains (sondes en ligne)",
        "surface",
        date(2026, 11, 30),
        False,
    ),
    (
        "REA-01",
        "Réclamations en baisse sur le semestre ; délai moyen de réponse aux offres de 6 jours pour 5 visés.",
        "Mettre en place des modèles d'offre par famille de pièces",
        "sales",
        date(2026, 10, 15),
        True,
    ),
]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _advance(user: Any, action: Action, fate: str, completed_on: date | None) -> None:
    """Bring the action of a decision where the story has it, then put the completion on its date."""
    if fate == "planned":
        return
    action = action_services.action_set_status(user=user, action=action, status=ActionStatus.IN_PROGRESS)
    if fate == "in_progress":
        Action.objects.filter(pk=action.pk).update(progress=50)
        return
    action = action_services.action_set_status(user=user, action=action, status=ActionStatus.DONE)
    if fate == "effective":
        action_services.action_check_efficacy(user=user, action=action, result=EfficacyResult.EFFECTIVE)
    if completed_on is not None:
        Action.objects.filter(pk=action.pk).update(started_on=REVIEW_2025_ON, completed_on=completed_on)


def seed_reviews(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """Create the reviews records of the demo organisation; returns counts by kind for the summary."""
    if today < REVIEW_2025_ON:
        return {}  # the story has not reached the first review yet
    people = org.people
    participants = [
        people[key]
        for key in (
            "director",
            "qsse_manager",
            "sales",
            "machining",
            "surface",
            "moulins_manager",
            "hr",
            "purchasing",
        )
    ]
    review = services.management_review_create(
        user=user,
        title="Revue de direction 2025",
        held_on=REVIEW_2025_ON,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        chair=people["director"],
        participants=participants,
        location="Salle du conseil, Montluçon",
        absentees="Valérie Fontaine (finance), excusée",
        external_participants="Représentant du CSE (invité pour le point santé-sécurité)",
    )
    services.management_review_collect_inputs(user=user, review=review)
    for entry in review.inputs.all():
        services.review_input_comment_set(user=user, entry=entry, comment=COMMENTS_2025[entry.input_key])
    services.management_review_freeze_inputs(user=user, review=review)
    decisions = 0
    for kind, text, owner, due_on, fate in DECISIONS_2025:
        decision = services.review_decision_create(
            user=user, review=review, output_kind=kind, text=text, owner=people[owner], due_on=due_on
        )
        Action.objects.filter(pk=decision.action_id).update(created_at=_at(REVIEW_2025_ON))
        completed_on = min(due_on, today) if fate in ("done", "effective") else None
        _advance(user, decision.action, fate, completed_on)
        decisions += 1
    services.management_review_update(user=user, review=review, conclusions=CONCLUSIONS_2025)
    services.management_review_mark_held(user=user, review=review)
    services.management_review_sign(user=people["director"].user, review=review)
    ManagementReview.objects.filter(pk=review.pk).update(signed_at=_at(date(2026, 1, 29)))

    draft = services.management_review_create(
        user=user,
        title="Revue de direction 2026",
        held_on=REVIEW_2026_ON,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        chair=people["director"],
        participants=participants,
        location="Salle du conseil, Montluçon",
    )
    services.management_review_collect_inputs(user=user, review=draft)
    services.review_input_comment_set(
        user=user,
        entry=draft.inputs.get(input_key=ReviewInput.PREVIOUS_ACTIONS),
        comment=(
            "À mettre à jour début janvier : la machine à mesurer n'est toujours pas remplacée (devis en "
            "attente)."
        ),
    )

    process_reviews = 0
    if today >= PROCESS_REVIEWS_ON:
        for code, conclusion, text, owner, due_on, signed in PROCESS_REVIEWS:
            process = processes[code]
            process_review = services.process_review_create(
                user=user,
                process=process,
                period_start=date(2026, 1, 1),
                period_end=date(2026, 6, 30),
                held_on=PROCESS_REVIEWS_ON,
                participants=[people["qsse_manager"], process.owner]
                if process.owner
                else [people["qsse_manager"]],
                conclusion=conclusion,
            )
            services.process_review_collect_inputs(user=user, review=process_review)
            decision = services.review_decision_create(
                user=user,
                review=process_review,
                output_kind=ReviewOutput.IMPROVEMENT,
                text=text,
                owner=people[owner],
                due_on=due_on,
            )
            Action.objects.filter(pk=decision.action_id).update(created_at=_at(PROCESS_REVIEWS_ON))
            decisions += 1
            services.process_review_mark_held(user=user, review=process_review)
            if signed:
                services.process_review_sign(user=user, review=process_review)
                ProcessReview.objects.filter(pk=process_review.pk).update(signed_at=_at(date(2026, 7, 10)))
            process_reviews += 1
    return {"management reviews": 2, "process reviews": process_reviews, "review decisions": decisions}
