"""Benchmark support for ``make bench``: 50,000 documents with 200,000 versions.

``seed_large_documents(user, owner)`` writes the documents through ``core.bulk`` (with their creation
history rows): four versions each (1.0 … 1.3 or 2.0 …), the last one published and in force, the
earlier ones obsolete; one document in ten restricted to a site; 70 % internal, 15 % public, 10 %
restricted, 5 % confidential. The signatures are not generated (they do not appear on the master
list or in search).

URLs to time (the issue's target: master list and search p95 < 150 ms): ``bench_urls()``.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from qsse.core.bulk import bulk_insert_with_history
from qsse.organization.models import Site

from . import calculations
from .choices import ContentKind, DocumentStatus, VersionStatus
from .models import Document, DocumentType, DocumentVersion

TARGET_P95_MS = 150
WORDS = (
    "maîtrise",
    "contrôle",
    "usinage",
    "traitement",
    "fournisseurs",
    "réclamations",
    "étalonnage",
    "sécurité",
    "déchets",
    "audit",
    "formation",
    "expédition",
    "maintenance",
    "peinture",
    "réception",
    "urgence",
)
LEVELS = ("internal",) * 14 + ("public",) * 3 + ("restricted",) * 2 + ("confidential",)


@dataclass(frozen=True)
class DocumentsBench:
    documents: int
    versions: int
    seed_s: float


def seed_large_documents(
    user: Any, owner: Any, *, documents: int = 50_000, versions_each: int = 4
) -> DocumentsBench:
    """Write ``documents`` documents of ``versions_each`` versions (the last in force)."""
    from .types_data import load_types

    load_types()
    started = time.perf_counter()
    rng = random.Random(50_000)
    types = list(DocumentType.objects.order_by("position"))
    sites = list(Site.objects.order_by("pk"))
    today = timezone.localdate()
    with transaction.atomic():
        rows = []
        for number in range(1, documents + 1):
            document_type = types[number % len(types)]
            title = " ".join(rng.sample(WORDS, 3)).capitalize() + f" n° {number}"
            rows.append(
                Document(
                    reference=calculations.format_reference(document_type.prefix, "BEN", number, 5),
                    title=title,
                    document_type=document_type,
                    owner=owner,
                    confidentiality=rng.choice(LEVELS),
                    content_kind=ContentKind.WRITTEN if document_type.is_written else ContentKind.FILE,
                    review_months=document_type.review_months,
                    next_review_on=today + timedelta(days=rng.randint(-60, 1000)),
                    status=DocumentStatus.IN_FORCE,
                    distribution_roles=[],
                    created_by=user,
                )
            )
        bulk_insert_with_history(Document, rows, history_user=user)
        versions = []
        published: dict[int, DocumentVersion] = {}
        for document in rows:
            major = rng.choice((1, 1, 2, 3))
            for index in range(versions_each):
                is_last = index == versions_each - 1
                version = DocumentVersion(
                    document_id=document.pk,
                    major=major,
                    minor=index,
                    is_major=index == 0,
                    status=VersionStatus.PUBLISHED if is_last else VersionStatus.OBSOLETE,
                    change_description="" if index == 0 else "Mise à jour",
                    purpose=f"Objet de {document.title}",
                    description="1. Identifier\n2. Réaliser\n3. Enregistrer",
                    effective_on=today - timedelta(days=400 * (versions_each - index)),
                    created_by=user,
                )
                versions.append(version)
                if is_last:
                    published[document.pk] = version
        bulk_insert_with_history(DocumentVersion, versions, history_user=user)
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE documents_document SET current_version_id = %s WHERE id = %s",
                [(version.pk, document_id) for document_id, version in published.items()],
            )
        through = Document.sites.through
        through.objects.bulk_create(
            [
                through(document_id=document.pk, site_id=sites[number % len(sites)].pk)
                for number, document in enumerate(rows)
                if number % 10 == 0 and sites
            ],
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        # Statistics of the new rows (the bench's own ANALYZE ran before this seeding); without them
        # the planner may pick a scan per row for the visibility filter.
        cursor.execute("ANALYZE")
    return DocumentsBench(
        documents=len(rows), versions=len(versions), seed_s=round(time.perf_counter() - started, 1)
    )


def bench_urls() -> dict[str, str]:
    """The pages whose p95 the issue bounds (< 150 ms)."""
    master = reverse("documents:document_list")
    return {
        "master_list": master,
        "master_list_sorted": f"{master}?sort=-next_review_on",
        "master_list_filtered": f"{master}?document_type=&status=in_force&confidentiality=internal",
        "master_list_search": f"{master}?q=usinage+contr",
        "search": reverse("core:search") + "?q=PRO-BEN-0421",
        "search_words": reverse("core:search") + "?q=étalonnage",
    }
