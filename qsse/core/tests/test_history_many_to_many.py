"""The record history shows a change of a many-to-many field by the names of the related records."""

import pytest

from qsse.core.choices import Role
from qsse.core.history import history_for


@pytest.mark.django_db
def test_a_many_to_many_change_is_shown_by_names(member, site_a, site_b):
    person = member(Role.CONTRIBUTOR, site=site_a)
    before = person.scope_sites.count()
    person.scope_sites.add(site_b)
    person.save()
    changes = [
        change for entry in history_for(person) for change in entry.changes if "site" in change.label.lower()
    ]
    assert before == 1
    assert changes, "the scope change is in the history"
    assert changes[-1].old == "Montluçon"
    assert sorted(changes[-1].new.split(", ")) == ["Montluçon", "Moulins"]
