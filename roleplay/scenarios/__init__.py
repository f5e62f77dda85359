"""Scenarios and rubrics: what editors write in Wagtail for every kind of session.

The snippets themselves are models in ``roleplay.models`` (one app label, no
migration moves); their admin is ``roleplay.wagtail_hooks``. Here: the solo practice
script a scenario carries (``script``), the behaviours a reply can show
(``intents``) and the reads of scenarios and rubrics (``selectors``).
"""
