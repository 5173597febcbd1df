"""Demo data of the waste module: two years of MBP's waste removals (see the demo organisation).

Montluçon sorts its metal chips (steel 12 01 01, aluminium 12 01 03, both recycled R4), its spent
cutting emulsions (12 01 09*, physico-chemical treatment D9), spent solvents (14 06 03*,
regenerated R2), paint sludge (08 01 13*, incinerated D10), surface-treatment sludge (11 01 09*,
D9), oily rags and absorbents (15 02 02*, energy recovery R1), aerosols (15 01 11*, R4),
cardboard, plastic and wooden packaging (15 01 01 / 15 01 02 / 15 01 03, recycled R3), mixed
non-hazardous waste (20 03 01) and fluorescent tubes (20 01 21*, R4). The mixed waste went to
incineration without energy recovery (D10) the first year, then under a new contract to an
energy-recovery plant (R1): the recovery rate rises. Moulins sorts cardboard and its canteen's
biowaste (20 01 08, composted R3); its mixed waste skip is counted in m³ without a density, so it
is shown apart from the tonnages. Every hazardous removal has its Trackdéchets number.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

BASE32 = string.digits + "ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32


def _siret(prefix: str) -> str:
    """A fictitious 14-digit SIRET completed with its Luhn check digit."""
    for last in range(10):
        candidate = f"{prefix}{last}"
        total = 0
        for index, char in enumerate(reversed(candidate)):
            digit = int(char) * (2 if index % 2 else 1)
            total += digit - 9 if digit > 9 else digit
        if total % 10 == 0:
            return candidate
    raise ValueError(prefix)


CONTRACTORS = {
    "ferrailles": dict(
        name="Ferrailles du Centre",
        siret=_siret("8123456780001"),
        address="12 rue des Forges\n03100 Montluçon",
        is_collector=True,
        is_transporter=True,
        is_facility=True,
        receipt_number="R-03-2023-0147",
        permit_number="AP 2019-0412 (rubriques 2713, 2791)",
    ),
    "transports": dict(
        name="Transports Allier Environnement",
        siret=_siret("8234567890001"),
        address="ZI du Brézet\n03000 Moulins",
        is_transporter=True,
        receipt_number="R-03-2022-0089",
    ),
    "tsa": dict(
        name="Traitements Spéciaux d'Auvergne",
        siret=_siret("8345678900001"),
        address="Route de Gannat\n63200 Riom",
        is_collector=True,
        is_transporter=True,
        is_facility=True,
        receipt_number="R-63-2021-0312",
        permit_number="AP 2017-1188 (déchets dangereux, rubriques 2790, 2718)",
    ),
    "solvants": dict(
        name="Régénération Solvants Loire",
        siret=_siret("8456789010001"),
        address="Chemin des Varennes\n42160 Andrézieux-Bouthéon",
        is_facility=True,
        permit_number="AP 2015-0621 (rubrique 2790)",
    ),
    "valorisation": dict(
        name="Valorisation Bourbonnais",
        siret=_siret("8567890120001"),
        address="Avenue de l'Europe\n03410 Domérat",
        is_collector=True,
        is_transporter=True,
        is_facility=True,
        receipt_number="R-03-2020-0033",
        permit_number="AP 2016-0954 (rubriques 2714, 2716)",
    ),
    "uve": dict(
        name="Centre de valorisation énergétique du Pays de Montluçon",
        siret=_siret("8678901230001"),
        address="Route de Lavault\n03100 Montluçon",
        is_facility=True,
        permit_number="AP 2012-0077 (rubrique 2771)",
    ),
    "lampes": dict(
        name="Collecte Lampes Centre-France",
        siret=_siret("8789012340001"),
        address="Rue Denis Papin\n18000 Bourges",
        is_collector=True,
        is_transporter=True,
        is_facility=True,
        receipt_number="R-18-2021-0210",
        permit_number="AP 2018-0345 (rubrique 2711)",
    ),
}


@dataclass(frozen=True)
class Stream:
    key: str
    site: str
    name: str
    code: str
    flow: str
    container: str
    instructions: str
    collector: str
    facility: str
    treatment: str
    every_months: int  # one removal every n months
    quantity: tuple[str, str]  # range of the quantity
    unit: str = "t"
    density: str | None = None
    transporter: str = ""
    later_treatment: str = ""  # the treatment code of the second year, when it changed


STREAMS = (
    Stream("chips-steel", "MTL", "Copeaux acier", "120101", "metal", "Benne 10 m³ étanche, atelier usinage",
           "Copeaux égouttés uniquement, sans chiffons ni emballages.", "ferrailles", "ferrailles", "R4", 1,
           ("3.2", "5.4")),
    Stream("chips-alu", "MTL", "Copeaux aluminium", "120103", "metal", "Bacs 1 m³ identifiés ALU",
           "Ne pas mélanger avec l'acier.", "ferrailles", "ferrailles", "R4", 2, ("0.8", "1.6")),
    Stream("emulsions", "MTL", "Émulsions d'usinage usagées", "120109", "none", "GRV 1 m³ sur rétention",
           "Vidange des machines par la maintenance ; bouchon fermé, étiquette déchet dangereux.",
           "tsa", "tsa", "D9", 2, ("1.8", "3.1"), transporter="transports"),
    Stream("solvents", "MTL", "Solvants de dégraissage usagés", "140603", "none", "Fûts 200 L sur rétention",
           "Fûts fermés, stockés au local déchets dangereux.", "tsa", "solvants", "R2", 3, ("0.35", "0.6")),
    Stream("paint-sludge", "MTL", "Boues de peinture", "080113", "none", "Fûts 200 L à ouverture totale",
           "Cabine de peinture ; couvercle fermé.", "tsa", "tsa", "D10", 3, ("0.2", "0.45")),
    Stream("treatment-sludge", "MTL", "Boues de la ligne de traitement de surface", "110109", "none",
           "Big-bags sur rétention", "Boues du filtre-presse, égouttées.", "tsa", "tsa", "D9", 3,
           ("1.1", "1.9")),
    Stream("rags", "MTL", "Chiffons et absorbants souillés", "150202", "none", "Fûts 200 L à couvercle",
           "Chiffons, absorbants, filtres souillés d'huile ; pas de liquide.", "tsa", "tsa", "R1", 3,
           ("0.15", "0.3")),
    Stream("aerosols", "MTL", "Aérosols", "150111", "none", "Fût grillagé", "Aérosols vides ou non.", "tsa",
           "tsa", "R4", 6, ("0.03", "0.06")),
    Stream("cardboard", "MTL", "Cartons", "150101", "paper_cardboard", "Compacteur à balles",
           "Cartons pliés, sans film ni polystyrène.", "valorisation", "valorisation", "R3", 1, ("12", "20"),
           unit="m3", density="0.050"),
    Stream("plastic", "MTL", "Films et emballages plastique", "150102", "plastic", "Cage grillagée 2 m³",
           "Films étirables, housses, sachets propres.", "valorisation", "valorisation", "R3", 2,
           ("0.2", "0.4")),
    Stream("wood", "MTL", "Palettes et caisses bois", "150103", "wood", "Zone palettes extérieure",
           "Palettes cassées et caisses ; pas de bois traité.", "valorisation", "valorisation", "R3", 2,
           ("0.6", "1.1")),
    Stream("mixed-mtl", "MTL", "Déchets non dangereux en mélange", "200301", "none", "Benne 30 m³",
           "Ce qui ne va dans aucun autre flux.", "valorisation", "uve", "D10", 1, ("2.1", "3.4"),
           later_treatment="R1"),
    Stream("tubes", "MTL", "Tubes fluorescents", "200121", "none", "Caisse carton dédiée",
           "Tubes entiers, non cassés.", "lampes", "lampes", "R4", 12, ("0.02", "0.04")),
    Stream("cardboard-mou", "MOU", "Cartons expédition", "150101", "paper_cardboard", "Benne 15 m³",
           "Cartons pliés.", "valorisation", "valorisation", "R3", 1, ("0.5", "0.9")),
    Stream("biowaste-mou", "MOU", "Biodéchets de la cantine", "200108", "biowaste", "Bacs 120 L",
           "Restes de repas et épluchures, sans emballage.", "valorisation", "valorisation", "R3", 1,
           ("0.25", "0.4")),
    Stream("mixed-mou", "MOU", "Déchets non dangereux en mélange", "200301", "none", "Benne 15 m³",
           "Ce qui ne va dans aucun autre flux.", "valorisation", "uve", "D10", 2, ("10", "15"), unit="m3",
           later_treatment="R1"),
)  # fmt: skip


def _months_back(today: date, count: int) -> list[date]:
    """The first days of the ``count`` months ending with the month of ``today``, oldest first."""
    last = today.year * 12 + today.month - 1
    return [date(index // 12, index % 12 + 1, 1) for index in range(last - count + 1, last + 1)]


def _tracking_number(rng: random.Random, day: date) -> str:
    return f"BSD-{day:%Y%m%d}-{''.join(rng.choice(BASE32) for _ in range(9))}"


def seed_waste(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """Create MBP's contractors, waste streams and two years of removals; returns counts."""
    from qsse.waste import services
    from qsse.waste.models import TreatmentCode, WasteCode

    rng = random.Random(7103)
    today = min(today, timezone.localdate())
    codes = {code.code: code for code in WasteCode.objects.filter(code__in={s.code for s in STREAMS})}
    treatments = {treatment.code: treatment for treatment in TreatmentCode.objects.all()}
    contractors = {
        key: services.contractor_create(user=user, **values) for key, values in CONTRACTORS.items()
    }
    responsible = org.people.get("qsse_assistant") or org.people.get("qsse_manager")
    streams = {}
    for spec in STREAMS:
        streams[spec.key] = services.stream_create(
            user=user,
            site=org.sites[spec.site],
            name=spec.name,
            waste_code=codes[spec.code],
            sorting_flow=spec.flow,
            container=spec.container,
            sorting_instructions=spec.instructions,
            collector=contractors[spec.collector],
            transporter=contractors[spec.transporter or spec.collector],
            facility=contractors[spec.facility],
            treatment_code=treatments[spec.treatment],
            density=Decimal(spec.density) if spec.density else None,
            responsible=responsible,
        )
    months = _months_back(today, 24)
    change_on = months[12]  # the new contract for the mixed waste starts with the second year
    removals = 0
    for index, month in enumerate(months):
        for spec in STREAMS:
            if index % spec.every_months:
                continue
            day = min(month + timedelta(days=rng.randint(3, 26)), today)
            low, high = Decimal(spec.quantity[0]), Decimal(spec.quantity[1])
            quantity = (low + (high - low) * Decimal(rng.random())).quantize(Decimal("0.01"))
            code = codes[spec.code]
            extra: dict[str, Any] = {}
            if spec.later_treatment and day >= change_on:
                extra["treatment_code"] = treatments[spec.later_treatment]
            services.removal_record(
                user=user,
                site=org.sites[spec.site],
                stream=streams[spec.key],
                removed_on=day,
                quantity=quantity,
                unit=spec.unit,
                tracking_number=_tracking_number(rng, day) if code.is_hazardous else "",
                today=today,
                **extra,
            )
            removals += 1
    return {
        "waste_contractors": len(contractors),
        "waste_streams": len(streams),
        "waste_removals": removals,
    }
