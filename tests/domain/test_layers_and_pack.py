"""The three layers (domain.layers), the six parts filled from readings (domain.experience),
and the assurance pack rendered from plain records (domain.assurance_text)."""

from __future__ import annotations

import datetime as dt

from domain.assurance import AssuranceInput, ChainHeadLine, DashboardPack, Review, did_it_work
from domain.assurance_text import render_assurance
from domain.experience import experience_start, readings_text
from domain.html import markdown_to_html, title_of
from domain.in_full import SuccessMeasure
from domain.keys import SectionKey
from domain.layers import layer_flag, layer_mix, main_layer, mix_text
from domain.minutes_input import MetricRow
from domain.readings import Reading
from domain.records import Action, ActionStatus, Decision, DecisionKind, Snapshot
from domain.status import Status, Thresholds
from tests.domain.markdown_rows import split_row

DAY = dt.date(2026, 11, 1)
LATER = dt.date(2026, 11, 29)


def test_a_meeting_serves_the_layer_most_of_its_metrics_serve() -> None:
    assert main_layer(["operational", "operational", "strategic"]) == "operational"
    assert main_layer(["operational", "strategic"]) == "strategic"  # a tie: the higher layer
    assert main_layer(["operational", "management"]) == "management"
    assert main_layer([]) == "management"
    mix = layer_mix(["strategic", "operational", "operational", "operational"])
    assert mix_text(mix) == "operational 3, strategic 1"
    assert "daily operational noise" in layer_flag("strategic", mix)
    assert layer_flag("operational", mix) == ""
    strategic = layer_mix(["strategic"] * 3 + ["operational"] * 4)
    assert "too slow-moving to act on this week" in layer_flag("operational", strategic)
    assert layer_flag(None, strategic) == ""


def reading(metric_id: str, title: str, value: float, status: Status, streak: int = 0) -> Reading:
    return Reading(
        metric_id=metric_id,
        title=title,
        unit="%",
        precision=1,
        value=value,
        status=status,
        thresholds=Thresholds("lower", amber=10, red=15, critical=25),
        streak=streak,
    )


def test_the_first_two_parts_come_from_the_readings() -> None:
    survey = reading("gpps", "GPPS good overall", 69.0, Status.AMBER)
    fft = reading("fft", "FFT positive", 85.5, Status.GREEN)
    calls = reading("missed", "Calls missed in queue", 18.7, Status.RED, 5)
    dna = reading("dna", "DNA rate", 3.0, Status.GREEN)
    parts = experience_start([survey, fft], [dna, calls])
    assert parts.patients_say == "GPPS good overall 69.0% (AMBER); FFT positive 85.5% (GREEN)"
    assert parts.data_shows == "Calls missed in queue 18.7% (RED, 5 periods); 1 other GREEN"
    assert readings_text([dna]) == "all GREEN"
    assert parts.missing()[0] == "What is within our control"


