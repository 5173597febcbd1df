"""The text indexes of "contains" searches (qsse/core/search_indexes.py): ``text_filter`` finds exactly
what ``icontains`` on the registered fields finds, on both databases; on SQLite it answers from the FTS5
trigram table, which its triggers keep in step with every write and which ``ensure_sqlite_text_indexes``
rebuilds when a migration dropped the triggers."""

import pytest
from django.db import connection
from django.db.models import Q

from qsse.actions.models import Action
from qsse.actions.tests.factories import make_action, make_nc
from qsse.core.registry import text_indexes
from qsse.core.search_indexes import ensure_sqlite_text_indexes, text_filter
from qsse.nonconformities.models import Nonconformity

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 tables are SQLite's")

TITLES = [
    "Étalonnage de la balance 12-B",
    "Calibration of the torque wrench",
    'Revoir la fiche "sécurité" du poste',
    "Mettre à jour le plan de prévention",
    "AND OR NOT: * ^ - { } ( )",
    "Former l'équipe de nuit",
]


def _icontains(queryset, fields, text):
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": text})
    return queryset.filter(condition)


@pytest.fixture
def actions(member):
    user = member("qsse_manager").user
    return [make_action(user=user, title=title) for title in TITLES]


QUERIES = [
    "balance",
    "BALANCE",
    "alon",  # inside a word
    "torque wrench",  # a phrase, spaces included
    "wrench torque",  # not contained as written
    '"sécurité"',  # quotes are text, not query syntax
    "AND OR",
    "* ^",
    "{ }",
    "l'équipe",
    "de",  # shorter than a trigram: icontains
    "ab",
    "zzz",
]


@pytest.mark.parametrize("query", QUERIES)
def test_text_filter_finds_what_icontains_finds(actions, query):
    queryset = Action.objects.all()
    expected = set(_icontains(queryset, ("reference", "title"), query).values_list("pk", flat=True))
    assert set(text_filter(queryset, query).values_list("pk", flat=True)) == expected


def test_accented_capitals_match_on_every_database(actions):
    """SQLite's LIKE folds ASCII letters only; the trigram index (SQLite) and UPPER (PostgreSQL) fold É."""
    found = text_filter(Action.objects.all(), "ÉTALONNAGE").values_list("title", flat=True)
    assert list(found) == ["Étalonnage de la balance 12-B"]


def test_every_word_in_any_field(site_a):
    make_nc(site_a, reference="NC-1", title="Bavure sur arbre")
    Nonconformity.objects.filter(reference="NC-1").update(product="Arbre 12-A", customer_name="Valeo")
    make_nc(site_a, reference="NC-2", title="Bavure sur carter")
    make_nc(site_a, reference="NC-3", title="Rayure")
    queryset = Nonconformity.objects.all()

    def found(query):
        return sorted(text_filter(queryset, query, every_word=True).values_list("reference", flat=True))

    assert found("bavure valeo") == ["NC-1"]  # one word in the title, the other in the customer
    assert found("bavure") == ["NC-1", "NC-2"]
    assert found("NC 12-A") == ["NC-1"]  # "NC" (2 letters) by icontains, "12-A" by the index
    assert found("valeo rayure") == []


@sqlite_only
def test_the_index_follows_inserts_updates_and_deletes(actions):
    queryset = Action.objects.all()
    wrench = Action.objects.get(title__startswith="Calibration")
    wrench.title = "Calibration of the pressure gauge"
    wrench.save()
    assert not text_filter(queryset, "wrench").exists()
    assert list(text_filter(queryset, "pressure gauge")) == [wrench]

    Action.objects.filter(pk=wrench.pk).update(title="Gauge replaced")  # a bulk update, no save()
    assert list(text_filter(queryset, "replaced")) == [wrench]
    assert not text_filter(queryset, "pressure").exists()

    wrench.delete()
    assert not text_filter(queryset, "gauge").exists()
    assert text_filter(queryset, "balance").count() == 1


@sqlite_only
def test_sqlite_answers_from_the_fts_table(actions):
    sql, params = text_filter(Action.objects.all(), "balance").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "VIRTUAL TABLE INDEX" in plan and "actions_action" in plan
    assert "MATCH" in sql


@sqlite_only
def test_every_registered_model_has_its_table_and_triggers_after_migrate():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = {row[0] for row in cursor.fetchall()}
    assert {"actions_action", "documents_document", "nonconformities_nonconformity"} <= {
        index.table for index in text_indexes.values()
    }
    for index in text_indexes.values():
        fts = index.fts_table
        assert {fts, f"{fts}_insert", f"{fts}_delete", f"{fts}_update"} <= existing


@sqlite_only
def test_ensure_rebuilds_an_index_whose_triggers_a_migration_dropped(actions):
    """SQLite's ALTER TABLE emulation copies the table and drops the old one with its triggers: rows
    written before the next ensure are missing from the index until it rebuilds it."""
    with connection.cursor() as cursor:
        for suffix in ("insert", "delete", "update"):
            cursor.execute(f'DROP TRIGGER "actions_action_fts_{suffix}"')
    added = make_action(user=actions[0].created_by, title="Vérifier les extincteurs")
    assert not text_filter(Action.objects.all(), "extincteurs").exists()

    assert ensure_sqlite_text_indexes() == ["actions_action_fts"]
    assert list(text_filter(Action.objects.all(), "extincteurs")) == [added]
    assert ensure_sqlite_text_indexes() == []  # nothing left to do


def test_unregistered_model_is_refused():
    from qsse.organization.models import Site

    with pytest.raises(LookupError):
        text_filter(Site.objects.all(), "moulins")


@sqlite_only
def test_first_rows_only_walks_the_table_when_the_text_is_common(actions, monkeypatch):
    """The global search reads 20 rows: for a text found in many rows a walk in date order meets them
    sooner than the list of every match; a rarer text is still answered from the index."""
    from qsse.core import search_indexes

    monkeypatch.setattr(search_indexes, "COMMON_MATCHES", 2)
    queryset = Action.objects.order_by("-created_at")
    common = text_filter(queryset, "tion", first_rows_only=True)  # Calibration, prévention
    rare = text_filter(queryset, "balance", first_rows_only=True)
    assert "MATCH" not in str(common.query) and "LIKE" in str(common.query)
    assert "MATCH" in str(rare.query)
    assert {action.title for action in common} == {TITLES[1], TITLES[3]}
    assert [action.title for action in rare] == ["Étalonnage de la balance 12-B"]
    assert "MATCH" in str(text_filter(queryset, "tion").query)  # lists count every match: the index
