"""PCN-scale worlds for benchmarks: a PCN of N practices inside national-format files that
also hold many practices outside it (so that filtering matters), plus a chair.toml for them."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

from sample.gen.common import Practice, World, add_months

PCN = ("U99001", "RIVERSIDE & VALE PCN (FICTIONAL)")
LAST_MONTH = dt.date(2026, 10, 1)
SAMPLE_CONFIG = Path(__file__).resolve().parent.parent / "chair.toml"


def _profile(r: random.Random) -> dict[str, float]:
    return {
        "dna": r.uniform(3.0, 6.0), "missed": r.uniform(5.0, 18.0), "gp_fte": r.uniform(0.45, 0.7),
        "good": r.uniform(0.6, 0.9), "qof": r.uniform(0.85, 0.98),
        "appts_per_patient": r.uniform(0.38, 0.55),
    }  # fmt: skip


def pcn_world(practices: int, years: int, national_extra: int, seed: str = "pcn-bench") -> World:
    r = random.Random(seed)
    members = [
        Practice(f"X99{i:03d}", f"EXAMPLE PCN PRACTICE {i:02d} (FICTIONAL)",
                 r.randrange(4000, 18000), *PCN, profile=_profile(r))
        for i in range(1, practices + 1)
    ]  # fmt: skip
    others = []
    for i in range(national_extra):
        sub_icb = f"{90 + i % 9:02d}X" if i % 9 else "99X"
        pcn = f"U{90000 + i // 6:05d}"
        others.append(
            Practice(
                f"Y9{i:04d}", f"EXAMPLE NATIONAL PRACTICE {i:04d} (FICTIONAL)",
                r.randrange(2500, 25000), pcn, f"EXAMPLE PCN {pcn} (FICTIONAL)",
                sub_icb_code=sub_icb, sub_icb_name=f"NHS EXAMPLE ICB (FICTIONAL) - {sub_icb}",
                supplier=r.choice(("EMIS", "EMIS", "TPP", "VISION")), profile=_profile(r),
            )
        )  # fmt: skip
    return World(
        practices=tuple(members + others),
        first_month=add_months(LAST_MONTH, -12 * years + 1),
        last_month=LAST_MONTH,
        seed=seed,
        home=members[0].code,
        story=False,
    )


def write_config(world: World, practices: int, path: Path) -> Path:
    """The sample chair.toml with `[[practices]]` for the PCN's practices instead of `[practice]`."""
    blocks = []
    for p in world.practices[:practices]:
        blocks.append(
            f'[[practices]]\nname = "Example PCN Practice {p.code[-2:]} (fictional)"\n'
            f'code = "{p.code}"\nlist_size = {p.list_size}\npcn_code = "{p.pcn_code}"\n'
            f'icb_code = "{p.sub_icb_code}"\n'
        )
    text = SAMPLE_CONFIG.read_text(encoding="utf-8")
    text = re.sub(r"\[practice\]\n(?:[^\n]+\n)+", lambda _: "\n".join(blocks), text, count=1)
    text = text.replace(
        "# Chair configuration for Riverside Surgery",
        "# Chair configuration for a PCN benchmark",
        1,
    )
    text = text.replace("\n[[dashboards]]", PCN_MEETING + "\n[[dashboards]]", 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


PCN_MEETING = """
[[meeting_types]]
id = "pcn-board"
title = "PCN board"
cadence = "monthly"
minutes = 90
decide_at = "amber"   # a PCN board looks at early concerns across its practices
scope = "pcn"   # one meeting for the PCN: member practices side by side, the PCN median decides
sections = [
  { fixed = "previous-minutes", minutes = 5 },
  { fixed = "matters-arising", minutes = 10 },
  { dashboard = "access", minutes = 15 },
  { dashboard = "telephony", minutes = 15 },
  { dashboard = "workforce", minutes = 15 },
  { dashboard = "experience", minutes = 10 },
  { fixed = "aob", minutes = 5 },
]
"""
