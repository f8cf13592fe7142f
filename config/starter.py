"""The starter chair.toml that `chair init` writes, with a small measures file so it checks clean."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

STARTER_MEASURE = "repeats-48h"
"""The metric name in the example measures file (the same as the starter metric's id)."""

STARTER_TOML = """\
# chair.toml: the configuration of Chair for one GP practice.
# Every setting is described in the configuration reference (README.md, or run
# `python -m config.reference`). Check this file and its data with `chair check`.
# Paths are relative to the folder this file is in.

[practice]
name = "Your Practice"          # as shown in headers and minutes
code = "A00000"                 # your ODS code: filters national files to this practice
list_size = 10000               # registered patients (per-1,000 rates, QOF estimates)
# pcn_code = "U00000"           # for peer context from national files
# icb_code = "00X"

# Everyone who chairs a meeting or owns an action. `login` is their user name on the server
# (the SSH login): it is how Chair knows who is at the keyboard.
[[people]]
id = "pm"
name = "Practice Manager"
role = "practice manager"
login = "{login}"
chair = true                    # may run meetings and approve minutes

# [[people]]
# id = "ol"
# name = "Operations Lead"
# role = "operations lead"
# login = "olead"

# What each status means here, and the response the practice has agreed (shown beside it).
# These are the defaults; change the words to your own.
[statuses.amber]
meaning = "Early concern"
response = "Noted; review at the next operational meeting"

[statuses.red]
meaning = "Material risk or worsening trend"
response = "Allocate owner and action"

[statuses.critical]
meaning = "Immediate concern"
response = "Escalate to partners / leadership"

# A meeting type: its agenda sections in order, each with a time box in minutes.
# Fixed sections: previous-minutes, matters-arising, escalations-in, aob.
[[meeting_types]]
id = "monthly-management"
title = "Monthly management meeting"
cadence = "monthly"             # daily, weekly, fortnightly, monthly, quarterly, ad hoc
minutes = 60
decide_at = "red"               # the lowest status that needs a decision: amber, red, critical
sections = [
  {{ fixed = "previous-minutes", minutes = 5 }},
  {{ fixed = "matters-arising", minutes = 10 }},
  {{ dashboard = "operations", minutes = 15 }},
  {{ fixed = "aob", minutes = 10 }},
]

# A dashboard answers one management question with a few metrics.
[[dashboards]]
id = "operations"
title = "Operations"
question = "Are we keeping up with the work that comes in?"
owner_role = "practice manager"
layer = "management"            # operational, management, strategic

# A metric: where its numbers come from, which way is better, and its thresholds.
[[metrics]]
id = "repeats-48h"
dashboard = "operations"
title = "Repeat prescriptions turned round in 48 hours"
source = "measures"
calculation = "measures.value"
params = {{ metric = "{measure}" }}
unit = "%"
period = "month"
better = "higher"               # higher, lower, or band (with target_low / target_high)
amber = 95.0                    # higher is better, so thresholds fall: amber >= red >= critical
red = 90.0
critical = 80.0
# stale_after_days = 62         # default: by the source format's publishing cadence

# Data sources: the files your practice already has, in their published formats.
# A generic long-format file (metric, period_end, value, note) for anything else:
[sources.measures]
format = "measures"
path = "data/measures.csv"

# [sources.appointments]
# format = "gpad"               # NHS England GP appointments data, practice-level crosstab
# path = "data/gpad/Practice_Level_Crosstab*.csv"
#
# [sources.telephony]
# format = "cbt"                # cloud-based telephony
# path = "data/cbt/*.csv"
#
# [sources.training]
# format = "training"           # tracker, CSV or .xlsx (sheet = "..." for a named sheet)
# path = "data/trackers/training.xlsx"
"""


def starter_toml(login: str) -> str:
    """The starter config, with `login` as the chair's login (the person running `chair init`)."""
    safe_login = login if login and login.replace("-", "").replace("_", "").isalnum() else "me"
    return STARTER_TOML.format(login=safe_login, measure=STARTER_MEASURE)


def starter_measures(today: dt.date) -> str:
    """An example measures file: the last six month-ends before today, so nothing is stale."""
    month_ends: list[dt.date] = []
    month_start = today.replace(day=1)
    for _ in range(6):
        month_end = month_start - dt.timedelta(days=1)
        month_ends.append(month_end)
        month_start = month_end.replace(day=1)
    values = [97.1, 96.4, 95.8, 96.9, 94.2, 93.7]
    lines = ["metric,period_end,value,note"]
    for month_end, value in zip(reversed(month_ends), values, strict=True):
        lines.append(f"{STARTER_MEASURE},{month_end.isoformat()},{value},example value")
    return "\n".join(lines) + "\n"


def write_starter(directory: Path, login: str, today: dt.date) -> list[Path]:
    """Write chair.toml (never overwriting) and data/measures.csv (if absent); return new files.

    Raises FileExistsError if chair.toml already exists.
    """
    directory.mkdir(parents=True, exist_ok=True)
    config_path = directory / "chair.toml"
    written = [config_path]
    _create(config_path, starter_toml(login))
    measures = directory / "data" / "measures.csv"
    measures.parent.mkdir(exist_ok=True)
    try:
        _create(measures, starter_measures(today))
        written.append(measures)
    except FileExistsError:
        pass  # the practice's own measures file: keep it
    return written


def _create(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
