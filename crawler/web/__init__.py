"""`tollwatch serve`: the read-only web page and JSON API (app, api, pages), the chart drawn once for the page and
`tollwatch plot` (chart), and the templates and assets shipped in the package. Nothing is loaded from the internet.
"""
