"""Geometry for the dashboard's SVG charts, computed on the server.

Templates draw what these functions lay out. Every mark also carries its value as
text (and a pattern where colour would otherwise be the only cue), so the charts read
without colour and in either language; each chart has a table beside it.
"""

from django.utils import formats
from django.utils.translation import gettext as _

from frontend.learner.presenters import standing

CELL_W, CELL_H = 64, 34
LABEL_W, HEAD_H = 170, 130
NAME_CHARS, HEAD_CHARS = 22, 18


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def band(latest: int | None, target: int | None) -> str:
    """none (not assessed), far (two or more below), near (one below), met (at or above)."""
    if latest is None or target is None:
        return "none"
    if latest >= target:
        return "met"
    return "near" if target - latest == 1 else "far"


def legend() -> list[dict]:
    return [
        {"band": "met", "label": _("at or above target")},
        {"band": "near", "label": _("one level below target")},
        {"band": "far", "label": _("two or more levels below target")},
        {"band": "none", "label": _("not assessed or no target")},
    ]


def heatmap(dashboard: dict) -> dict:
    """Members (rows) x competencies (columns): latest level against the target."""
    competencies = dashboard["competencies"]
    columns = [
        {
            "x": LABEL_W + index * CELL_W + CELL_W // 2,
            "name": item["name"],
            "short": _short(item["name"], HEAD_CHARS),
        }
        for index, item in enumerate(competencies)
    ]
    rows = []
    for row, member in enumerate(dashboard["members"]):
        y = HEAD_H + row * CELL_H
        cells = []
        for index, item in enumerate(competencies):
            level = member["levels"][item["slug"]]
            latest, target = level["latest"], level["target"]
            cells.append(
                {
                    "x": LABEL_W + index * CELL_W,
                    "cx": LABEL_W + index * CELL_W + (CELL_W - 4) // 2,
                    "y": y,
                    "band": band(latest, target),
                    "standing": standing(latest, target),
                    "text": f"{latest if latest is not None else '–'}/{target or '–'}",
                    "title": _(
                        "%(name)s, %(competency)s: %(standing)s "
                        "(latest %(latest)s, target %(target)s)"
                    )
                    % {
                        "name": member["name"],
                        "competency": item["name"],
                        "standing": standing(latest, target),
                        "latest": latest if latest is not None else "–",
                        "target": target if target is not None else "–",
                    },
                }
            )
        rows.append(
            {
                "y": y,
                "text_y": y + CELL_H // 2 + 5,
                "name": member["name"],
                "short": _short(member["name"], NAME_CHARS),
                "cells": cells,
            }
        )
    return {
        # room on the right for the last column's slanted heading
        "width": LABEL_W + CELL_W * len(competencies) + 100,
        "height": HEAD_H + CELL_H * len(rows) + 8,
        "cell_w": CELL_W - 4,
        "cell_h": CELL_H - 4,
        "head_y": HEAD_H - 8,
        "label_x": LABEL_W - 8,
        "columns": columns,
        "rows": rows,
        "legend": legend(),
    }


TREND_W, TREND_H = 640, 240
PAD_L, PAD_R, PAD_T, PAD_B = 44, 12, 28, 44


def _week_label(day) -> str:
    return formats.date_format(day, "j.n.")


def trend(weeks: list[dict]) -> dict:
    """Two charts over the same weeks: active learners (bars) and average level (line)."""
    plot_w = TREND_W - PAD_L - PAD_R
    plot_h = TREND_H - PAD_T - PAD_B
    step = plot_w / max(len(weeks), 1)
    bottom = PAD_T + plot_h
    top_active = max([week["active_learners"] for week in weeks] + [1])

    bars, points = [], []
    for index, week in enumerate(weeks):
        centre = PAD_L + step * index + step / 2
        value = week["active_learners"]
        height = plot_h * value / top_active
        bars.append(
            {
                "x": round(centre - step * 0.35, 1),
                "y": round(bottom - height, 1),
                "width": round(step * 0.7, 1),
                "height": round(height, 1),
                "centre": round(centre, 1),
                "value": value,
                "label": _week_label(week["week_start"]),
            }
        )
        level = week["average_level"]
        if level is not None:
            points.append(
                {
                    "x": round(centre, 1),
                    "y": round(bottom - plot_h * (level - 1) / 4, 1),
                    "value": formats.number_format(level, 1),
                    "label": _week_label(week["week_start"]),
                }
            )
    level_grid = [
        {"y": round(bottom - plot_h * (level - 1) / 4, 1), "label": level} for level in range(1, 6)
    ]
    active_grid = [
        {"y": round(bottom - plot_h * value / top_active, 1), "label": value}
        for value in sorted({0, top_active // 2, top_active})
    ]
    busiest = max(weeks, key=lambda week: week["active_learners"]) if weeks else None
    levelled = [week for week in weeks if week["average_level"] is not None]
    return {
        "width": TREND_W,
        "height": TREND_H,
        "left": PAD_L,
        "right": TREND_W - PAD_R,
        "bottom": bottom,
        "label_y": bottom + 18,
        "axis_title_y": TREND_H - 6,
        "bars": bars,
        "points": points,
        "line": " ".join(f"{p['x']},{p['y']}" for p in points),
        "level_grid": level_grid,
        "active_grid": active_grid,
        "active_summary": _(
            "Most active week: %(week)s with %(count)s learners. Last week: %(last)s."
        )
        % {
            "week": _week_label(busiest["week_start"]),
            "count": busiest["active_learners"],
            "last": weeks[-1]["active_learners"],
        }
        if busiest
        else "",
        "level_summary": _("%(first)s in the week of %(start)s, %(last)s in the week of %(end)s")
        % {
            "first": formats.number_format(levelled[0]["average_level"], 1),
            "start": _week_label(levelled[0]["week_start"]),
            "last": formats.number_format(levelled[-1]["average_level"], 1),
            "end": _week_label(levelled[-1]["week_start"]),
        }
        if levelled
        else _("No assessments by coaches or managers in these weeks."),
    }
