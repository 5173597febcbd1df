"""Every write of the analysis app: keyword-only arguments, one transaction, permission checks and
business events. A dataset is written whole or not at all (the Parquet file is removed when the
record cannot be saved)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.actions import services as action_services
from qsse.core.choices import Operation
from qsse.core.permissions import require, user_person, user_site_ids
from qsse.core.registry import analysis_sources
from qsse.core.services import event_record

from . import decisions
from .choices import SourceKind, ToolKind
from .ingest import TypedFrame, frame_from_rows, read_upload
from .models import Analysis, Dataset, DecisionStudy


def _default_site(user: Any, site: Any) -> Any:
    """A user limited to some sites cannot publish organisation-wide data: their own site then."""
    if site is not None or user_site_ids(user) is None:
        return site
    person = user_person(user)
    return person.site if person is not None else None


def _store(*, user: Any, dataset: Dataset, typed: TypedFrame) -> Dataset:
    buffer = io.BytesIO()
    typed.frame.write_parquet(buffer, compression="zstd")
    dataset.columns = list(typed.columns)
    dataset.row_count = typed.frame.height
    dataset.uploaded_by = user
    stem = slugify(dataset.name)[:60] or "dataset"
    dataset.parquet_file.save(f"{stem}.parquet", ContentFile(buffer.getvalue()), save=False)
    try:
        dataset.full_clean()
        with transaction.atomic():
            dataset.save()
            event_record(
                actor=user,
                target=dataset,
                verb=gettext_noop("Dataset created"),
                detail=f"{dataset.row_count} × {len(dataset.columns)}",
            )
    except Exception:
        # Nothing half-written: the files go with the record that could not be saved.
        for field in (dataset.parquet_file, dataset.original_file):
            if field:
                field.delete(save=False)
        raise
    return dataset


def dataset_upload(*, user: Any, file: Any, name: str, description: str = "", site: Any = None) -> Dataset:
    """Read an uploaded CSV or Excel file, type its columns, store it as Parquet.

    Raises PermissionDenied, or ValidationError with a message for the user (empty file, no header,
    duplicate column names, unreadable file, too many rows, file too large); saves nothing then.
    """
    site = _default_site(user, site)
    require(user, Operation.CREATE, Dataset, site_id=site.pk if site is not None else None)
    if not (name or "").strip():
        raise ValidationError({"name": _("Give the dataset a name.")})
    original_name = getattr(file, "name", "") or "upload"
    file.seek(0) if hasattr(file, "seek") else None
    content = file.read()
    typed = read_upload(original_name, content)
    dataset = Dataset(
        name=name.strip(),
        description=description,
        source_kind=SourceKind.UPLOAD,
        original_name=original_name[:255],
        site=site,
    )
    dataset.original_file.save(original_name.rsplit("/", 1)[-1], ContentFile(content), save=False)
    return _store(user=user, dataset=dataset, typed=typed)


def dataset_from_source(
    *, user: Any, source_key: str, name: str = "", description: str = "", site: Any = None
) -> Dataset:
    """A dataset of OpenQSSE records (``qsse.core.registry.analysis_sources[source_key]``), limited to
    what ``user`` may see."""
    source = analysis_sources.get(source_key)
    if source is None:
        raise ValidationError({"source_key": _("Unknown data source.")})
    site = _default_site(user, site)
    require(user, Operation.CREATE, Dataset, site_id=site.pk if site is not None else None)
    typed = frame_from_rows(((str(c.label), c.kind) for c in source.columns), source.rows(user))
    if typed.frame.height == 0:
        raise ValidationError(_("The source holds no record that you may see."), code="empty")
    dataset = Dataset(
        name=(name or "").strip() or str(source.label),
        description=description,
        source_kind=SourceKind.OPENQSSE,
        source_key=source_key,
        site=site,
    )
    return _store(user=user, dataset=dataset, typed=typed)


@transaction.atomic
def dataset_update(*, user: Any, dataset: Dataset, name: str, description: str = "") -> Dataset:
    require(user, Operation.EDIT, dataset)
    dataset.name = (name or "").strip()
    dataset.description = description
    dataset.full_clean()
    dataset.save()
    return dataset


def dataset_delete(*, user: Any, dataset: Dataset) -> None:
    require(user, Operation.DELETE, dataset)
    files = [field.name for field in (dataset.parquet_file, dataset.original_file) if field]
    storage = dataset.parquet_file.storage
    with transaction.atomic():
        dataset.delete()
    for name in files:
        storage.delete(name)


# --- Saved analyses ---------------------------------------------------------------------------------


@transaction.atomic
def analysis_save(
    *,
    user: Any,
    dataset: Dataset,
    tool: str,
    title: str,
    parameters: dict[str, Any],
    related_reference: str = "",
) -> Analysis:
    """Save a tool's parameters on a dataset (the result is computed again when the analysis is opened)."""
    require(user, Operation.VIEW, dataset)
    require(user, Operation.CREATE, Analysis, site_id=dataset.site_id)
    if tool not in ToolKind.values:
        raise ValidationError({"tool": _("Unknown tool.")})
    from .tools import run_tool

    run_tool(dataset, tool, parameters)  # the parameters must give a result
    analysis = Analysis(
        dataset=dataset,
        tool=tool,
        title=(title or "").strip(),
        parameters=parameters,
        related_reference=(related_reference or "").strip(),
        created_by=user,
    )
    analysis.full_clean()
    analysis.save()
    event_record(actor=user, target=analysis, verb=gettext_noop("Analysis saved"), detail=analysis.title)
    return analysis


