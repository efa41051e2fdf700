from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rubric.diagnostic import (
    ScoreError,
    diagnose,
    format_mean,
    overall,
    overall_level,
    priorities,
    shift,
)
from rubric.loader import load_builtin

FW = load_builtin()
AREAS = FW.area_ids  # leadership, infrastructure, itt, cpd, s2ss

levels = st.integers(min_value=1, max_value=4)
full_scores = st.fixed_dictionaries(dict.fromkeys(AREAS, levels))
partial_scores = st.dictionaries(st.sampled_from(AREAS), levels)


def scores(*values: int) -> dict[str, int]:
    return dict(zip(AREAS, values, strict=False))


@pytest.mark.parametrize(
    ("values", "mean", "level", "label"),
    [
        ((1, 1, 1, 1, 1), "1.0", 1, "Emerging"),
        ((4, 4, 4, 4, 4), "4.0", 4, "Sustainable"),
        ((3, 3, 3, 3, 3), "3.0", 3, "Secure"),
        ((3, 3, 3, 3, 2), "2.8", 2, "Expanding"),  # 2.8 is not yet Secure
        ((4, 4, 4, 4, 3), "3.8", 3, "Secure"),
        ((1, 2, 3, 4, 4), "2.8", 2, "Expanding"),
        ((2, 2, 2, 2, 3), "2.2", 2, "Expanding"),
        ((4, 3, 3, 3, 2), "3.0", 3, "Secure"),
        ((1, 1, 1, 1, 2), "1.2", 1, "Emerging"),
        ((4, 4, 1, 1, 4), "2.8", 2, "Expanding"),
    ],
)
def test_overall_is_the_level_the_mean_rounds_down_to(values, mean, level, label):
    result = overall(FW, scores(*values))
    assert result is not None
    assert (result.mean_text, result.level, result.label) == (mean, level, label)


@pytest.mark.parametrize(
    ("rule", "values", "expected"),
    [
        ("floor", (3, 3, 3, 3, 2), 2),
        ("round", (3, 3, 3, 3, 2), 3),
        ("min", (3, 3, 3, 3, 2), 2),
        ("floor", (2, 2, 3, 3, 3), 2),
        ("round", (2, 2, 3, 3, 3), 3),  # 2.6
        ("round", (2, 2, 2, 3, 3), 2),  # 2.4
        ("round", (1, 2), 2),  # 1.5: halves go up
        ("round", (3, 4), 4),
        ("floor", (3, 4), 3),
        ("min", (4, 4, 4, 4, 1), 1),
    ],
)
def test_overall_rules(rule, values, expected):
    assert overall_level(rule, values) == expected


def test_rule_comes_from_the_framework_yaml():
    assert FW.diagnostic.overall_rule == "floor"
    rounding = FW.model_copy(
        update={"diagnostic": FW.diagnostic.model_copy(update={"overall_rule": "round"})}
    )
    assert overall(rounding, scores(3, 3, 3, 3, 2)).level == 3
    assert overall(FW, scores(3, 3, 3, 3, 2)).level == 2


def test_no_overall_until_every_area_is_judged():
    result = diagnose(FW, scores(3, 2, 4))
    assert result.overall is None
    assert [a.id for a in result.missing] == ["cpd", "s2ss"]
    assert result.missing_text == "Still to judge: CPD, S2SS"
    assert result.progress_text == "3 of 5 areas judged"
    assert [r.label for r in result.areas] == ["Secure", "Expanding", "Sustainable", None, None]


def test_empty_scores():
    result = diagnose(FW, {})
    assert result.overall is None
    assert result.judged_count == 0
    assert len(result.missing) == 5


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ({"leadership": 5}, "not a level"),
        ({"leadership": 0}, "not a level"),
        ({"leadership": -1}, "not a level"),
        ({"leadership": "3"}, "not a level"),
        ({"leadership": True}, "not a level"),
        ({"leadership": 2.0}, "not a level"),
        ({"governance": 2}, "not an area"),
        ({"ITT": 2}, "not an area"),  # ids, not display names
    ],
)
def test_bad_scores_are_refused_with_a_reason(bad, says):
    with pytest.raises(ScoreError, match=says):
        diagnose(FW, bad)
    with pytest.raises(ScoreError, match=says):
        priorities(FW, bad)


