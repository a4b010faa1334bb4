"""KPI import from CSV and workbook sheets: every row either imports or says why not, and the plan is the change."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from app import i18n
from app.insight.kpi_import import KpiFileError, csv_rows, parse_date, parse_number, plan_import, read_rows
from app.model import Kpis, load_map
from app.operations import changes as ch
from tests.conftest import SAMPLES

GOOD = """phase,metric,value,target,persona,date
Awareness,NPS,32,40,,2026-09-30
consideration,NPS,35,40,,
Purchase,Conversion %,2.5,3,Lena,30.09.2026
"""


@pytest.fixture
def fitness():
    return load_map(SAMPLES / "fitness-watch.json")


def test_good_rows_become_values_and_new_metrics_with_phases_by_id_or_name(fitness):
    plan = plan_import(fitness, csv_rows(GOOD))
    assert [o.action for o in plan.outcomes] == ["new", "new", "new"]
    assert [o.row for o in plan.outcomes] == [2, 3, 4]
    assert [(m.name, m.unit) for m in plan.new_metrics] == [("NPS", ""), ("Conversion", "%")]
    values = {(v.metric, v.phase, v.persona): v for v in plan.table.values}
    nps = values[("nps", "awareness", None)]
    assert (nps.value, nps.target, nps.date) == (32, 40, dt.date(2026, 9, 30))
    assert values[("nps", "consideration", None)].date is None
    conversion = values[("conversion", "purchase", "beginner")]
    assert (conversion.value, conversion.target, conversion.date) == (2.5, 3, dt.date(2026, 9, 30))
    assert fitness.kpis is None, "planning changes nothing"


@pytest.mark.parametrize(("row", "words"), [
    ("Onboarding,NPS,1,2", "no phase “Onboarding”"),
    ("Awareness,NPS,abc,2", "value: “abc” is not a number"),
    ("Awareness,NPS,1,x2", "target: “x2” is not a number"),
    ("Awareness,NPS,,", "needs a value or a target"),
    (",NPS,1,2", "needs a phase and a metric"),
    ("Awareness,NPS,1,2,Nobody", "no persona “Nobody”"),
    ("Awareness,NPS,1,2,,yesterday", "“yesterday” is not a date"),
])
def test_a_bad_row_is_left_out_with_its_row_number_and_the_reason_and_the_good_rows_still_import(fitness, row, words):
    plan = plan_import(fitness, csv_rows(f"phase,metric,value,target,persona,date\n{row}\nRetention,NPS,50,45\n"))
    assert [(o.row, o.action) for o in plan.outcomes] == [(2, "error"), (3, "new")]
    assert words in plan.outcomes[0].problem
    assert [(v.phase, v.value) for v in plan.table.values] == [("retention", 50)]
    assert plan.errors == [plan.outcomes[0]] and plan.changes == [plan.outcomes[1]]


def test_a_duplicate_row_names_the_first(fitness):
    plan = plan_import(fitness, csv_rows(GOOD + "awareness,nps,99,1\n"))
    assert plan.outcomes[-1].action == "error"
    assert "row 2" in plan.outcomes[-1].problem
    assert next(v for v in plan.table.values if v.phase == "awareness").value == 32


def test_an_ambiguous_persona_prefix_lists_the_candidates(fitness):
    fitness.personas[1].name = "Lenard, second runner"
    plan = plan_import(fitness, csv_rows("Awareness,NPS,1,2,Len\n"))
    assert "Lena, beginner runner" in plan.outcomes[0].problem and "Lenard" in plan.outcomes[0].problem


def test_a_second_import_says_what_changes_and_keeps_what_the_file_does_not_name(fitness):
    fitness.kpis = plan_import(fitness, csv_rows(GOOD)).table
    again = plan_import(fitness, csv_rows("phase,metric,value,target\nAwareness,NPS,32,40\nconsideration,nps,38,40\n"))
    awareness, consideration = again.outcomes
    assert awareness.action == "changed"  # the date the file leaves empty is cleared
    assert consideration.action == "changed" and (consideration.old.value, consideration.new.value) == (35, 38)
    assert len(again.table.values) == 3 and not again.new_metrics


def test_an_unchanged_row_is_said_so(fitness):
    fitness.kpis = plan_import(fitness, csv_rows(GOOD)).table
    again = plan_import(fitness, csv_rows("Awareness,NPS,32,40,,2026-09-30\n"))
    assert [o.action for o in again.outcomes] == ["unchanged"]
    assert again.table == fitness.kpis


def test_the_plan_is_exactly_what_one_undoable_change_applies(fitness):
    plan = plan_import(fitness, csv_rows(GOOD + "Nowhere,NPS,1,1\n"))
    inverse = ch.apply_checked(fitness, ch.SetFields(target="map", values={"kpis": plan.table}))
    assert fitness.kpis == plan.table
    assert {(v.metric, v.phase) for v in fitness.kpis.values} == {
        (o.new.metric, o.new.phase) for o in plan.changes}
    ch.apply_checked(fitness, inverse)
    assert fitness.kpis is None


@pytest.mark.parametrize(("text", "number"), [
    ("32", 32), ("40.5", 40.5), ("40,5", 40.5), ("1.250,5", 1250.5), ("1,250.5", 1250.5), ("12 %", 12),
    ("€ 80", 80), ("-3", -3), ("\u22123", -3), (7, 7), (2.0, 2), (2.25, 2.25), (None, None),
])
def test_numbers_are_read_as_people_write_them(text, number):
    assert parse_number(text) == number
    assert type(parse_number(text)) is type(number)


@pytest.mark.parametrize("text", ["abc", "1.2.3", "nan", "inf", float("nan"), True, "1e5x"])
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize("text", ["2026-09-30", "30.09.2026", "30/09/2026", dt.datetime(2026, 9, 30, 12)])
def test_dates_are_read_in_the_usual_forms(text):
    assert parse_date(text) == dt.date(2026, 9, 30)


def test_a_german_semicolon_file_with_german_headers_reads(fitness, tmp_path):
    path = tmp_path / "kpis.csv"
    path.write_bytes("Phase;Kennzahl;Wert;Ziel\nKaufentscheidung;NPS;\"81,5\";85\nPurchase;NPS;81,5;85\n"
                     .encode("cp1252"))
    plan = plan_import(fitness, read_rows(path))
    assert [o.action for o in plan.outcomes] == ["error", "new"]
    assert plan.table.values[0].value == 81.5


def test_a_workbook_sheet_called_kpis_is_read_with_its_numbers_and_dates(fitness, tmp_path):
    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["nothing here"])
    sheet = book.create_sheet("KPIs")
    sheet.append(["Metric", "Phase", "Target", "Value", "Date"])
    sheet.append(["NPS", "Retention", 40, 41.0, dt.datetime(2026, 9, 30)])
    book.save(tmp_path / "kpis.xlsx")
    plan = plan_import(fitness, read_rows(tmp_path / "kpis.xlsx"))
    value = plan.table.values[0]
    assert (value.phase, value.value, value.target, value.date) == ("retention", 41, 40, dt.date(2026, 9, 30))
    assert type(value.value) is int


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00garbage\x81\x8d"])
def test_a_file_that_is_no_kpi_file_is_refused_in_words(fitness, tmp_path, content):
    path = tmp_path / "kpis.csv"
    path.write_bytes(content)
    with pytest.raises(KpiFileError):
        plan_import(fitness, read_rows(path))


def test_a_broken_workbook_and_a_folder_are_refused_in_words(tmp_path):
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(KpiFileError, match="not an Excel workbook"):
        read_rows(tmp_path / "broken.xlsx")
    with pytest.raises(KpiFileError):
        read_rows(tmp_path)


def test_errors_speak_german(fitness):
    i18n.set_language("de")
    try:
        plan = plan_import(fitness, csv_rows("Onboarding,NPS,1,2\nAwareness,NPS,x,2\n"))
    finally:
        i18n.set_language("en")
    assert "keine Phase" in plan.outcomes[0].problem
    assert "keine Zahl" in plan.outcomes[1].problem


def test_kpis_from_the_plan_validate_as_a_table(fitness):
    plan = plan_import(fitness, csv_rows(GOOD))
    assert Kpis.model_validate(plan.table.model_dump()) == plan.table


@pytest.mark.parametrize(("word", "name", "unit"), [
    ("CSAT %", "CSAT", "%"), ("CLV (€)", "CLV", "€"), ("Conversion rate%", "Conversion rate", "%"),
    ("NPS", "NPS", ""), ("Reach (k visitors)", "Reach (k visitors)", ""),
])
def test_a_unit_at_the_end_of_a_new_metric_becomes_its_unit_and_names_it_again(fitness, word, name, unit):
    plan = plan_import(fitness, csv_rows(f"Awareness,{word},1,2\n"))
    assert [(m.name, m.unit) for m in plan.new_metrics] == [(name, unit)]
    fitness.kpis = plan.table
    again = plan_import(fitness, csv_rows(f"Awareness,{word},1,2\nConsideration,{word.lower()},3,4\n"))
    assert not again.new_metrics and [o.action for o in again.outcomes] == ["unchanged", "new"]


@pytest.mark.parametrize(("word", "direction"), [
    ("Churn %", "lower"), ("Cost per lead (€)", "lower"), ("Wartezeit", "lower"), ("Retourenquote %", "lower"),
    ("NPS", "higher"), ("Conversion rate %", "higher"), ("CSAT %", "higher"),
])
def test_a_new_metric_is_better_lower_when_its_name_says_churn_costs_or_waiting(fitness, word, direction):
    plan = plan_import(fitness, csv_rows(f"Awareness,{word},1,2\n"))
    assert plan.new_metrics[0].direction == direction
