"""The restaurant grading case (富丽华·华膳楼酒店): monthly attendance -> per-head spend -> grade,
privileges and their cost, yellow and red alerts.

Layers: ``model`` (grade table, attendance, grading, privileges and their cost, alerts; it calls
chapter 3's rule-based grading and chapter 7's programme ROI), ``views``, ``widgets``.
"""
