"""Library files for the tests, written as the documented schema (docs/compliance.md)."""

V1 = """\
format: openqsse.compliance-library
format_version: 1
library:
  code: test-ohs
  title: Test OHS library
  theme: ohs
version:
  number: "2026.1"
  published_on: 2026-01-15
requirements:
  - key: duer
    reference: Code du travail, art. R4121-1
    title: Document unique
    summary_fr: Transcrire l'évaluation des risques dans un document unique.
    source_url: https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000044480521
  - key: cse
    reference: Code du travail, art. L2311-2
    title: Comité social et économique
    summary_fr: Mettre en place un CSE à partir de 11 salariés.
    applies_if:
      - {fact: organisation_headcount, op: ">=", value: 11}
  - key: boiler
    reference: Code de l'environnement, rubrique 2910
    title: Combustion
    summary_fr: Respecter les prescriptions applicables à l'installation de combustion.
    theme: environment
    applies_if:
      - {fact: icpe_rubriques, op: has, value: 2910}
  - key: forklift
    reference: Arrêté du 1er mars 2004, art. 23
    title: Vérification des chariots
    summary_fr: Faire vérifier les chariots élévateurs tous les six mois.
    periodicity_months: 6
    applies_if:
      - {fact: equipment, op: has, value: forklifts}
"""

V2 = (
    V1.replace('number: "2026.1"', 'number: "2026.2"')
    .replace(
        "Mettre en place un CSE à partir de 11 salariés.",
        "Mettre en place un CSE dès 11 salariés pendant 12 mois.",
    )
    .replace(
        """  - key: boiler
    reference: Code de l'environnement, rubrique 2910
    title: Combustion
    summary_fr: Respecter les prescriptions applicables à l'installation de combustion.
    theme: environment
    applies_if:
      - {fact: icpe_rubriques, op: has, value: 2910}
""",
        "",
    )
    + """\
  - key: noise
    reference: Code du travail, art. R4431-2
    title: Bruit
    summary_fr: Évaluer l'exposition au bruit.
"""
)

# A standard's clause structure: headings 4 (with 4.1, 4.2) and 10 (a leaf), 5.1 without its "5".
STANDARD = """\
format: openqsse.compliance-library
format_version: 1
library:
  code: test-iso
  title: ISO 45001:2018 — structure de test
  kind: standard
  theme: ohs
version:
  number: "2026.1"
requirements:
  - key: "4"
    reference: ISO 45001 §4
    title: Contexte de l'organisme
    summary_fr: Clause 4.
  - key: "4.1"
    reference: ISO 45001 §4.1
    title: Compréhension de l'organisme
    summary_fr: Clause 4.1.
  - key: "4.2"
    reference: ISO 45001 §4.2
    title: Parties intéressées
    summary_fr: Clause 4.2.
  - key: "5.1"
    reference: ISO 45001 §5.1
    title: Leadership et engagement
    summary_fr: Clause 5.1.
  - key: "10"
    reference: ISO 45001 §10
    title: Amélioration
    summary_fr: Clause 10.
"""
