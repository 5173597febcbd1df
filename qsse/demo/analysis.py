"""Demo data of the analysis module: the story of MBP (see docs of the demo organisation).

- the NCs and complaints of 2025–2026 as a dataset, with the Pareto of the complaint categories;
- the bore diameters of the CNC line (40 subgroups of 5, nominal 25.000 mm ± 0.050) exported from the
  measuring station, where the tool wear after subgroup 30 shows on the X̄-R chart and lowers the Cpk;
- the choice of a solution against scratches on housings (weighted decision matrix), its cost–benefit,
  the relations diagram of the causes and the tree of the means.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

NOMINAL = 25.000
TOLERANCE = 0.050
SUBGROUPS = 40
SUBGROUP_SIZE = 5
DRIFT_FROM = 30  # the insert wears from the 31st subgroup on


def bore_diameters_csv(first_day: date) -> str:
    """The measuring station's export, as French Excel writes it: ``;`` separators, decimal commas."""
    generator = random.Random(2026)
    lines = ["Sous-groupe;Date;Heure;Machine;Opérateur;Diamètre alésage (mm)"]
    moment = datetime.combine(first_day, datetime.min.time()) + timedelta(hours=6)
    for subgroup in range(1, SUBGROUPS + 1):
        drift = 0.003 * (subgroup - DRIFT_FROM) if subgroup > DRIFT_FROM else 0.0
        operator = "Équipe A" if subgroup % 2 else "Équipe B"
        for _piece in range(SUBGROUP_SIZE):
            value = NOMINAL + drift + generator.gauss(0, 0.0075)
            lines.append(
                f"{subgroup};{moment:%d/%m/%Y};{moment:%H:%M};Tour CNC T12;{operator};{value:.4f}".replace(
                    ".", ","
                )
            )
        moment += timedelta(hours=2)
    return "\n".join(lines) + "\n"