def test_priorities_lowest_first_ties_in_framework_order():
    result = priorities(
        FW,
        scores(3, 2, 2, 4, 1),
        {"infrastructure": "Budget tool", "s2ss": "Recruit SLEs"},
    )
    assert [p.area.id for p in result] == ["s2ss", "infrastructure", "itt", "leadership", "cpd"]
    assert result[0].key_actions == "Recruit SLEs"
    assert result[1].key_actions == "Budget tool"
    assert result[2].key_actions == ""
    assert result[0].label == "Emerging"


def test_priorities_skip_unjudged_areas():
    assert [p.area.id for p in priorities(FW, {"cpd": 2})] == ["cpd"]


@pytest.mark.parametrize(
    ("before", "after", "arrows"),
    [
        ((2, 2, 2, 2, 2), (3, 2, 1, 2, 4), "↑=↓=↑"),
        ((1, 1, 1), (1, 2, 1, 3, 4), "=↑=––"),
        ((), (), "–––––"),
    ],
)
def test_shift_arrows(before, after, arrows):
    result = shift(FW, scores(*before), scores(*after))
    assert "".join(a.arrow for a in result.areas) == arrows


def test_shift_overall_change():
    result = shift(FW, scores(2, 2, 2, 2, 2), scores(3, 3, 3, 3, 2))
    assert result.mean_change == Fraction(4, 5)
    assert format_mean(result.mean_change) == "0.8"
    assert result.level_change == 0  # 2.0 Expanding -> 2.8 still Expanding
    incomplete = shift(FW, scores(2, 2), scores(3, 3, 3, 3, 3))
    assert incomplete.mean_change is None
    assert incomplete.level_change is None


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(14, 5), "2.8"),
        (Fraction(-4, 5), "-0.8"),
        (Fraction(7, 3), "2.3"),
        (Fraction(5, 2), "2.5"),
        (Fraction(1, 20), "0.1"),
        (Fraction(-1, 20), "-0.1"),
    ],
)
def test_format_mean(value, text):
    assert format_mean(value) == text


# -- properties ---------------------------------------------------------------------------


@given(full_scores)
def test_floor_overall_never_exceeds_the_mean_and_is_within_one(values):
    result = overall(FW, values)
    assert result.level <= result.mean < result.level + 1
    assert min(values.values()) <= result.level <= max(values.values())


@given(full_scores)
def test_secure_overall_exactly_when_mean_at_least_three(values):
    result = overall(FW, values)
    assert (result.level >= 3) == (sum(values.values()) >= 15)


@given(st.sampled_from(["floor", "round", "min"]), st.lists(levels, min_size=1, max_size=12))
def test_every_rule_gives_a_level_between_min_and_max(rule, values):
    assert min(values) <= overall_level(rule, values) <= max(values)


@given(st.lists(levels, min_size=1, max_size=12))
def test_rules_are_ordered_min_floor_round(values):
    assert (
        overall_level("min", values)
        <= overall_level("floor", values)
        <= overall_level("round", values)
    )


@given(full_scores, st.sampled_from(AREAS))
def test_raising_one_area_never_lowers_the_overall(values, area_id):
    if values[area_id] == 4:
        return
    raised = {**values, area_id: values[area_id] + 1}
    assert overall(FW, raised).level >= overall(FW, values).level


@given(partial_scores)
def test_overall_exists_exactly_when_all_judged(values):
    result = diagnose(FW, values)
    assert (result.overall is None) == (len(values) < len(AREAS))
    assert result.judged_count + len(result.missing) == len(AREAS)


@given(partial_scores)
def test_priorities_are_a_sorted_permutation_of_judged_areas(values):
    result = priorities(FW, values)
    assert sorted(p.area.id for p in result) == sorted(values)
    assert [p.level for p in result] == sorted(p.level for p in result)
    for first, second in itertools.pairwise(result):
        if first.level == second.level:
            assert first.area.number < second.area.number


@given(full_scores, full_scores)
def test_shift_is_antisymmetric(a, b):
    forward, backward = shift(FW, a, b), shift(FW, b, a)
    assert forward.mean_change == -backward.mean_change
    flip = {"↑": "↓", "↓": "↑", "=": "="}
    assert [flip[s.arrow] for s in forward.areas] == [s.arrow for s in backward.areas]


@given(full_scores)
def test_mean_text_matches_the_exact_mean(values):
    result = overall(FW, values)
    assert math.isclose(float(result.mean_text), sum(values.values()) / 5, abs_tol=0.05)
