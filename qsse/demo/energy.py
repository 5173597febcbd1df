"""Demo data of the energy module: the story of MBP (see the demo organisation).

Montluçon buys about 1.8 GWh of electricity a year (general meter PDL with sub-meters on the CNC
machining workshop, the compressed-air station, the surface treatment line and the workshop
lighting) and about 1 GWh PCS of natural gas (boiler 2.5 MW for space heating, with a sub-meter on
the paint drying oven); Moulins about 0.26 GWh of electricity and the off-road diesel of its yard
forklift. Electricity follows production (parts machined), gas follows the heating degree-days.
2025 is the energy baseline. In 2026 a compressed-air leak campaign (March) cuts the electricity
of the air station, the boiler regulation (January) then the heat recovered from the compressors
(October) cut the boiler's gas: the EnPIs of 2026 show the savings against the 2025 baseline.
Invoices run from January 2025 to the last complete month; five savings levers (the boiler
regulation tuned in January 2026 is done), two of them turned into actions.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

SEED = 50001
# Heating degree-days (base 18 °C) of a typical year in the Allier, by month; demo values.
DEGREE_DAYS = (400, 345, 290, 200, 110, 40, 12, 18, 65, 175, 300, 385)
# Parts machined per month in a normal month (August: summer shutdown, December: holidays).
PARTS = (37_000, 38_500, 40_000, 38_000, 36_500, 39_000, 33_000, 16_000, 38_000, 40_500, 39_500, 30_000)
KG_PER_PART = Decimal("1.45")  # tonnes machined = parts × 1.45 kg


def _month_end(month: date) -> date:
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _months(today: date) -> list[date]:
    """January 2025 to the last complete month before ``today``."""
    months = []
    current = date(2025, 1, 1)
    while _month_end(current) < today:
        months.append(current)
        current = date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    return months


def seed_energy(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    """Create the energy records of the demo organisation; returns counts by kind."""
    from django.utils import timezone

    from qsse.energy import services
    from qsse.energy.choices import EnergyUse, IndicatorKind, LeverStatus, RecordKind, VariableKind
    from qsse.energy.models import EmissionFactor, EnergyCarrier
    from qsse.energy.reference_data import load_carriers

    load_carriers(EnergyCarrier, EmissionFactor)
    today = min(today, timezone.localdate())
    rng = random.Random(SEED)
    carriers = {carrier.code: carrier for carrier in EnergyCarrier.objects.all()}
    people = org.people
    manager = people["qsse_manager"]
    maintenance = people.get("maintenance", manager)
    mtl, mou = org.sites["MTL"], org.sites["MOU"]

    def meter(site, code, name, identifier="", use=EnergyUse.GENERAL, parent=None):
        return services.meter_create(
            user=user,
            site=site,
            carrier=carriers[code],
            name=name,
            identifier=identifier,
            use=use,
            parent=parent,
            responsible=maintenance,
        )

    elec = meter(mtl, "electricity", "Électricité – TGBT Montluçon", "PDL 30001440123456")
    machining = meter(mtl, "electricity", "Atelier d'usinage CNC", "SC-USI", EnergyUse.PROCESS, elec)
    air = meter(mtl, "electricity", "Station d'air comprimé", "SC-AIR", EnergyUse.COMPRESSED_AIR, elec)
    surface = meter(
        mtl, "electricity", "Ligne de traitement de surface", "SC-TS", EnergyUse.SURFACE_TREATMENT, elec
    )
    lighting = meter(mtl, "electricity", "Éclairage de l'atelier", "SC-ECL", EnergyUse.LIGHTING, elec)
    gas = meter(mtl, "natural_gas", "Gaz naturel – chaufferie Montluçon", "PCE GI064512", EnergyUse.HEATING)
    oven = meter(mtl, "natural_gas", "Étuve de séchage peinture", "SC-ETUVE", EnergyUse.OVENS, gas)
    elec_mou = meter(mou, "electricity", "Électricité – Moulins", "PDL 30001440654321")
    diesel = meter(mou, "diesel", "Gazole non routier – chariot de cour", "CUVE-GNR", EnergyUse.VEHICLES)

    parts = services.variable_create(
        user=user,
        site=mtl,
        name="Pièces usinées",
        unit="pièces",
        kind=VariableKind.PRODUCTION,
        source="ERP – déclarations de production",
        responsible=people.get("machining", manager),
    )
    tonnes = services.variable_create(
        user=user,
        site=mtl,
        name="Tonnes usinées",
        unit="t",
        kind=VariableKind.PRODUCTION,
        source="ERP – poids des pièces livrées",
        responsible=people.get("machining", manager),
    )
    dju = services.variable_create(
        user=user,
        site=mtl,
        name="DJU Montluçon",
        unit="DJU",
        kind=VariableKind.DEGREE_DAYS,
        source="Station Météo-France la plus proche, base 18 °C (valeurs de démonstration)",
        responsible=manager,
    )

    rows: list[dict[str, Any]] = []
    parts_values: dict[date, Decimal] = {}
    tonnes_values: dict[date, Decimal] = {}
    dju_values: dict[date, Decimal] = {}
    index = {air.pk: Decimal(412_350), machining.pk: Decimal(1_204_800), surface.pk: Decimal(655_020)}
    index.update({lighting.pk: Decimal(98_400), oven.pk: Decimal(2_310_500)})
    for month in _months(today):
        m = month.month - 1
        end = _month_end(month)
        later = month >= date(2026, 1, 1)
        n_parts = round(PARTS[m] * rng.uniform(0.93, 1.07) * (1.03 if later else 1.0))
        degree_days = round(DEGREE_DAYS[m] * rng.uniform(0.85, 1.15))
        parts_values[month] = Decimal(n_parts)
        tonnes_values[month] = (Decimal(n_parts) * KG_PER_PART / 1000).quantize(Decimal("0.1"))
        dju_values[month] = Decimal(degree_days)
        noise = rng.uniform(0.97, 1.03)
        # Electricity of Montluçon (kWh): sub-uses driven by production, lighting by the season.
        kwh_machining = (28_000 + Decimal("1.55") * n_parts) * Decimal(str(noise))
        kwh_air = (9_000 + Decimal("0.42") * n_parts) * Decimal(str(rng.uniform(0.97, 1.03)))
        if month >= date(2026, 3, 1):
            kwh_air *= Decimal("0.78")  # leaks repaired after the ultrasound campaign
        kwh_surface = (14_000 + Decimal("0.38") * n_parts) * Decimal(str(rng.uniform(0.97, 1.03)))
        kwh_lighting = Decimal(7_500 + 45 * DEGREE_DAYS[m] // 10)
        kwh_other = Decimal(20_000 + 12 * degree_days) * Decimal(str(rng.uniform(0.95, 1.05)))
        kwh_elec = kwh_machining + kwh_air + kwh_surface + kwh_lighting + kwh_other
        # Gas of Montluçon (kWh PCS): boiler follows the degree-days, the oven the production.
        per_dju = Decimal(262)
        if month >= date(2026, 10, 1):
            per_dju *= Decimal("0.83")  # heat recovered from the compressors, and the tuned regulation
        elif later:
            per_dju *= Decimal("0.94")  # boiler regulation tuned in January 2026 (night and weekend setback)
        pcs_oven = (6_000 + Decimal("0.55") * n_parts) * Decimal(str(rng.uniform(0.95, 1.05)))
        pcs_gas = pcs_oven + 12_000 + per_dju * degree_days * Decimal(str(rng.uniform(0.96, 1.04)))
        price_elec = Decimal("0.152") if not later else Decimal("0.141")
        price_gas = Decimal("0.072") if not later else Decimal("0.066")
        number = f"{month:%Y%m}"
        rows.append(
            {
                "meter": elec,
                "period_start": month,
                "period_end": end,
                "quantity": kwh_elec.quantize(Decimal(1)),
                "cost": (kwh_elec * price_elec + 1_850).quantize(Decimal("0.01")),
                "reference": f"EDF-MTL-{number}",
            }
        )
        rows.append(
            {
                "meter": gas,
                "period_start": month,
                "period_end": end,
                "quantity": pcs_gas.quantize(Decimal(1)),
                "cost": (pcs_gas * price_gas + 420).quantize(Decimal("0.01")),
                "reference": f"GAZ-MTL-{number}",
            }
        )
        for sub, kwh in (
            (machining, kwh_machining),
            (air, kwh_air),
            (surface, kwh_surface),
            (lighting, kwh_lighting),
            (oven, pcs_oven),
        ):
            start_index = index[sub.pk]
            index[sub.pk] = start_index + kwh.quantize(Decimal(1))
            rows.append(
                {
                    "meter": sub,
                    "kind": RecordKind.READING,
                    "period_start": month,
                    "period_end": end,
                    "index_start": start_index,
                    "index_end": index[sub.pk],
                }
            )
        kwh_mou = Decimal(17_500 + 14 * degree_days) * Decimal(str(rng.uniform(0.95, 1.05)))
        rows.append(
            {
                "meter": elec_mou,
                "period_start": month,
                "period_end": end,
                "quantity": kwh_mou.quantize(Decimal(1)),
                "cost": (kwh_mou * (price_elec + Decimal("0.01")) + 310).quantize(Decimal("0.01")),
                "reference": f"EDF-MOU-{number}",
            }
        )
        if month.month % 3 == 0:  # a delivery of diesel every quarter
            litres = Decimal(rng.choice((700, 750, 800)))
            rows.append(
                {
                    "meter": diesel,
                    "period_start": month,
                    "period_end": end,
                    "quantity": litres,
                    "cost": (litres * Decimal("1.32")).quantize(Decimal("0.01")),
                    "reference": f"GNR-{number}",
                }
            )
    services.variable_set_values(user=user, variable=parts, values=parts_values)
    services.variable_set_values(user=user, variable=tonnes, values=tonnes_values)
    services.variable_set_values(user=user, variable=dju, values=dju_values)
    records = services.consumption_bulk_create(user=user, rows=rows)

    baseline = {"baseline_start": date(2025, 1, 1), "baseline_end": date(2025, 12, 1)}
    indicators = [
        services.indicator_create(
            user=user,
            site=mtl,
            name="Électricité Montluçon par pièce usinée",
            variable=parts,
            carrier=carriers["electricity"],
            kind=IndicatorKind.REGRESSION,
            target_percent=Decimal(5),
            responsible=manager,
            **baseline,
        ),
        services.indicator_create(
            user=user,
            site=mtl,
            name="Gaz de chauffage Montluçon par DJU",
            variable=dju,
            carrier=carriers["natural_gas"],
            kind=IndicatorKind.REGRESSION,
            target_percent=Decimal(8),
            responsible=manager,
            **baseline,
        ),
        services.indicator_create(
            user=user,
            site=mtl,
            name="Énergie Montluçon par tonne usinée",
            variable=tonnes,
            kind=IndicatorKind.RATIO,
            target_percent=Decimal(3),
            responsible=manager,
            **baseline,
        ),
        services.indicator_create(
            user=user,
            site=mtl,
            name="Air comprimé par pièce usinée",
            variable=parts,
            carrier=carriers["electricity"],
            use=EnergyUse.COMPRESSED_AIR,
            kind=IndicatorKind.RATIO,
            target_percent=Decimal(15),
            responsible=maintenance,
            **baseline,
        ),
    ]

    levers = [
        services.lever_create(
            user=user,
            site=mtl,
            title="Campagne de détection des fuites d'air comprimé (ultrasons) et réparation",
            description="Audit de la station de compression (janvier 2026) : fuites estimées à 25 % du débit",
            carrier=carriers["electricity"],
            use=EnergyUse.COMPRESSED_AIR,
            estimated_kwh=Decimal(60_000),
            estimated_cost_saving=Decimal(8_500),
            investment=Decimal(4_200),
            responsible=maintenance,
        ),
        services.lever_create(
            user=user,
            site=mtl,
            title="Récupération de la chaleur des compresseurs pour le chauffage de l'atelier",
            description="Échangeur sur le circuit d'huile des compresseurs, raccordé au réseau de chauffage.",
            carrier=carriers["natural_gas"],
            use=EnergyUse.HEATING,
            estimated_kwh=Decimal(110_000),
            estimated_cost_saving=Decimal(7_300),
            investment=Decimal(32_000),
            responsible=maintenance,
        ),
        services.lever_create(
            user=user,
            site=mtl,
            title="Éclairage LED avec détection de présence dans l'atelier d'usinage",
            carrier=carriers["electricity"],
            use=EnergyUse.LIGHTING,
            estimated_kwh=Decimal(52_000),
            estimated_cost_saving=Decimal(7_300),
            investment=Decimal(46_000),
            responsible=maintenance,
        ),
        services.lever_create(
            user=user,
            site=mtl,
            title="Variateur de vitesse sur le compresseur n° 2",
            carrier=carriers["electricity"],
            use=EnergyUse.COMPRESSED_AIR,
            estimated_kwh=Decimal(38_000),
            estimated_cost_saving=Decimal(5_400),
            investment=Decimal(11_500),
            responsible=maintenance,
        ),
    ]
    levers.append(
        services.lever_create(
            user=user,
            site=mtl,
            title="Régulation de la chaufferie réglée (courbe de chauffe, réduits de nuit et week-end)",
            carrier=carriers["natural_gas"],
            use=EnergyUse.HEATING,
            estimated_kwh=Decimal(35_000),
            estimated_cost_saving=Decimal(2_300),
            investment=Decimal(900),
            status=LeverStatus.DONE,
            responsible=maintenance,
        )
    )
    for lever, due in ((levers[0], date(2026, 3, 31)), (levers[1], date(2026, 10, 15))):
        services.lever_create_action(user=user, lever=lever, owner=maintenance, due_on=max(due, today))
    services.lever_update(user=user, lever=levers[3], status=LeverStatus.PROPOSED)
    return {
        "energy meters": 9,
        "energy records": len(records),
        "energy indicators": len(indicators),
        "energy savings levers": len(levers),
    }
