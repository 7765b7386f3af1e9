"""Alerts: outbox → rendered message → channel (email, Slack). Imports storage only, never crawler."""