def seed_analysis(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """Create the analysis records of the demo organisation; returns counts by kind for the summary."""
    from qsse.analysis import services
    from qsse.core.registry import analysis_sources
    from qsse.nonconformities.choices import NonconformityKind

    with translation.override("fr"):
        counts = {"datasets": 0, "saved analyses": 0, "decision studies": 0}
        montlucon = org.sites["MTL"]

        # 1. The NCs and complaints, and the Pareto of the complaint categories.
        source = analysis_sources.get("nonconformities")
        if source is not None:
            names = {column.name: str(column.label) for column in source.columns}
            records = services.dataset_from_source(
                user=user,
                source_key="nonconformities",
                name="Non-conformités et réclamations 2025–2026",
                description="Fiches NC, incidents et réclamations clients, extraites pour la revue qualité.",
            )
            counts["datasets"] += 1
            services.analysis_save(
                user=user,
                dataset=records,
                tool="pareto",
                title="Pareto des réclamations clients par catégorie",
                parameters={
                    "category": names["category"],
                    "filters": [
                        {
                            "column": names["kind"],
                            "operator": "eq",
                            "value": str(NonconformityKind.COMPLAINT.label),
                        }
                    ],
                },
            )
            services.analysis_save(
                user=user,
                dataset=records,
                tool="pivot",
                title="Coût de non-qualité par site et par catégorie",
                parameters={
                    "rows": [names["category"]],
                    "column": names["site"],
                    "aggregation": "sum",
                    "measure": names["cost"],
                },
            )
            counts["saved analyses"] += 2

        # 2. The bore diameters of the CNC line.
        first_day = today - timedelta(days=12)
        diameters = services.dataset_upload(
            user=user,
            file=SimpleUploadedFile(
                "export_poste_mesure_T12.csv",
                bore_diameters_csv(first_day).encode("utf-8"),
                content_type="text/csv",
            ),
            name="Diamètres d'alésage – tour CNC T12",
            description=(
                "Alésage Ø25,000 ± 0,050 mm des corps de vérin, 5 pièces prélevées toutes les 2 heures "
                "(export du poste de mesure tridimensionnelle)."
            ),
            site=montlucon,
        )
        counts["datasets"] += 1
        column = "Diamètre alésage (mm)"
        services.analysis_save(
            user=user,
            dataset=diameters,
            tool="control_chart",
            title="Carte X̄-R de l'alésage Ø25 – tour T12",
            parameters={
                "chart": "xbar_r",
                "column": column,
                "subgroup": "Sous-groupe",
                "limits_from": 25,
                "rules": [1, 2, 3, 5, 6],
            },
            related_reference="NC usinage – dérive d'usure plaquette",
        )
        services.analysis_save(
            user=user,
            dataset=diameters,
            tool="capability",
            title="Capabilité de l'alésage Ø25 – tour T12",
            parameters={
                "column": column,
                "lsl": NOMINAL - TOLERANCE,
                "usl": NOMINAL + TOLERANCE,
                "target": NOMINAL,
                "subgroup": "Sous-groupe",
            },
        )
        services.analysis_save(
            user=user,
            dataset=diameters,
            tool="descriptive",
            title="Distribution des diamètres par équipe",
            parameters={"column": column, "group": "Opérateur"},
        )
        counts["saved analyses"] += 3

        # 3. Decision tools: scratches on housings.
        services.decision_study_create(
            user=user,
            kind="matrix",
            title="Solution contre les rayures sur carters",
            related_reference="Réclamations rayures carters",
            site=montlucon,
            data={
                "criteria": [
                    {"name": "Efficacité sur les rayures", "weight": 5},
                    {"name": "Coût", "weight": 3},
                    {"name": "Délai de mise en œuvre", "weight": 2},
                    {"name": "Ergonomie au poste", "weight": 2},
                ],
                "options": [
                    {"name": "Intercalaires mousse entre pièces", "scores": [3, 5, 5, 3]},
                    {"name": "Bacs de manutention thermoformés", "scores": [5, 3, 4, 4]},
                    {"name": "Convoyeur à bande en sortie de machine", "scores": [4, 1, 2, 5]},
                ],
            },
        )
        services.decision_study_create(
            user=user,
            kind="cost_benefit",
            title="Bacs thermoformés : coût–bénéfice",
            related_reference="Réclamations rayures carters",
            site=montlucon,
            data={
                "dysfunction_cost_per_year": 38000,
                "expected_reduction": 0.7,
                "investment": 14500,
                "running_cost_per_year": 1200,
                "years": 3,
            },
        )
        services.decision_study_create(
            user=user,
            kind="relations",
            title="Rayures sur carters : diagramme des relations",
            site=montlucon,
            data={
                "items": [
                    "Bacs de manutention usés",
                    "Pièces stockées en vrac",
                    "Cadence de sortie machine élevée",
                    "Chocs pendant le transport interne",
                    "Rayures sur faces d'appui",
                    "Réclamations clients",
                ],
                "links": [
                    {"cause": "Bacs de manutention usés", "effect": "Chocs pendant le transport interne"},
                    {"cause": "Bacs de manutention usés", "effect": "Pièces stockées en vrac"},
                    {"cause": "Bacs de manutention usés", "effect": "Rayures sur faces d'appui"},
                    {"cause": "Cadence de sortie machine élevée", "effect": "Pièces stockées en vrac"},
                    {"cause": "Pièces stockées en vrac", "effect": "Rayures sur faces d'appui"},
                    {"cause": "Chocs pendant le transport interne", "effect": "Rayures sur faces d'appui"},
                    {"cause": "Rayures sur faces d'appui", "effect": "Réclamations clients"},
                ],
            },
        )
        services.decision_study_create(
            user=user,
            kind="tree",
            title="Zéro rayure sur les carters livrés",
            site=montlucon,
            data={
                "goal": "Zéro rayure sur les carters livrés",
                "children": [
                    {
                        "name": "Protéger les pièces en sortie machine",
                        "children": [
                            {"name": "Bacs thermoformés à alvéoles"},
                            {"name": "Intercalaires mousse"},
                        ],
                    },
                    {
                        "name": "Fiabiliser la manutention",
                        "children": [
                            {"name": "Former les caristes"},
                            {"name": "Chariots dédiés aux carters"},
                        ],
                    },
                    {
                        "name": "Détecter avant expédition",
                        "children": [{"name": "Contrôle visuel sous lampe au poste d'emballage"}],
                    },
                ],
            },
        )
        counts["decision studies"] += 4
    return counts