def pack() -> AssuranceInput:
    snap = Snapshot("missed", "Calls missed in queue", 18.7, "18.7%", "RED", "red ≥ 15", DAY, 5)
    act = Decision(
        7,
        SectionKey.of_dashboard("telephony"),
        DecisionKind.ACT,
        "missed",
        title="Calls missed in queue",
        reason="Queue over 15% at 08:00",
        snapshot=snap,
        cause="Callers queue on one line | while a second is free",
        risk_areas=("patient safety",),
        risk="urgent calls not answered",
        success=SuccessMeasure("missed", "below 15%", LATER),
    )
    escalate = Decision(
        8,
        SectionKey.of_dashboard("telephony"),
        DecisionKind.ESCALATE,
        "missed",
        title="Calls missed in queue",
        escalate_to="partners",
        escalation_owner_id="ao",
        snapshot=snap,
    )
    query = Decision(
        9, SectionKey.of_dashboard("telephony"), DecisionKind.QUERY_DATA, "peak", title="Peak"
    )
    rows = (MetricRow("missed", "Calls missed in queue", "18.7%", "RED", (12.0, 18.7), DAY, 5),)
    later_rows = (
        MetricRow("missed", "Calls missed in queue", "9.1%", "GREEN", (18.7, 9.1), LATER),
        MetricRow("peak", "Peak share", "—", "CHECK DATA", note="a cut file"),
    )
    line = Action(
        3,
        "Add a second phone line",
        "jm",
        LATER,
        status=ActionStatus.DONE,
        decision_id=7,
        metric_id="missed",
        evidence="Line live since 16 November",
    )
    telephony = DashboardPack(
        id="telephony",
        title="Telephony",
        question="Can patients get through?",
        owner_role="operations lead",
        owners=("Jo Morgan",),
        layer="operational",
        reviews=(
            Review(
                1,
                DAY,
                "Weekly operations meeting",
                "Sam Patel",
                ("Sam Patel", "Jo Morgan"),
                ("Tom Baker",),
                "approved",
                rows,
                (act, escalate),
            ),
            Review(
                2,
                LATER,
                "Weekly operations meeting",
                "Sam Patel",
                ("Sam Patel",),
                (),
                "draft",
                later_rows,
                (query,),
            ),
        ),
        actions=(line,),
    )
    idle = DashboardPack(
        "qof", "QOF", "Where is QOF income recoverable?", "data lead", (), "strategic"
    )
    return AssuranceInput(
        practice_name="Riverside Surgery",
        start=DAY,
        end=LATER,
        drawn_on=LATER,
        dashboards=(telephony, idle),
        chain_heads=(ChainHeadLine("audit_log", 12, "ab" * 32),),
        people={"jm": "Jo Morgan", "ao": "Dr Ada Okafor"},
        destinations={"partners": "Partners meeting"},
        metric_titles={"missed": "Calls missed in queue"},
    )  # fmt: skip


def test_the_pack_reads_cold_per_dashboard() -> None:
    text = render_assurance(pack())
    assert text.startswith("# Assurance pack: Riverside Surgery")
    assert "- **Period:** 2026-11-01 to 2026-11-29" in text
    summary = text.split("## Summary", 1)[1].split("##", 1)[0].strip().splitlines()
    assert split_row(summary[2]) == [
        "Telephony", "operational", "operations lead (Jo Morgan)", "2", "3",
        "0 open, 1 done", "1", "0",
    ]  # fmt: skip
    assert "| 2026-11-01 | Weekly operations meeting | Sam Patel | Sam Patel, Jo Morgan |" in text
    assert "- Cause: Callers queue on one line \\| while a second is free" in text
    assert "- Risk: patient safety: urgent calls not answered" in text
    assert "RED 18.7% → GREEN 9.1% (2026-11-29); aim: below 15% by 2026-11-29" in text
    assert "| Calls missed in queue | Partners meeting | Dr Ada Okafor | not yet taken up |" in text
    assert "| 2026-11-29 | Peak share | CHECK DATA | a cut file |" in text
    assert "| 2026-11-29 | Peak | query data | — |" in text
    assert "None: no metric was RED or CRITICAL at its latest review." in text
    assert "No meeting reviewed this dashboard in the period." in text
    assert f"| audit\\_log | 12 | {'ab' * 32} |" in text


def test_did_it_work_without_a_later_review() -> None:
    p = pack()
    telephony = p.dashboards[0]
    action = telephony.actions[0]
    assert did_it_work(action, telephony.__class__(**{**telephony.__dict__, "reviews": ()}),
                       None) == "not recorded → not reviewed since"  # fmt: skip


def test_the_html_is_a_whole_printable_document_with_the_tables() -> None:
    markdown = render_assurance(pack())
    page = markdown_to_html(markdown, title_of(markdown))
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Assurance pack: Riverside Surgery</title>" in page
    separators = [line for line in markdown.splitlines() if line.startswith("| ---")]
    assert page.count("<table>") == len(separators) == 8
    assert "@media print" in page
    assert "<td>Callers queue on one line | while a second is free</td>" not in page  # a cell
    assert "Callers queue on one line | while a second is free" in page
    hostile = markdown_to_html("| a |\n| --- |\n| \\<script\\>x \\&amp; |\n", "t")
    assert "<script>" not in hostile and "&lt;script&gt;" in hostile
