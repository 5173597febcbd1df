# ruff: noqa: E501
"""French catalogue entries for the retention providers that other apps host
(``qsse/accidents/retention.py``, ``qsse/organization/retention.py``): their msgids are repeated
here so that the retention app's catalogue translates them while the owners of those apps edit
their own catalogues. Move them to the hosting app's catalogue when convenient. Never imported."""

from django.utils.translation import gettext_noop

MESSAGES = (
    gettext_noop("Accident"),
    gettext_noop("Date and time"),
    gettext_noop("Kind"),
    gettext_noop("Title"),
    gettext_noop("Victim"),
    gettext_noop("Witnesses"),
    gettext_noop("Nature of the lesions"),
    gettext_noop("Seat of the lesions"),
    gettext_noop("Medical details"),
    gettext_noop("First aid given"),
    gettext_noop("Victim's data anonymised (end of retention)"),
    gettext_noop("Victim record deleted at the end of its retention"),
    gettext_noop("Accident victims: identity, witnesses and medical details"),
    gettext_noop("Recording and analysing work accidents, declaring them, preventing their recurrence."),
    gettext_noop(
        "Legal obligation (GDPR art. 6.1.c: accident declaration and prevention, French labour and social security codes); health data under art. 9.2.b (obligations of the employer in employment and social protection law)."
    ),
    gettext_noop(
        "Administrator and QSSE manager only; the accident itself without the victim is seen by every role."
    ),
    gettext_noop("Victim of %(reference)s"),
    gettext_noop("victim (link to the person: name, job, site)"),
    gettext_noop("witnesses' names"),
    gettext_noop("nature and seat of the lesions"),
    gettext_noop("medical details and first aid given"),
    gettext_noop("Named as a witness of %(reference)s"),
    gettext_noop("person no. %(id)s"),
    gettext_noop("First name"),
    gettext_noop("Last name"),
    gettext_noop("E-mail"),
    gettext_noop("Job title"),
    gettext_noop("Site"),
    gettext_noop("Department"),
    gettext_noop("Work unit"),
    gettext_noop("Role"),
    gettext_noop("Active"),
    gettext_noop("Created at"),
    gettext_noop("Directory entry"),
    gettext_noop("User account"),
    gettext_noop("People who left: directory entry and user account"),
    gettext_noop(
        "Managing the QSSE system: assigning responsibilities and actions, controlling access, tracing who did what."
    ),
    gettext_noop(
        "Performance of the employment contract and legitimate interest of the employer (GDPR art. 6.1.b and 6.1.f); legal obligation for the traceability required by QSSE regulations (art. 6.1.c)."
    ),
    gettext_noop("Every user sees names on the records; the directory is managed by administrators."),
    gettext_noop("Username"),
    gettext_noop("Date joined"),
    gettext_noop("Last login"),
    gettext_noop("first and last name, e-mail, job title"),
    gettext_noop("site, department, work unit, role and access scope"),
    gettext_noop("user account: username, e-mail, dates of joining and last login"),
    gettext_noop("their name on the records they own or took part in (actions, NCs, audits…)"),
)