@transaction.atomic
def analysis_delete(*, user: Any, analysis: Analysis) -> None:
    require(user, Operation.DELETE, analysis)
    analysis.delete()


def analysis_create_action(
    *, user: Any, analysis: Analysis, title: str, owner: Any, due_on: date, **action_fields: Any
) -> Any:
    """An action of the action plan raised from a saved analysis (e.g. the first bar of a Pareto)."""
    require(user, Operation.VIEW, analysis)
    with transaction.atomic():
        action = action_services.action_create(
            user=user, title=title, owner=owner, due_on=due_on, origin=analysis, **action_fields
        )
        event_record(
            actor=user,
            target=analysis,
            verb=gettext_noop("Action created"),
            detail=f"{action.reference} – {action.title}",
        )
    return action


# --- Decision studies --------------------------------------------------------------------------------


@transaction.atomic
def decision_study_create(
    *,
    user: Any,
    kind: str,
    title: str,
    data: dict[str, Any],
    related_reference: str = "",
    site: Any = None,
) -> DecisionStudy:
    site = _default_site(user, site)
    require(user, Operation.CREATE, DecisionStudy, site_id=site.pk if site is not None else None)
    study = DecisionStudy(
        kind=kind,
        title=(title or "").strip(),
        related_reference=(related_reference or "").strip(),
        site=site,
        created_by=user,
    )
    study.data = decisions.clean_data(kind, data)
    study.full_clean()
    study.save()
    event_record(actor=user, target=study, verb=gettext_noop("Decision study created"), detail=study.title)
    return study


@transaction.atomic
def decision_study_update(
    *,
    user: Any,
    study: DecisionStudy,
    title: str | None = None,
    data: dict[str, Any] | None = None,
    related_reference: str | None = None,
) -> DecisionStudy:
    require(user, Operation.EDIT, study)
    if title is not None:
        study.title = title.strip()
    if related_reference is not None:
        study.related_reference = related_reference.strip()
    if data is not None:
        study.data = decisions.clean_data(study.kind, data)
    study.full_clean()
    study.save()
    return study


@transaction.atomic
def decision_study_delete(*, user: Any, study: DecisionStudy) -> None:
    require(user, Operation.DELETE, study)
    study.delete()
