"""Property: whatever residents answer, the results PostgreSQL counts are the numbers computed by hand in Python
from the same generated responses: per question the responses that answered it, counts and shares per answer,
means, medians and extremes, a ranking's mean places, months of dates, marks per category; filtered by channel and
by one question's answer as well."""

import datetime as dt
import statistics
from collections import Counter

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo_participation.surveys.models import Channel
from geo_participation.surveys.selectors import ResultFilters, survey_results
from geo_participation.surveys.services import response_submit
from geo_participation.surveys.structure import survey_structure
from tests.factories import make_user
from tests.factories.surveys import make_survey, point

QUESTIONS = [
    {"key": "one", "kind": "single", "text": "Eins?", "options": ["a", "b", "c"]},
    {"key": "many", "kind": "multiple", "text": "Mehrere?", "max_choices": 2, "options": ["x", "y", "z"]},
    {"key": "scale", "kind": "scale", "text": "Skala?", "min_value": 1, "max_value": 5},
    {"key": "number", "kind": "number", "text": "Zahl?", "min_value": 0, "max_value": 1000},
    {"key": "yes", "kind": "yes_no", "text": "Ja?"},
    {"key": "rank", "kind": "ranking", "text": "Rang?", "max_choices": 3, "options": ["r", "s", "t"]},
    {"key": "date", "kind": "date", "text": "Wann?"},
    {"key": "map", "kind": "map", "text": "Wo?", "geometry_kind": "point", "max_choices": 3, "categories": "Bank\nBaum"},
]
PLACES = [(7.7670 + i * 0.0008, 49.4430 + i * 0.0004) for i in range(5)]

answer = st.fixed_dictionaries({}, optional={
    "one": st.sampled_from(["a", "b", "c"]),
    "many": st.lists(st.sampled_from(["x", "y", "z"]), min_size=1, max_size=2, unique=True),
    "scale": st.integers(1, 5),
    "number": st.one_of(st.integers(0, 1000), st.decimals(0, 1000, places=2, allow_nan=False)),
    "yes": st.booleans(),
    "rank": st.lists(st.sampled_from(["r", "s", "t"]), min_size=1, max_size=3, unique=True),
    "date": st.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31)),
    "map": st.lists(st.tuples(st.sampled_from(range(len(PLACES))), st.sampled_from(["Bank", "Baum"])), min_size=1, max_size=3),
})
responses = st.lists(st.tuples(answer, st.sampled_from([Channel.ONLINE, Channel.PAPER])), max_size=12)


def values_of(survey, given: dict) -> dict:
    q, o = survey.q, survey.o
    values = {}
    for key, value in given.items():
        if key in ("one",):
            values[q[key].pk] = o[key][value]
        elif key in ("many", "rank"):
            values[q[key].pk] = [o[key][v] for v in value]
        elif key == "date":
            values[q[key].pk] = value.isoformat()
        elif key == "map":
            values[q[key].pk] = [{"geometry": point(PLACES[i]), "category": c} for i, c in value]
        elif key == "number":
            values[q[key].pk] = float(value) if not isinstance(value, int) else value
        else:
            values[q[key].pk] = value
    return values


def percent(n, base):
    return round(100 * n / base, 1) if base else 0.0


