"""Scrapy plumbing, named as in Scrapy's project template: settings, pipelines, the in-process runner."""
