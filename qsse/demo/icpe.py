"""Demo data of the ICPE status: the story of MBP (see the demo organisation).

Montluçon: the 2.5 MW gas boiler and a 0.4 MW gas drying oven (2910-A, 2.9 MW → DC), the CNC
machining workshop (2560, 620 kW → DC), the surface-treatment line (degreasing and anodising tanks,
2565-2, 4 800 l → E), the paint booth (2940-2, 45 kg/d sprayed → DC), the covered warehouse
(1510, 6 500 m³ → DC), a store of solvents and paints (4331, 8 t → NC), the forklift charging room
(2925-1, 35 kW → NC) and the air-conditioning (1185-2-a, 180 kg → NC): the site is under
registration (E), not Seveso. Moulins: the shipping warehouse (1510, 12 000 m³ → DC), a 0.35 MW
boiler (NC) and a lithium charging area (2925-2, 40 kW → NC): declaration with control.
Periodic controls: the Montluçon boiler was controlled in 2023, the paint booth in 2023; the
machining workshop's control of 2021 is overdue (a major non-conformity then); the Moulins
warehouse has none recorded.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

# (site, installation, location, years in service, [(rubrique, quantity, how it is worked out)])
INSTALLATIONS: tuple[tuple[str, str, str, int, tuple[tuple[str, str, str], ...]], ...] = (
    ("MTL", "Chaufferie gaz – chaudière 2,5 MW", "Bâtiment A, chaufferie", 14,
     (("2910-A", "2.5", "Puissance thermique nominale de la plaque constructeur"),)),
    ("MTL", "Étuve de séchage gaz", "Ligne de peinture", 9,
     (("2910-A", "0.4", "Brûleur gaz 400 kW"),)),
    ("MTL", "Atelier d'usinage CNC", "Bâtiment B", 18,
     (("2560", "620", "12 tours et centres d'usinage, puissance simultanée"),)),
    ("MTL", "Ligne de traitement de surface (dégraissage, anodisation)", "Bâtiment C", 11,
     (("2565-2", "4800", "6 cuves de traitement de 800 l"),)),
    ("MTL", "Cabine de peinture liquide", "Bâtiment C", 8,
     (("2940-2", "45", "Consommation maximale de peinture pondérée"),)),
    ("MTL", "Entrepôt couvert matières et produits finis", "Bâtiment D", 16,
     (("1510", "6500", "1 000 m² × 6,5 m ; plus de 500 t de combustibles (emballages, palettes)"),)),
    ("MTL", "Local de stockage des peintures et solvants", "Bâtiment C, local déporté", 8,
     (("4331", "8", "Inventaire des fûts et bidons"),)),
    ("MTL", "Atelier de charge des chariots", "Bâtiment D", 12,
     (("2925-1", "35", "5 chargeurs plomb-acide de 7 kW"),)),
    ("MTL", "Climatisation des bureaux et du laboratoire", "Bâtiment A", 6,
     (("1185-2-a", "180", "Charge cumulée des groupes > 2 kg"),)),
    ("MOU", "Entrepôt d'expédition", "Moulins, hall 1", 7,
     (("1510", "12000", "2 000 m² × 6 m ; plus de 500 t de combustibles"),)),
    ("MOU", "Chaudière gaz Moulins", "Moulins, chaufferie", 10,
     (("2910-A", "0.35", "Puissance nominale 350 kW"),)),
    ("MOU", "Zone de charge des chariots lithium", "Moulins, hall 1", 3,
     (("2925-2", "40", "Chargeurs lithium, sans dégagement d'hydrogène"),)),
)  # fmt: skip

# (site, rubrique, years ago, body, report, major non-conformities)
CONTROLS = (
    ("MTL", "2910-A", 3.7, "Bureau Veritas Exploitation", "BV-2023-ICPE-0412", False),
    ("MTL", "2940-2", 3.4, "Apave Exploitation France", "APV-23-77815", False),
    ("MTL", "2560", 5.1, "Bureau Veritas Exploitation", "BV-2021-ICPE-1187", True),
)


def seed_icpe(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """Create the ICPE records of the demo organisation; returns counts by kind."""
    from qsse.icpe import services
    from qsse.icpe.models import Rubrique

    services.nomenclature_load()
    today = min(today, timezone.localdate())
    rubriques = {r.code: r for r in Rubrique.objects.all()}
    responsible = org.people.get("maintenance") or org.people.get("qsse_manager")
    quantities = 0
    for site, name, location, years, lines in INSTALLATIONS:
        installation = services.installation_create(
            user=user,
            site=org.sites[site],
            name=name,
            location=location,
            commissioned_on=date(today.year - years, 3, 1),
            responsible=responsible,
        )
        for code, quantity, note in lines:
            services.activity_save(
                user=user,
                installation=installation,
                rubrique=rubriques[code],
                quantity=Decimal(quantity),
                note=note,
            )
            quantities += 1
    for site, code, years_ago, body, reference, major in CONTROLS:
        services.control_record(
            user=user,
            site=org.sites[site],
            rubrique=rubriques[code],
            performed_on=date.fromordinal(today.toordinal() - int(years_ago * 365.25)),
            body=body,
            report_reference=reference,
            has_major_nonconformities=major,
            notes="Non-conformité majeure : rétention sous la cuve d'huile de coupe." if major else "",
        )
    return {
        "icpe_installations": len(INSTALLATIONS),
        "icpe_quantities": quantities,
        "icpe_controls": len(CONTROLS),
    }
