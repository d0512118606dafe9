#!/usr/bin/env python3
"""Independent calculation of the golden values in tests/it/profile_golden.rs.

It reads the fixtures in this directory (and the built-in aia-mini questionnaire) and applies
each methodology as published, written directly from the method rather than from the crate's
profile documents, with exact fractions. Run: python3 tests/golden/profiles.py
"""
import json
from decimal import Decimal, ROUND_HALF_UP
from fractions import Fraction as F
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent.parent


def load(name):
    return json.loads((HERE / name).read_text())


def half_up(value, decimals):
    q = Decimal(1).scaleb(-decimals)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(q, rounding=ROUND_HALF_UP)


def mean(values):
    return sum(values, F(0)) / len(values)


def rdr():
    """Ranking Digital Rights: yes/partial/no/no disclosure = 100/50/0/0, N/A excluded; element
    means per unit; indicator = mean(corporate, mean of services) when both exist; total = mean
    over applicable indicators. p1-e3 is a reversed element."""
    points = {"yes": 100, "partial": 50, "no": 0, "no-disclosure": 0}
    reversed_points = {"yes": 0, "partial": 50, "no": 100, "no-disclosure": 0}
    reversed_elements = {"p1-e3"}
    assessment = load("rdr.assessment.json")
    indicators = {}
    for indicator, units in assessment["repeats"].items():
        unit_scores = {}
        for unit, answers in units.items():
            scores = []
            for element, response in answers.items():
                option = response["answer"]["option"]
                if option == "not-applicable":
                    continue
                table = reversed_points if element in reversed_elements else points
                scores.append(F(table[option]))
            if scores:
                unit_scores[unit] = mean(scores)
        corporate = unit_scores.get("group")
        services = [s for u, s in unit_scores.items() if u != "group"]
        if corporate is not None and services:
            indicators[indicator] = (corporate + mean(services)) / 2
        elif corporate is not None:
            indicators[indicator] = corporate
        elif services:
            indicators[indicator] = mean(services)
    total = mean(list(indicators.values()))
    for name, value in sorted(indicators.items()):
        print(f"rdr {name}: {value} = {float(value)!r}, shown {half_up(value, 0)}")
    print(f"rdr total: {total} = {float(total)!r}, shown {half_up(total, 0)}")


def chrb():
    """CHRB: theme score = points / max points * theme weight; total = sum, out of 100."""
    weights = {"a": 10, "b": 25, "c": 20, "d": 25, "e": 20}
    questionnaire = load("chrb-mini.questionnaire.json")
    answers = load("chrb.assessment.json")["responses"]
    total = F(0)
    for section in questionnaire["sections"]:
        theme = section["id"][0]
        earned = sum(F(answers[q["id"]]["answer"]["option"]) for q in section["questions"])
        maximum = 2 * len(section["questions"])
        score = earned / maximum * weights[theme]
        total += score
        print(f"chrb theme {theme}: {earned}/{maximum} -> {score} = {float(score)!r}")
    print(f"chrb total: {total} = {float(total)!r}, shown {half_up(total, 1)}")


def aia(name):
    """Canada AIA: raw = sum of risk points; max = sum of every risk question's best points,
    shown or not; mitigation >= 80% of half its maximum -> round(raw * 0.85) half-up; level by
    total <= 25% / 50% / 75% of max."""
    questionnaire = json.loads((ROOT / "src/questionnaire/data/aia-mini.json").read_text())
    responses = load(f"{name}.assessment.json")["responses"]
    answers = {k: v["answer"]["option"] for k, v in responses.items()}
    visible = {
        "vulnerable-share": answers.get("vulnerable-groups") == "yes",
    }
    stage = answers["stage"]
    raw = max_raw = mitigation = max_mitigation = 0
    for section in questionnaire["sections"]:
        for question in section["questions"]:
            qid = question["id"]
            options = {o["id"]: o.get("points", 0) for o in question["answer"]["options"]}
            best = max(options.values())
            shown = visible.get(qid, True)
            if qid.startswith("design-"):
                shown = stage == "design"
            if qid.startswith("impl-"):
                shown = stage == "implementation"
            earned = options[answers[qid]] if shown and qid in answers else 0
            if section["id"].startswith("risk-"):
                raw += earned
                max_raw += best
            elif section["id"].startswith("mitigation-"):
                mitigation += earned
                max_mitigation += best
    reached = F(mitigation) >= F(8, 10) * F(max_mitigation, 2)
    total = int(half_up(F(raw) * F(85, 100), 0)) if reached else raw
    if total <= F(max_raw) / 4:
        level = 1
    elif total <= F(max_raw) / 2:
        level = 2
    elif total <= F(max_raw) * 3 / 4:
        level = 3
    else:
        level = 4
    print(f"{name}: raw {raw}/{max_raw}, mitigation {mitigation}/{max_mitigation}, reached {reached}, "
          f"total {total}, share {F(total, max_raw)} = {float(F(total * 100, max_raw))!r}%, level {level}")


if __name__ == "__main__":
    rdr()
    chrb()
    aia("aia-met")
    aia("aia-missed")
