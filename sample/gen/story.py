"""The scripted story of the demo practice: what makes the demo meeting worth having.

Other practices follow their profile with noise; the home practice follows these lines so that
the demo shows a mix of statuses against the thresholds in sample/chair.toml.
"""

from __future__ import annotations

import datetime as dt

# DNA % of all appointments: steady, creeping up in the autumn (AMBER in October 2026).
DNA_BY_MONTH = {dt.date(2026, 9, 1): 4.55, dt.date(2026, 10, 1): 4.8}

# Calls missed in queue %: a new phone rota in June 2026 and five months RED since.
MISSED_BY_MONTH = {
    dt.date(2026, 6, 1): 15.6,
    dt.date(2026, 7, 1): 16.9,
    dt.date(2026, 8, 1): 15.8,
    dt.date(2026, 9, 1): 17.6,
    dt.date(2026, 10, 1): 18.7,
}

# A partner retired at the end of June 2026 and was not replaced.
GP_FTE_DROP_FROM = dt.date(2026, 7, 1)
GP_FTE_AFTER = 5.2

# The social prescribing link worker went from 37.5 to 22.5 hours a week in September 2026; the ARRS
# claims still say 1.0 WTE: the demo's ARRS mismatch, in every claim month since.
SPLW_HOURS_CUT_FROM = dt.date(2026, 9, 1)
SPLW_HOURS = (37.5, 22.5)

# QOF 2025/26 indicators that ended the year short (achievement % at 31 March 2026).
QOF_BEHIND = {"AF008": 68.0, "CHOL003": 72.5, "VI003": 79.5, "DM021": 50.0}

# QOF 2026/27 in-year: since the partner retired, chronic-disease recalls run behind last year's
# pace, and three indicators are still below their lower threshold at the end of October.
QOF_IN_YEAR_PACE = 0.88
QOF_BELOW_LOWER_AT = dt.date(2026, 10, 31)
QOF_BELOW_LOWER = {"DM020": 31.0, "AF008": 64.0, "CHOL003": 66.0}

TODAY = dt.date(2026, 11, 26)
"""The demo's default meeting date."""
