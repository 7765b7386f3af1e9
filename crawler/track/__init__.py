"""Tracking: figures and statements of each new item_version → series, change events and outbox rows.

series.py and changes.py are pure (records in, records out); record.py is the one transaction.
"""
