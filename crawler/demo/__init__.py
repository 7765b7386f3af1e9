"""`tollwatch demo`: a scripted replay of the March 2025 Syrian coast reporting, served locally."""
