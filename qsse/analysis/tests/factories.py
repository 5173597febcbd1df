"""Test data of the analysis app, built through its services."""

from __future__ import annotations

import random

from django.core.files.uploadedfile import SimpleUploadedFile

from qsse.analysis import services

COMPLAINTS_CSV = (
    "Catégorie;Site;Coût\n"
    "Rayure;MTL;120,5\n"
    "Rayure;MOU;80\n"
    "Cote hors tolérance;MTL;300\n"
    "Rayure;MTL;50\n"
    "Emballage;MOU;20\n"
    "Cote hors tolérance;MOU;100\n"
)


def csv_file(text: str = COMPLAINTS_CSV, name: str = "reclamations.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def upload(user, text: str = COMPLAINTS_CSV, name: str = "Réclamations", site=None):
    return services.dataset_upload(user=user, file=csv_file(text), name=name, site=site)


def series_with_outlier_csv(count: int = 25, outlier_at: int = 20) -> str:
    """Individual values around 10 with one far point (rule 1) at the 1-based position ``outlier_at``."""
    generator = random.Random(7)
    lines = ["Mesure;Valeur"]
    for n in range(1, count + 1):
        value = 10 + generator.uniform(-0.3, 0.3) if n != outlier_at else 14.0
        lines.append(f"{n};{value:.3f}".replace(".", ","))
    return "\n".join(lines) + "\n"
