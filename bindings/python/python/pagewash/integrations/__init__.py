"""Adapters for data-pipeline frameworks (``pagewash.integrations.datatrove``)."""
