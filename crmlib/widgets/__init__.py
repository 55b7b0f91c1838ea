"""Thin widget dashboards: each module wires controls to a pure crmlib function."""