def expected(rows: list[dict]) -> dict:
    """The results computed by hand from the generated answers."""
    answered = {key: sum(key in row for row in rows) for key, *_ in [(q["key"],) for q in QUESTIONS]}
    out = {"total": len(rows), "answered": answered}
    out["one"] = {v: sum(row.get("one") == v for row in rows) for v in "abc"}
    out["many"] = {v: sum(v in row.get("many", []) for row in rows) for v in "xyz"}
    out["scale"] = {v: sum(row.get("scale") == v for row in rows) for v in range(1, 6)}
    scales = [row["scale"] for row in rows if "scale" in row]
    out["scale_mean"] = statistics.mean(scales) if scales else None
    out["scale_median"] = statistics.median(scales) if scales else None
    numbers = [float(row["number"]) for row in rows if "number" in row]
    out["number"] = (statistics.mean(numbers), statistics.median(numbers), min(numbers), max(numbers)) if numbers else None
    out["yes"] = (sum(row.get("yes") is True for row in rows), sum(row.get("yes") is False for row in rows))
    places = {v: [row["rank"].index(v) + 1 for row in rows if v in row.get("rank", [])] for v in "rst"}
    out["rank"] = {v: (len(p), statistics.mean(p) if p else None, p.count(1)) for v, p in places.items()}
    out["months"] = Counter((row["date"].year, row["date"].month) for row in rows if "date" in row)
    out["marks"] = Counter(category for row in rows for _i, category in row.get("map", []))
    return out


def check(results, rows):
    want = expected(rows)
    by_key = {r.question.text: r for r in results.questions}
    get = {q["key"]: by_key[q["text"]] for q in QUESTIONS}
    assert results.total == want["total"]
    for key, n in want["answered"].items():
        assert get[key].answered == n, key
    for key in ("one", "many"):
        assert {row.label: (row.count, row.percent) for row in get[key].rows} == {
            v: (n, percent(n, want["answered"][key])) for v, n in want[key].items()}
    assert [row.count for row in get["scale"].rows] == [want["scale"][v] for v in range(1, 6)]
    assert get["scale"].mean == pytest.approx(want["scale_mean"]) and get["scale"].median == pytest.approx(want["scale_median"])
    if want["number"]:
        mean, median, low, high = want["number"]
        assert (get["number"].mean, get["number"].median) == (pytest.approx(mean), pytest.approx(median))
        assert (float(get["number"].minimum), float(get["number"].maximum)) == (pytest.approx(low), pytest.approx(high))
        assert sum(row.count for row in get["number"].rows) == want["answered"]["number"]
    else:
        assert get["number"].mean is None and get["number"].rows == []
    assert [row.count for row in get["yes"].rows] == list(want["yes"])
    ranking = {row.label: (row.count, row.mean_position, row.firsts) for row in get["rank"].rows}
    for option, (n, mean, firsts) in want["rank"].items():
        assert ranking[option][0] == n and ranking[option][2] == firsts
        assert ranking[option][1] == (pytest.approx(mean) if mean is not None else None)
    means = [row.mean_position for row in get["rank"].rows if row.mean_position is not None]
    assert means == sorted(means)  # best (lowest mean place) first
    assert sum(row.count for row in get["date"].rows) == sum(want["months"].values())
    assert len(get["date"].rows) == len(want["months"])
    assert {row.label: row.count for row in get["map"].rows} == {c: want["marks"].get(c, 0) for c in ("Bank", "Baum")}
    assert get["map"].marks == sum(want["marks"].values())


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(generated=responses)
def test_the_results_are_the_numbers_counted_by_hand(generated):
    with transaction.atomic():
        survey = make_survey(questions=QUESTIONS)
        structure = survey_structure(survey)
        staff = make_user()
        for given_values, channel in generated:
            response_submit(survey=survey, values=values_of(survey, given_values), channel=channel, structure=structure,
                            **({"respondent": make_user()} if channel == Channel.ONLINE else {"entered_by": staff}))
        check(survey_results(structure), [row for row, _c in generated])
        check(survey_results(structure, ResultFilters(channel=Channel.PAPER)),
              [row for row, channel in generated if channel == Channel.PAPER])
        one = structure.by_id[survey.q["one"].pk]
        check(survey_results(structure, ResultFilters(question=one, value=str(survey.o["one"]["b"]))),
              [row for row, _c in generated if row.get("one") == "b"])
        many = structure.by_id[survey.q["many"].pk]
        check(survey_results(structure, ResultFilters(question=many, value=str(survey.o["many"]["y"]))),
              [row for row, _c in generated if "y" in row.get("many", [])])
        transaction.set_rollback(True)
