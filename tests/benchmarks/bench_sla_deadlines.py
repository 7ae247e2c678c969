# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""10,000 deadline computations on a calendar with public holidays, mixed
units and amounts, schedule building included.

Run by setup/bench in an Odoo shell (``env`` is given); prints BENCH lines and
rolls everything back.
"""

import random
import time
from datetime import datetime, timedelta

N = 10_000
CLOCKS = [
    (1, "working_days"),
    (10, "working_days"),
    (8, "working_hours"),
    (30, "calendar_days"),
    (2, "calendar_months"),
    (15, "calendar_days"),
]


def bench():
    calendar = env["resource.calendar"].create(  # noqa: F821 (Odoo shell)
        {
            "name": "Bench office hours",
            "tz": "Europe/Paris",
            "attendance_ids": [
                (
                    0,
                    0,
                    {
                        "name": f"{d}-{a}",
                        "dayofweek": str(d),
                        "hour_from": a,
                        "hour_to": b,
                        "day_period": p,
                    },
                )
                for d in range(5)
                for a, b, p in ((9, 12, "morning"), (13, 17, "afternoon"))
            ],
        }
    )
    for year in (2026, 2027):
        calendar._import_public_holidays("FR", year)
    rng = random.Random(42)
    start = datetime(2026, 1, 5, 8, 0)
    received = [
        start + timedelta(minutes=rng.randrange(0, 300 * 24 * 60)) for _ in range(N)
    ]
    clocks = [CLOCKS[i % len(CLOCKS)] for i in range(N)]

    began = time.perf_counter()
    schedule = calendar._reclamation_schedule(
        min(received) - timedelta(days=2), max(received) + timedelta(days=200)
    )
    built = time.perf_counter()
    deadlines = [
        schedule.deadline(moment, amount, unit)
        for moment, (amount, unit) in zip(received, clocks, strict=True)
    ]
    done = time.perf_counter()
    assert all(d > r for d, r in zip(deadlines, received, strict=True))
    print(f"BENCH sla_deadlines_10k_s {done - began:.3f} s")
    print(f"BENCH sla_schedule_build_ms {(built - began) * 1000:.1f} ms")
    print(f"BENCH sla_deadline_us_each {(done - built) * 1e6 / N:.1f} us")


try:
    bench()
finally:
    env.cr.rollback()  # noqa: F821
